from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import periods
from reports.models import JobKind
from reports.tasks import JOB_UNITS, TASKS


class GenerateForm(forms.Form):
    """What a ministry administrator may run from /reports/: any scheduled job, for the default or a chosen period."""

    job = forms.ChoiceField(label=_("Job"), choices=[(kind, JobKind(kind).label) for kind in TASKS])
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=10,
        help_text=_("Empty for the latest: today, last week (2026-W48) or last month (2026-11)."),
    )

    def clean(self):
        data = super().clean()
        if "job" not in data:
            return data
        try:
            data["period"] = periods.chosen(JOB_UNITS[data["job"]], data.get("period"), timezone.localdate())
        except ValidationError as error:
            raise ValidationError({"period": error}) from None
        return data
