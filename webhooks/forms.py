from django import forms
from django.utils.translation import gettext_lazy as _

from webhooks import payloads
from webhooks.models import URL_MAX_LENGTH, Endpoint


class EndpointForm(forms.ModelForm):
    """URL, format, events, description and the active flag; the services check the URL and the events (one rule)."""

    url = forms.CharField(
        label=_("URL"),
        max_length=URL_MAX_LENGTH,
        help_text=_("Where the portal POSTs each event: https, on port 443, at a public address."),
    )
    event_types = forms.MultipleChoiceField(label=_("Events"), widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = Endpoint
        fields = ["url", "format", "description", "event_types", "is_active"]
        widgets = {"format": forms.RadioSelect}
        help_texts = {
            "format": _(
                "A chat channel (Slack, Teams, or a plain JSON receiver such as KakaoWork or JANDI) gets each event as "
                "a message in its own format, saying no more than you may see; paste the channel's incoming-webhook "
                "URL above."
            )
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_types"].choices = [(t.value, t.label) for t in payloads.offered_types(owner)]
        self.fields["format"].required = False  # left out: the endpoint keeps its format (a new one: the envelope)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]


class ReplayForm(forms.Form):
    since = forms.DateTimeField(
        label=_("Send again every event since"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
