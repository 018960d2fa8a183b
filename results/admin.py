"""Results and lessons, read-only and as the policy lets the administrator see them: they are written and reviewed
on the portal's pages and in the API, through ``results.services`` and the shared review (four eyes, frozen once
accepted). Contact requests are between member companies: not here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from access.admin import RestrictedAdmin
from core.admin import ReadOnlyAdmin
from results.models import Lesson, Result


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin, RestrictedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "project", "owner", "achieved_on", "reach", "state"]
    list_filter = ["state", "kind", "reach", "project__area"]
    search_fields = ["title", "project__code", "owner__name_ko", "owner__name_en"]
    list_select_related = ["project", "owner"]


@admin.register(Lesson)
class LessonAdmin(ReadOnlyAdmin, RestrictedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "project", "technology", "reach", "state"]
    list_filter = ["state", "reach", "project__area"]
    search_fields = ["title", "technology", "project__code"]
    list_select_related = ["project"]
