"""What each kind of result records beyond what every result has: one table of fields per kind, kept in the result's
``details`` (JSON) and validated by the same form fields on pages, in the API and in demo data, so a result never
holds a field its kind does not have, nor misses one its kind needs."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from results.choices import DatasetAccess, PatentStatus, ResultKind, StandardBody

TEXT_MAX_LENGTH = 200
AMOUNT_MAX = 10**15  # won: a thousand trillion is past any result's sales or fee
YEAR_MIN, YEAR_MAX = 2000, 2100


class YearlyAmountsField(forms.Field):
    """Amounts by year: ``{"2025": 120000000}`` from the API, or lines ``2025: 120000000`` typed on a page."""

    widget = forms.Textarea(attrs={"rows": 3})
    LINE = re.compile(r"^\s*(\d{4})\s*[:=]\s*([\d,]+)\s*$")

    def to_python(self, value):
        if value in (None, "", {}):
            return {}
        if isinstance(value, str):
            pairs = []
            for line in value.splitlines():
                if not line.strip():
                    continue
                match = self.LINE.match(line)
                if match is None:
                    raise ValidationError(_("Write one year and amount per line, e.g. 2025: 120000000."))
                pairs.append((match.group(1), match.group(2).replace(",", "")))
        elif isinstance(value, dict):
            pairs = list(value.items())
        else:
            raise ValidationError(_("Give the amounts by year."))
        amounts = {}
        for year, amount in pairs:
            if not (str(year).isdigit() and YEAR_MIN <= int(year) <= YEAR_MAX):
                raise ValidationError(_("%(year)s is not a year between 2000 and 2100.") % {"year": str(year)[:10]})
            if isinstance(amount, bool) or not str(amount).isdigit() or int(amount) > AMOUNT_MAX:
                raise ValidationError(_("Amounts are whole won, zero or more."))
            amounts[str(int(year))] = int(amount)
        return dict(sorted(amounts.items()))

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{year}: {amount}" for year, amount in value.items())
        return value


@dataclass(frozen=True)
class Detail:
    name: str
    label: str
    field: type[forms.Field]
    required: bool = True
    choices: type | None = None
    unit: str = ""

    def form_field(self) -> forms.Field:
        options = {"label": self.label, "required": self.required}
        if self.field is forms.CharField:
            options["max_length"] = TEXT_MAX_LENGTH
        elif self.field is forms.IntegerField:
            options.update(min_value=0, max_value=AMOUNT_MAX)
        elif self.field is forms.DecimalField:
            options.update(max_digits=18, decimal_places=4)
        elif self.field is forms.DateField:
            options["widget"] = forms.DateInput(attrs={"type": "date"})
        if self.choices is not None:
            options["choices"] = (
                [("", "---------"), *self.choices.choices] if not self.required else self.choices.choices
            )
        return self.field(**options)


def _text(name, label, required=True):
    return Detail(name, label, forms.CharField, required)


DETAILS: dict[str, tuple[Detail, ...]] = {
    ResultKind.AI_MODEL: (
        _text("site", _("where it runs")),
        Detail("in_service_since", _("in service since"), forms.DateField),
        _text("replaced", _("what it replaced"), required=False),
    ),
    ResultKind.DATASET: (
        _text("size", _("size")),
        _text("licence", _("licence")),
        Detail("access", _("who may access it"), forms.ChoiceField, choices=DatasetAccess),
    ),
    ResultKind.SOFTWARE: (
        _text("registration_number", _("registration number"), required=False),
        Detail("registered_on", _("registered on"), forms.DateField, required=False),
    ),
    ResultKind.PATENT: (
        Detail("status", _("patent status"), forms.ChoiceField, choices=PatentStatus),
        _text("number", _("application or registration number")),
        Detail("filed_on", _("date"), forms.DateField),
        _text("country", _("country")),
    ),
    ResultKind.PAPER: (
        _text("venue", _("journal or conference")),
        _text("doi", _("DOI"), required=False),
    ),
    ResultKind.STANDARD: (
        Detail("body", _("standards body"), forms.ChoiceField, choices=StandardBody),
        _text("reference", _("standard or proposal")),
    ),
    ResultKind.TRANSFER: (
        _text("recipient", _("transferred to")),
        Detail("fee_krw", _("fee (KRW)"), forms.IntegerField, unit="KRW"),
    ),
    ResultKind.COMMERCIALIZATION: (
        _text("product", _("product")),
        Detail("sales_krw", _("sales by year (KRW)"), YearlyAmountsField, unit="KRW"),
    ),
    ResultKind.EFFECT: (
        _text("measure", _("what was measured")),
        _text("unit", _("unit")),
        Detail("baseline", _("baseline"), forms.DecimalField),
        Detail("measured", _("measured value"), forms.DecimalField),
        _text("method", _("how it was measured")),
    ),
    ResultKind.JOBS: (Detail("jobs", _("jobs created"), forms.IntegerField),),
}


def _stored(value):
    """The JSON form of a cleaned value."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def clean_details(kind: str, given: dict) -> dict:
    """The kind's details from ``given`` (typed values or JSON), cleaned and in their JSON form; every field the kind
    does not have, every missing or malformed one is an error under its name (nothing is kept of a refused set)."""
    if kind not in DETAILS:
        raise ValidationError({"kind": ValidationError(_("Choose a kind of result."), code="invalid")})
    if not isinstance(given, dict):
        raise ValidationError({"details": ValidationError(_("Give the details as named fields."), code="invalid")})
    errors, cleaned = {}, {}
    known = {detail.name for detail in DETAILS[kind]}
    for name in sorted(set(given) - known):
        errors[str(name)[:50]] = ValidationError(_("A result of this kind has no such field."), code="unknown")
    for detail in DETAILS[kind]:
        value = given.get(detail.name)
        try:
            value = detail.form_field().clean(value if value is not None else "")
        except ValidationError as error:
            errors[detail.name] = error
            continue
        if value not in (None, "", {}):
            cleaned[detail.name] = _stored(value)
    if errors:
        raise ValidationError(errors)
    return cleaned


NUMERIC = (forms.IntegerField, forms.DecimalField, YearlyAmountsField)


def shown(kind: str, details: dict) -> list[tuple[str, object, str, bool]]:
    """(label, value, unit, whether a number) of each detail a result holds, in its kind's order, for pages."""
    rows = []
    for detail in DETAILS.get(kind, ()):
        if detail.name in details:
            value = details[detail.name]
            if detail.choices is not None:
                value = dict(detail.choices.choices).get(value, value)
            rows.append((detail.label, value, detail.unit, detail.field in NUMERIC))
    return rows
