from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from access.fields import shown
from alliance_portal.api.serializers import LeanReadSerializer, StrictModelSerializer, StrictSerializer
from projects import health
from projects.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneStatus,
    PolicyBarrier,
    Project,
    ProjectParticipant,
    Rag,
    StatusUpdate,
)


class ParticipantSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ProjectParticipant
        fields = ["organization", "role"]


@extend_schema_field(ParticipantSerializer(many=True))
class ParticipantListField(serializers.ReadOnlyField):
    """The participants as the project query already shaped them: ``[{"organization": slug, "role": role}]``."""


class ProjectSerializer(LeanReadSerializer, serializers.ModelSerializer):
    """Budgets appear only for ministry staff and the project's participants (the field map, ``access.fields``).
    Partners see open-data projects only."""

    lead_organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    participants = ParticipantListField(source="participant_list")
    progress = serializers.IntegerField(read_only=True)
    current_rag = serializers.ChoiceField(choices=Rag.choices, read_only=True, allow_null=True)
    last_accepted_period = serializers.DateField(read_only=True, allow_null=True)
    ethics_checked_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="When the project's AI-ethics check against the checklist in force was accepted (null: none).",
    )
    health = serializers.ChoiceField(choices=Rag.choices, read_only=True)
    health_reasons = serializers.SerializerMethodField()
    overdue_milestones = serializers.IntegerField(read_only=True)
    government_budget_krw = serializers.IntegerField(read_only=True, required=False)
    private_budget_krw = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Project
        fields = [
            "code", "title_ko", "title_en", "summary_ko", "summary_en", "area", "phase", "lead_organization",
            "participants", "start_date", "end_date", "visibility", "progress", "current_rag", "last_accepted_period",
            "ethics_checked_on", "health", "health_reasons", "overdue_milestones", "government_budget_krw",
            "private_budget_krw", "version", "updated_at",
        ]  # fmt: skip
        row_inputs = health.REASON_INPUTS  # for the list's database-built rows (alliance_portal.api.database_json)

    def get_health_reasons(self, project) -> list[str]:
        return health.reasons(project)

    def to_representation(self, project):
        return shown(super().to_representation(project), project.audience, Project)


class MilestoneSerializer(StrictModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    slippage_days = serializers.IntegerField(read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=500)

    class Meta:
        model = Milestone
        fields = [
            "id", "project", "order", "title_ko", "title_en", "deliverable", "weight", "baseline_date",
            "forecast_date", "completed_date", "status", "slippage_days", "reason", "version", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "id", "order", "title_ko", "title_en", "deliverable", "weight", "baseline_date", "version", "updated_at",
        ]  # fmt: skip


class MilestoneChangeSerializer(StrictSerializer):
    """What a member editor may change on a milestone."""

    forecast_date = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=MilestoneStatus.choices, required=False)
    completed_date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class StatusUpdateSerializer(StrictModelSerializer):
    """Risk narratives, support requests, the review comment and the reviewer appear only for ministry staff and the
    project's participants (the field map, ``access.fields``)."""

    project = serializers.SlugRelatedField(slug_field="code", queryset=Project.objects.all())
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = StatusUpdate
        fields = [
            "id", "project", "period", "state", "rag", "progress_percent", "achievements", "risks_and_issues",
            "next_steps", "support_requested", "author", "reviewer", "review_comment", "submitted_at", "reviewed_at",
            "version", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "id", "period", "state", "author", "reviewer", "review_comment", "submitted_at", "reviewed_at", "version",
            "updated_at",
        ]  # fmt: skip

    def to_representation(self, update):
        return shown(super().to_representation(update), update.audience, StatusUpdate)


class StatusUpdateChangeSerializer(StatusUpdateSerializer):
    class Meta(StatusUpdateSerializer.Meta):
        read_only_fields = [*StatusUpdateSerializer.Meta.read_only_fields, "project"]


class IndicatorValueSerializer(StrictModelSerializer):
    period = serializers.DateField(input_formats=["%Y-%m", "%Y-%m-%d"])

    class Meta:
        model = IndicatorValue
        fields = ["period", "actual_value", "note", "updated_at"]
        read_only_fields = ["updated_at"]


class IndicatorSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id", "project", "name_ko", "name_en", "unit", "baseline_value", "baseline_date", "target_value",
            "target_date", "values", "updated_at",
        ]  # fmt: skip


class PolicyBarrierSerializer(serializers.ModelSerializer):
    raised_by = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    projects = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = PolicyBarrier
        fields = [
            "id", "title_ko", "title_en", "description", "regulation", "responsible_agency", "status", "raised_by",
            "projects", "resolution_note", "resolved_on", "version", "updated_at",
        ]  # fmt: skip


class PortfolioSummarySerializer(serializers.Serializer):
    """The dashboard's figures over the projects the caller may see: counts by area, phase, latest accepted RAG
    (``none``: never rated) and computed health, with the milestone, update and barrier tiles."""

    as_of = serializers.DateField()
    projects = serializers.IntegerField(min_value=0)
    by_area = serializers.DictField(child=serializers.IntegerField(min_value=0))
    by_phase = serializers.DictField(child=serializers.IntegerField(min_value=0))
    by_rag = serializers.DictField(child=serializers.IntegerField(min_value=0))
    by_health = serializers.DictField(child=serializers.IntegerField(min_value=0))
    milestones_due_30_days = serializers.IntegerField(min_value=0, source="due_soon")
    overdue_milestones = serializers.IntegerField(min_value=0, source="overdue")
    missing_updates = serializers.IntegerField(min_value=0)
    open_policy_barriers = serializers.IntegerField(min_value=0, source="open_barriers")

    def to_representation(self, tiles):
        return super().to_representation({**tiles, "by_rag": {rag or "none": n for rag, n in tiles["by_rag"].items()}})
