"""Read-only views of what the jobs produced, and the weekly-report subscriptions (the schedules themselves are
django-celery-beat's "Periodic tasks", editable in the same admin)."""

from django.contrib import admin

from access.admin import RestrictedAdmin
from reports.models import JobRun, Notification, ProjectSnapshot, Report, Subscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(RestrictedAdmin, ReadOnlyAdmin):
    list_display = ["__str__", "kind", "period", "project", "state", "generated_at"]
    list_filter = ["kind", "state"]
    search_fields = ["period", "project__code"]
    list_select_related = ["project"]
    exclude = ["content"]


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ["kind", "period", "scope", "state", "attempts", "queued_at", "started_at", "finished_at"]
    list_filter = ["kind", "state"]
    search_fields = ["period", "scope", "task_id"]


@admin.register(ProjectSnapshot)
class ProjectSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["project", "day", "progress", "rag", "health", "milestones_overdue"]
    list_filter = ["day", "health"]
    list_select_related = ["project"]
    search_fields = ["project__code"]
    date_hierarchy = "day"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["kind", "key", "recipient", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    search_fields = ["key", "recipient__username"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
