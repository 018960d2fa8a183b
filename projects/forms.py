from django import forms
from django.utils.translation import gettext_lazy as _

from core.pages import VersionedForm
from projects.models import (
    NARRATIVE_MAX_LENGTH,
    BarrierStatus,
    IndicatorValue,
    Milestone,
    MilestoneStatus,
    PolicyBarrier,
    StatusUpdate,
)


class StatusUpdateForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = StatusUpdate
        fields = ["rag", "progress_percent", "achievements", "risks_and_issues", "next_steps", "support_requested"]
        widgets = {
            "rag": forms.RadioSelect,
            "progress_percent": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "achievements": forms.Textarea(attrs={"rows": 4, "maxlength": NARRATIVE_MAX_LENGTH}),
            "risks_and_issues": forms.Textarea(attrs={"rows": 3, "maxlength": NARRATIVE_MAX_LENGTH}),
            "next_steps": forms.Textarea(attrs={"rows": 3, "maxlength": NARRATIVE_MAX_LENGTH}),
            "support_requested": forms.Textarea(attrs={"rows": 2, "maxlength": NARRATIVE_MAX_LENGTH}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def narrative(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MilestoneForm(VersionedForm):
    forecast_date = forms.DateField(label=_("Forecast date"), widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)
    completed_date = forms.DateField(
        label=_("Completed date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the forecast moves past the baseline date."),
    )

    def __init__(self, *args, milestone: Milestone, **kwargs):
        initial = {
            "forecast_date": milestone.forecast_date,
            "status": milestone.status,
            "completed_date": milestone.completed_date,
            "version": milestone.version,
        }
        super().__init__(*args, initial=initial, **kwargs)


class IndicatorValueForm(forms.ModelForm):
    period = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("The month the value was measured in."),
    )

    class Meta:
        model = IndicatorValue
        fields = ["period", "actual_value", "note"]

    def clean_period(self):
        return self.cleaned_data["period"].replace(day=1)


class PolicyBarrierForm(forms.ModelForm):
    class Meta:
        model = PolicyBarrier
        fields = ["title_ko", "title_en", "description", "regulation", "responsible_agency", "projects"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "projects": forms.CheckboxSelectMultiple}

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = projects
        self.fields["projects"].required = True
        self.fields["title_en"].required = False


class BarrierStatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=BarrierStatus.choices)
    resolution_note = forms.CharField(
        label=_("Resolution note"),
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
