"""Money: what each project was granted (budget plans per fiscal year), and what each participant received, spent
and contributed (quarterly executions, year to date).

Amounts are whole won (``PositiveBigIntegerField``); no float is on the money path. Cost categories are data
(``CostCategory``), not code. A plan's parts — per participating organization and category — add up to its totals,
and an execution's spending per category to its total: the services compute the totals from the parts, and a
deferred trigger checks it at commit for any other writer (migration 0002). Plans and executions are reviewed work
(``core.reviewed``), frozen once accepted with their lines (migration 0005): a plan then changes by a new revision
with a reason.

Executions are **quarterly and year to date** (누계): government R&D programmes pay grants in quarterly tranches and
report execution quarterly, and year-to-date figures make "spent never exceeds what came in" one row's rule.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.i18n import localized
from core.reviewed import Reviewed, review_constraints
from members.models import Organization
from projects.models import Project

Won = models.PositiveBigIntegerField


class CostCategory(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("cost category")
        verbose_name_plural = _("cost categories")
        ordering = ("order", "code")

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return localized(self, "name")


class BudgetPlan(Reviewed):
    """One revision of a project's budget for a fiscal year. Revision 1 is the first plan; each later revision
    replaces the accepted one before it and says why. Reviewed work (``core.reviewed``): drafted and submitted by
    those who change the project, accepted or returned by a ministry administrator who wrote none of it."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="budget_plans")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    revision = models.PositiveSmallIntegerField(_("revision"))
    government_grant_krw = Won(_("government grant (KRW)"), default=0)
    private_cash_krw = Won(_("private cash (KRW)"), default=0)
    private_in_kind_krw = Won(_("private in kind (KRW)"), default=0)
    reason = models.TextField(_("reason for the revision"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget plan")
        verbose_name_plural = _("budget plans")
        ordering = ("project", "fiscal_year", "-revision")
        constraints = [
            models.UniqueConstraint(fields=("project", "fiscal_year", "revision"), name="money_one_revision"),
            models.UniqueConstraint(
                fields=("project", "fiscal_year"), condition=~Q(state="accepted"), name="money_one_open_plan"
            ),
            *review_constraints("money_plan"),
            models.CheckConstraint(condition=Q(revision=1) | ~Q(reason=""), name="money_revision_has_reason"),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100), name="money_plan_fiscal_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.fiscal_year} r{self.revision}"

    @property
    def total_krw(self) -> int:
        return self.government_grant_krw + self.private_cash_krw + self.private_in_kind_krw

    def review_subject(self, verdict: str) -> str:
        return _("%(code)s budget plan for %(year)d, revision %(revision)d, was %(verdict)s") % {
            "code": self.project.code,
            "year": self.fiscal_year,
            "revision": self.revision,
            "verdict": verdict,
        }

    def on_accept(self) -> None:
        from money import figures

        figures.refresh([self.project_id])

    def contributor_ids(self) -> set[int]:
        """Whoever saved the plan wrote some of it: a save replaces its lines (kept in no history) and its totals
        with them, so a save counts even when the totals stay. Every recorded save that did not move the state
        is one (submitting and deciding move it)."""
        contributors = {self.author_id}
        before = None
        for user_id, state in self.history.order_by("history_id").values_list("history_user_id", "state"):
            if state == before or before is None:
                contributors.add(user_id)
            before = state
        return contributors - {None}


class PlanLine(models.Model):
    """A participant's share of a plan in one cost category."""

    plan = models.ForeignKey(BudgetPlan, on_delete=models.CASCADE, related_name="lines")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(CostCategory, on_delete=models.PROTECT, related_name="+")
    government_grant_krw = Won(_("government grant (KRW)"), default=0)
    private_cash_krw = Won(_("private cash (KRW)"), default=0)
    private_in_kind_krw = Won(_("private in kind (KRW)"), default=0)

    class Meta:
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        constraints = [models.UniqueConstraint(fields=("plan", "organization", "category"), name="money_one_plan_line")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.organization_id} · {self.category_id}"


class Execution(Reviewed):
    """A participant's money in a project for a fiscal year up to the end of a quarter (year to date): government
    money received, private cash put in, in-kind contributions, and what was spent (by category, in its lines).
    Reviewed work (``core.reviewed``)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="executions")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    government_received_krw = Won(_("government money received (KRW)"), default=0)
    private_cash_krw = Won(_("private cash put in (KRW)"), default=0)
    private_in_kind_krw = Won(_("in-kind contributions (KRW)"), default=0)
    spent_krw = Won(_("spent (KRW)"), default=0)
    overspend_reason = models.TextField(_("why more was spent than came in"), blank=True)
    history = HistoricalRecords()

    SLOT = "money_one_execution"

    class Meta:
        verbose_name = _("execution")
        verbose_name_plural = _("executions")
        ordering = ("project", "fiscal_year", "quarter", "organization")
        constraints = [
            models.UniqueConstraint(
                fields=("project", "organization", "fiscal_year", "quarter"), name="money_one_execution"
            ),
            *review_constraints("money_execution"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="money_quarter"),
            models.CheckConstraint(
                condition=Q(spent_krw__lte=F("government_received_krw") + F("private_cash_krw"))
                | ~Q(overspend_reason=""),
                name="money_spent_within_funds",
            ),
        ]
        indexes = [models.Index(fields=("fiscal_year", "quarter", "state"), name="money_execution_period")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.fiscal_year} Q{self.quarter}"

    @property
    def funds_krw(self) -> int:
        """What came in to spend: government money received and private cash."""
        return self.government_received_krw + self.private_cash_krw

    def review_subject(self, verdict: str) -> str:
        return _("%(code)s execution for %(year)d Q%(quarter)d was %(verdict)s") % {
            "code": self.project.code,
            "year": self.fiscal_year,
            "quarter": self.quarter,
            "verdict": verdict,
        }

    def on_accept(self) -> None:
        from money import figures

        figures.refresh([self.project_id])


class ExecutionLine(models.Model):
    execution = models.ForeignKey(Execution, on_delete=models.CASCADE, related_name="lines")
    category = models.ForeignKey(CostCategory, on_delete=models.PROTECT, related_name="+")
    spent_krw = Won(_("spent (KRW)"), default=0)

    class Meta:
        verbose_name = _("execution line")
        verbose_name_plural = _("execution lines")
        constraints = [models.UniqueConstraint(fields=("execution", "category"), name="money_one_execution_line")]

    def __str__(self) -> str:
        return f"{self.execution} · {self.category_id}"
