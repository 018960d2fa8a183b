from django import forms
from django.utils.translation import gettext_lazy as _

from core.reviewed import ReviewState
from money.models import BudgetPlan, CostCategory, Execution, PlanLine
from money.services import MAX_WON, PlanPart


def _won(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=MAX_WON, initial=0,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}))  # fmt: skip


class ExecutionForm(forms.Form):
    """A quarter's year-to-date figures for one's organization, spending per cost category in use."""

    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)], coerce=int)
    government_received_krw = _won(_("Government money received so far this year (KRW)"))
    private_cash_krw = _won(_("Private cash put in so far (KRW)"))
    private_in_kind_krw = _won(_("In-kind contributions so far (KRW)"))
    overspend_reason = forms.CharField(
        label=_("Why more was spent than came in"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when spending passes the money received and the private cash."),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, categories: list[CostCategory], **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            self.fields[f"spent_{category.code}"] = _won(_("Spent on %(category)s so far (KRW)") % {
                "category": category.name})  # fmt: skip

    def spent(self) -> dict[str, int]:
        return {c.code: self.cleaned_data[f"spent_{c.code}"] for c in self.categories}

    @staticmethod
    def initial_from(execution: Execution) -> dict:
        spent = {f"spent_{line.category.code}": line.spent_krw for line in execution.lines.all()}
        fields = ("quarter", "government_received_krw", "private_cash_krw", "private_in_kind_krw", "overspend_reason",
                  "version")  # fmt: skip
        return {f: getattr(execution, f) for f in fields} | spent


class PlanForm(forms.Form):
    """A fiscal year's draft plan: for each participating organization and cost category in use, the government
    grant, private cash and private in-kind amounts (totals are their sums); a reason from the second revision."""

    AMOUNTS = (("grant", "government_grant_krw"), ("cash", "private_cash_krw"), ("kind", "private_in_kind_krw"))

    reason = forms.CharField(
        label=_("Reason for the revision"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed once a plan for the year has been accepted: say why it changes."),
    )  # fmt: skip

    # the open plan's version as read, 0 when there was none (services.save_plan refuses a plan changed since)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, organizations, categories: list[CostCategory], **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = []  # (organization, category, [bound fields]) in table order
        for organization in organizations:
            for category in categories:
                names = [f"{short}_{organization.pk}_{category.code}" for short, _field in self.AMOUNTS]
                for name, (_short, field) in zip(names, self.AMOUNTS, strict=True):
                    self.fields[name] = _won(PlanLine._meta.get_field(field).verbose_name)
                    self.fields[name].required = False
                self.cells.append((organization, category, names))

    def rows(self):
        """The table's rows: organization, category and the three bound fields."""
        return [(organization, category, [self[name] for name in names])
                for organization, category, names in self.cells]  # fmt: skip

    def parts(self) -> list[PlanPart]:
        """The lines with any amount (a line of zeros is left out)."""
        parts = []
        for organization, category, names in self.cells:
            amounts = [self.cleaned_data.get(name) or 0 for name in names]
            if any(amounts):
                parts.append(PlanPart(organization.pk, category.code, *amounts))
        return parts

    @classmethod
    def initial_from(cls, plan: BudgetPlan | None) -> dict:
        if plan is None:
            return {}
        initial = {"reason": plan.reason if plan.state != ReviewState.ACCEPTED else ""}
        for line in plan.lines.all():
            for short, field in cls.AMOUNTS:
                initial[f"{short}_{line.organization_id}_{line.category.code}"] = getattr(line, field)
        return initial
