from django import forms
from django.utils.translation import gettext_lazy as _

from money.models import CostCategory, Execution
from money.services import MAX_WON


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
