from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from access.admin import RestrictedAdmin
from core.reviewed import ReviewState
from core.versioned_admin import VersionedAdmin, VersionedAdminForm
from projects import services
from projects.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    ParticipantRole,
    PolicyBarrier,
    Project,
    ProjectParticipant,
    StatusUpdate,
)


class ParticipantInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        leads = [
            form.cleaned_data["organization"]
            for form in self.forms
            if form.cleaned_data.get("role") == ParticipantRole.LEAD and not form.cleaned_data.get("DELETE")
        ]
        lead_organization = self.instance.lead_organization if self.instance.lead_organization_id else None
        if len(leads) > 1 or any(lead != lead_organization for lead in leads):
            raise ValidationError(_("A project has exactly one lead: its lead organization."))


class ParticipantInline(admin.TabularInline):
    model = ProjectParticipant
    formset = ParticipantInlineFormSet
    autocomplete_fields = ["organization"]
    extra = 0


class MilestoneInline(admin.TabularInline):
    """New milestones are added here; existing ones change on their own admin page (versioned) or the portal's."""

    model = Milestone
    fields = ["order", "title_ko", "title_en", "weight", "baseline_date", "forecast_date", "completed_date", "status"]
    extra = 0
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return False


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ["name_ko", "name_en", "unit", "baseline_value", "baseline_date", "target_value", "target_date"]
    extra = 0


class ProjectAdminForm(VersionedAdminForm):
    class Meta:
        model = Project
        fields = [
            "code",
            "title_ko",
            "title_en",
            "summary_ko",
            "summary_en",
            "area",
            "lead_organization",
            "phase",
            "start_date",
            "end_date",
            "government_budget_krw",
            "private_budget_krw",
            "visibility",
        ]


@admin.register(Project)
class ProjectAdmin(RestrictedAdmin, SimpleHistoryAdmin):
    form = ProjectAdminForm
    list_display = ["code", "title_ko", "title_en", "area", "phase", "lead_organization", "start_date", "end_date"]
    list_filter = ["area", "phase", "visibility", "lead_organization__tier"]
    search_fields = ["code", "title_ko", "title_en", "lead_organization__name_ko", "lead_organization__name_en"]
    list_select_related = ["lead_organization"]
    autocomplete_fields = ["lead_organization"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [ParticipantInline, MilestoneInline, IndicatorInline]

    def save_model(self, request, obj, form, change):
        if change:
            services.update_project(obj, expected_version=form.cleaned_data["expected_version"])
        else:
            services.create_project(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.sync_lead_participant(form.instance)


@admin.register(Milestone)
class MilestoneAdmin(RestrictedAdmin, VersionedAdmin, SimpleHistoryAdmin):
    rule_fields = ("forecast_date", "status", "completed_date")  # a slip needs a reason: the milestone page
    list_display = ["project", "order", "title_ko", "status", "baseline_date", "forecast_date", "completed_date"]
    list_filter = ["status", "project__area"]
    search_fields = ["project__code", "title_ko", "title_en"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(RestrictedAdmin, VersionedAdmin, SimpleHistoryAdmin):
    rule_fields = ("project", "period", "state", "author", "reviewer", "review_comment", "submitted_at", "reviewed_at")
    list_display = ["project", "period", "state", "rag", "progress_percent", "author", "reviewer"]
    list_filter = ["state", "rag", "period", "project__area"]
    search_fields = ["project__code", "project__title_ko", "project__title_en", "achievements"]
    list_select_related = ["project", "author", "reviewer"]
    autocomplete_fields = ["project", "author", "reviewer"]
    date_hierarchy = "period"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state == ReviewState.ACCEPTED:  # frozen: corrections are a new update
            return [field.name for field in self.model._meta.fields]
        return super().get_readonly_fields(request, obj)

    def has_add_permission(self, request):
        return False  # updates are written by the participants, on the portal


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(RestrictedAdmin, SimpleHistoryAdmin):
    list_display = ["project", "name_ko", "name_en", "unit", "baseline_value", "target_value", "target_date"]
    list_filter = ["project__area"]
    search_fields = ["project__code", "name_ko", "name_en"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    inlines = [IndicatorValueInline]


@admin.register(PolicyBarrier)
class PolicyBarrierAdmin(RestrictedAdmin, VersionedAdmin, SimpleHistoryAdmin):
    rule_fields = ("status", "resolution_note", "resolved_on")  # closing needs a note: the barrier page
    list_display = ["title_ko", "title_en", "status", "raised_by", "responsible_agency", "resolved_on"]
    list_filter = ["status", "raised_by__tier"]
    search_fields = ["title_ko", "title_en", "regulation", "responsible_agency", "description"]
    list_select_related = ["raised_by"]
    autocomplete_fields = ["raised_by", "projects"]
