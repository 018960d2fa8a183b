from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import periods
from opendata.services import NOTE_MAX_LENGTH


class PublishForm(forms.Form):
    period = forms.CharField(
        label=_("Month"), max_length=7, help_text=_("The reporting month to publish, like 2026-10.")
    )
    ratings = forms.BooleanField(
        label=_("Publish the self-reported ratings (RAG)"),
        required=False,
        help_text=_("Left unticked, the public sees progress, milestones and indicators but no ratings."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a correction of a month already published: say what it corrects."),
    )

    def clean_period(self):
        try:
            return periods.parse(periods.MONTH, self.cleaned_data["period"]).start
        except ValidationError as error:
            raise ValidationError(error.messages) from None
