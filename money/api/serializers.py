from rest_framework import serializers

from alliance_portal.api.serializers import StrictSerializer
from money.models import BudgetPlan, Execution, PlanLine
from money.services import MAX_WON


def won(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=MAX_WON, **kwargs)


class PlanLineSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PlanLine
        fields = ["organization", "category", "government_grant_krw", "private_cash_krw", "private_in_kind_krw"]


class BudgetPlanSerializer(serializers.ModelSerializer):
    """A revision of a project's budget for a fiscal year; its totals are the sums of its lines."""

    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    lines = PlanLineSerializer(many=True, read_only=True)

    class Meta:
        model = BudgetPlan
        fields = [
            "id", "project", "fiscal_year", "revision", "state", "government_grant_krw", "private_cash_krw",
            "private_in_kind_krw", "reason", "lines", "author", "submitted_at", "reviewer", "review_comment",
            "reviewed_at", "version", "updated_at",
        ]  # fmt: skip


class PlanLineInput(StrictSerializer):
    organization = serializers.SlugField(help_text="The organization's slug; it must take part in the project.")
    category = serializers.SlugField(help_text="A cost category's code (personnel, equipment, …).")
    government_grant_krw = won(default=0)
    private_cash_krw = won(default=0)
    private_in_kind_krw = won(default=0)


class PlanInput(StrictSerializer):
    """The open plan of a project and fiscal year (a new draft, or the lines of a draft or returned one replaced)."""

    project = serializers.CharField(max_length=8)
    fiscal_year = serializers.IntegerField(min_value=2000, max_value=2100)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    lines = PlanLineInput(many=True, allow_empty=False, max_length=500)
    version = serializers.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1,
        help_text="The open plan's version as you read it (0: there was none); a plan changed since is refused "
        "(412). Without it, the open plan is replaced.",
    )  # fmt: skip


class ExecutionSerializer(serializers.ModelSerializer):
    """A participant's money in a project for a fiscal year up to the end of a quarter (year to date)."""

    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    spent = serializers.SerializerMethodField(help_text="Spent per cost category code, in won.")

    class Meta:
        model = Execution
        fields = [
            "id", "project", "organization", "fiscal_year", "quarter", "state", "government_received_krw",
            "private_cash_krw", "private_in_kind_krw", "spent_krw", "spent", "overspend_reason", "author",
            "submitted_at", "reviewer", "review_comment", "reviewed_at", "version", "updated_at",
        ]  # fmt: skip

    def get_spent(self, execution) -> dict[str, int]:
        return {line.category.code: line.spent_krw for line in execution.lines.all()}


class ExecutionFigures(StrictSerializer):
    government_received_krw = won()
    private_cash_krw = won()
    private_in_kind_krw = won()
    overspend_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    spent = serializers.DictField(child=won(), allow_empty=True, help_text="Spent per cost category code, in won.")


class ExecutionInput(ExecutionFigures):
    project = serializers.CharField(max_length=8)
    organization = serializers.SlugField(help_text="Your organization's slug (ministry administrators: any).")
    fiscal_year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)
