from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from access.admin import RestrictedAdmin
from core.admin import ReadOnlyAdmin
from documents.models import Document, DocumentVersion


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    fields = ["number", "name", "size", "sha256", "content_type", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin, RestrictedAdmin, SimpleHistoryAdmin):
    """Read-only: documents are filed, replaced and deleted on the portal's pages and API (the services' rules)."""

    list_display = ["name", "attached_to", "project", "folder", "confidential", "uploaded_by", "deleted_at"]
    list_filter = ["attached_to", "folder", "confidential"]
    search_fields = ["name", "project__code"]
    list_select_related = ["project", "uploaded_by"]
    inlines = [VersionInline]
