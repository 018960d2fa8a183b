"""Insert once: a slot (one update per period, one open check per project, one execution per quarter) is a unique
constraint in the database, and this turns its violation into a clear refusal — a form error on pages, 409 with a
problem document in the API — instead of a check before the insert, which two requests pass at the same time."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction


class SlotTaken(ValidationError):
    """The slot is taken (by someone else a moment ago, or before)."""


def _violated(error: IntegrityError) -> str | None:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


def insert_once(obj: models.Model, slot: str, message: str, *, by=None, clean: bool = True) -> models.Model:
    """Validate ``obj`` (``clean``: its fields and every constraint but the slot's; the caller may have checked it
    already) and insert it; when the unique constraint ``slot`` refuses the row, raise :class:`SlotTaken` with
    ``message``. ``by`` is recorded in the history."""
    if clean:
        obj.full_clean(validate_constraints=False)
        for constraint in obj._meta.constraints:
            if constraint.name != slot:
                constraint.validate(type(obj), obj)
    if by is not None:
        obj._history_user = by
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
    except IntegrityError as error:
        if _violated(error) != slot:
            raise
        obj.pk = None
        raise SlotTaken(message, code="slot_taken") from error
    return obj
