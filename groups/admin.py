from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from groups.models import ActionItem, Meeting, Minutes, WorkingGroup


@admin.register(WorkingGroup)
class WorkingGroupAdmin(SimpleHistoryAdmin):
    list_display = ("name_ko", "name_en", "chair", "liaison", "is_open", "publishes_minutes")
    search_fields = ("name_ko", "name_en", "slug")
    filter_horizontal = ("members", "barriers", "projects")
    autocomplete_fields = ("chair", "liaison")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "group", "starts_at")
    list_filter = ("group",)
    readonly_fields = ("version",)


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    """Read here; written and approved on the meeting's page (four eyes, frozen once approved)."""

    list_display = ("meeting", "state", "author", "reviewer")
    list_filter = ("state",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ("title", "group", "due_date", "status")
    list_filter = ("status", "group")
