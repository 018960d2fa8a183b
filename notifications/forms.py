from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications import kinds, saved
from notifications.models import Delivery, DigestTime, SavedView


class PreferencesForm(forms.Form):
    """How one hears of each kind of notification, and when the digests go out."""

    hour = forms.TypedChoiceField(
        label=_("Digest time"), coerce=int, choices=[(h, f"{h:02d}:00") for h in range(24)],
        help_text=_("Daily digests go out at this hour (Korea time), weekly ones on the day below."),
    )  # fmt: skip
    weekday = forms.TypedChoiceField(label=_("Weekly digest day"), coerce=int, choices=DigestTime.Weekday.choices)

    def __init__(self, *args, deliveries: dict[str, str], digest_time: DigestTime, **kwargs):
        initial = {f"kind_{k}": v for k, v in deliveries.items()} | {
            "hour": digest_time.hour, "weekday": digest_time.weekday,
        }  # fmt: skip
        super().__init__(*args, initial=initial, **kwargs)
        for kind, label in kinds.CHOICES:
            self.fields[f"kind_{kind}"] = forms.ChoiceField(label=label, choices=Delivery.choices)
        self.order_fields([f"kind_{k}" for k, _label in kinds.CHOICES])

    def deliveries(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"kind_{kind}"] for kind, _label in kinds.CHOICES}


class SavedViewForm(forms.Form):
    """Save the list's current filters under a name."""

    name = forms.CharField(label=_("Name"), max_length=80)
    shared = forms.BooleanField(label=_("Share with my organization"), required=False)
    notify = forms.BooleanField(label=_("Notify me when this view changes"), required=False)
    list = forms.ChoiceField(choices=SavedView.List.choices, widget=forms.HiddenInput)
    query = forms.CharField(max_length=1000, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        if "list" in data and "query" in data:
            try:
                data["query"] = saved.clean_query(data["list"], data["query"], self.user)
            except ValueError:
                raise forms.ValidationError(_("These filters cannot be saved: apply valid filters first.")) from None
        return data
