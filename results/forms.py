from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.pages import VersionedForm
from results.choices import ContactState, Reach
from results.details import DETAILS
from results.models import TEXT_MAX_LENGTH

DETAIL_PREFIX = "detail_"


def _text(label, required=True, rows=3):
    return forms.CharField(
        label=label, required=required, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": rows})
    )


class _WorkForm(VersionedForm):
    """A result's or lesson's content; a new one carries no version yet."""

    def __init__(self, *args, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = not new


class ResultForm(_WorkForm):
    """A result of one kind: what every result has, then the kind's own fields (``results.details``)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = _text(_("Summary"), required=False)
    owner = forms.ModelChoiceField(label=_("Owner organization"), queryset=None)
    achieved_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    reach = forms.ChoiceField(
        label=_("Visible to"), choices=Reach.choices, initial=Reach.ALLIANCE,
        help_text=_("Once accepted. The project's participants and the ministry always see it."),
    )  # fmt: skip

    evidence = forms.ModelMultipleChoiceField(
        label=_("Evidence"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Documents of the project's library that show the result."),
    )  # fmt: skip

    def __init__(self, *args, kind: str, organizations, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organizations
        self.fields["evidence"].queryset = documents
        self.detail_names = []
        for detail in DETAILS[kind]:
            self.fields[DETAIL_PREFIX + detail.name] = detail.form_field()
            self.detail_names.append(detail.name)

    def content(self) -> dict:
        """The cleaned values by the model's field names (``details`` gathered)."""
        data = self.cleaned_data
        fields = {name: data[name] for name in ("title", "summary", "owner", "achieved_on", "reach")}
        fields["details"] = {name: data[DETAIL_PREFIX + name] for name in self.detail_names}
        return fields


class LessonForm(_WorkForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    context = _text(_("Context"))
    tried = _text(_("What was tried"))
    worked = _text(_("What worked"), required=False)
    did_not_work = _text(_("What did not work"), required=False)
    advice = _text(_("Advice"))
    technology = forms.CharField(label=_("Technology"), max_length=100, required=False)
    barrier = forms.ModelChoiceField(label=_("Policy barrier"), queryset=None, required=False)
    reach = forms.ChoiceField(label=_("Visible to"), choices=Reach.choices, initial=Reach.ALLIANCE)

    def __init__(self, *args, barriers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["barrier"].queryset = barriers

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class AskForm(forms.Form):
    message = forms.CharField(
        label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The owner organization's editors read it and accept or decline; addresses are exchanged only "
                    "when they accept."),
    )  # fmt: skip


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (ContactState.ACCEPTED, pgettext_lazy("contact request", "Accept")),
            (ContactState.DECLINED, _("Decline")),
        ],
        widget=forms.HiddenInput,
    )
