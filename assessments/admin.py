"""Ministry administrators edit the AI-ethics checklist here: a draft version with its questions, published (then
read-only, also in the database) or copied into the next draft by an action. Assessments are filled in and
reviewed on the portal's pages; the admin shows them read-only."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from access.admin import RestrictedAdmin
from assessments import services
from assessments.models import Assessment, Checklist, Question


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["stage", "order", "consideration", "text_ko", "text_en"]
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Checklist)
class ChecklistAdmin(RestrictedAdmin, SimpleHistoryAdmin):
    list_display = ["number", "title_ko", "title_en", "published_at"]
    readonly_fields = ["published_at", "created_at", "updated_at"]
    inlines = [QuestionInline]
    actions = ["publish", "draft_next_version"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or not obj.is_published)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.is_published)

    @admin.action(description=_("Publish the selected draft (it cannot be changed afterwards)"))
    def publish(self, request, queryset):
        for checklist in queryset.order_by("number"):
            try:
                services.publish_checklist(checklist)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return
            self.message_user(request, _("Version %(number)d published.") % {"number": checklist.number})

    @admin.action(description=_("Draft the next version from the selected one"))
    def draft_next_version(self, request, queryset):
        drafts = [services.draft_next_version(checklist) for checklist in queryset.order_by("number")]
        self.message_user(
            request,
            ngettext("%(n)d new draft version.", "%(n)d new draft versions.", len(drafts)) % {"n": len(drafts)},
        )


@admin.register(Assessment)
class AssessmentAdmin(RestrictedAdmin, SimpleHistoryAdmin):
    list_display = ["project", "checklist", "state", "author", "submitted_at", "reviewer", "reviewed_at"]
    list_filter = ["state", "checklist", "project__area"]
    search_fields = ["project__code", "project__title_ko", "project__title_en"]
    list_select_related = ["project", "checklist", "author", "reviewer"]

    def has_add_permission(self, request):
        return False  # filled in by the participants, on the portal

    def has_change_permission(self, request, obj=None):
        return False  # reviewed on the portal's pages, through the services
