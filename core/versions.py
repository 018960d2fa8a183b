"""Abstract model parts shared by the apps: timestamps and optimistic concurrency (versions, stale saves)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A counter bumped on every save through :func:`save_if_current`; forms and the API send it back."""

    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text=_("Incremented on every change; stale writes are refused.")
    )

    class Meta:
        abstract = True


@dataclass(frozen=True)
class Change:
    field: str
    theirs: object


class StaleVersion(Exception):
    """Someone else saved the object after the caller read it; ``changes`` says what they changed."""

    message = _("Someone else changed this since you opened it, so your change was not saved. Their changes:")

    def __init__(self, obj: models.Model, expected_version: int):
        super().__init__(f"{obj._meta.label} {obj.pk}: version {expected_version} is stale")
        self.obj = obj
        self.expected_version = expected_version

    def changes(self) -> list[Change]:
        """Fields that differ between the version the caller read and the current one (from the history)."""
        history = type(self.obj).history.filter(id=self.obj.pk)
        read = history.filter(version=self.expected_version).order_by("-history_id").first()
        current = history.order_by("-history_id").first()
        if read is None or current is None:
            return []
        delta = current.diff_against(read)
        changes = []
        for change in delta.changes:
            if change.field in {"version", "updated_at"}:
                continue
            field = self.obj._meta.get_field(change.field)
            if field.many_to_many:  # the history's rows of the through table: named by their related objects
                pks = [row[field.m2m_reverse_field_name()] for row in change.new]
                shown = ", ".join(map(str, field.related_model._default_manager.filter(pk__in=pks).order_by("pk")))
            else:
                shown = dict(field.flatchoices).get(change.new, change.new) if field.choices else change.new
            changes.append(Change(str(field.verbose_name), shown))
        return changes

    def explained(self) -> str:
        """The refusal and what the other person changed, in one sentence for a page or a form."""
        changes = "; ".join(f"{change.field}: {change.theirs}" for change in self.changes())
        return f"{self.message} {changes}" if changes else str(self.message)


@transaction.atomic
def save_if_current(obj: Versioned, *, expected_version: int) -> None:
    """Save ``obj`` only if its stored version is still ``expected_version``, bumping it.

    A conditional UPDATE claims the new version first: it matches (and keeps the row locked until the
    transaction ends) or nothing is written — no read-then-write race between two editors.
    """
    model = type(obj)
    claimed = model._default_manager.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise StaleVersion(obj, expected_version)
    obj.version = expected_version + 1
    obj.save()
