"""The admin's edits of versioned objects follow the pages' rules: a stale edit is refused with the same message
(and what the other person changed), a fresh one bumps the version (so API clients' ETags change) and lands in the
history. Fields whose changes carry a rule (a slip's reason, a barrier's resolution note, the review workflow) are
read-only here: they change on the portal's pages, through the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from core.versions import StaleVersion, save_if_current


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the administrator read; ``clean`` refuses the form when the object moved on since."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            model = type(self.instance)
            if cleaned.get("expected_version") != model._default_manager.get(pk=self.instance.pk).version:
                raise ValidationError(StaleVersion(self.instance, cleaned.get("expected_version") or 0).explained())
        return cleaned


class VersionedAdmin:
    """A ModelAdmin mixin: saves changes with ``save_if_current`` (race-free, the version bumped)."""

    form = VersionedAdminForm
    rule_fields: tuple[str, ...] = ()  # read-only once the object exists: changed through the services

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "version"]
        return fields + list(self.rule_fields) if obj is not None else fields

    def save_model(self, request, obj, form, change):
        if change:
            save_if_current(obj, expected_version=form.cleaned_data["expected_version"])
        else:
            super().save_model(request, obj, form, change)
