"""A list's rows rendered to JSON by PostgreSQL, for the lists where Python per row was most of the time.

``DatabaseJson(SomeSerializer)`` reads the serializer's own fields and splits them in two:

- fields whose representation PostgreSQL writes the same way DRF does (numbers, text, choices, booleans, dates in
  ISO form, values the query already shaped as JSON, a related object's slug) go into one ``json_build_object``
  per row, returned as text and never parsed in Python;
- every other field (timestamps, method fields) and every field the field map (``access.fields``) restricts is
  computed by the serializer field itself, per row, on the few columns it reads (the serializer's
  ``Meta.row_inputs``), then passed through ``shown`` with the row's ``audience``, as the serializer does.

The two parts are joined as text. The output equals the serializer's (``tests/api/test_database_json.py`` holds
them equal for every audience); only the order of the keys differs (the database's part first).
"""

from __future__ import annotations

import json
from types import SimpleNamespace

from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Func, TextField, Value
from django.http import HttpResponse
from django.utils.functional import cached_property
from rest_framework import serializers
from rest_framework.relations import RelatedField, SlugRelatedField

from access.fields import restricted, shown

# Fields whose value PostgreSQL's JSON writes as DRF's representation of it.
SQL_FIELDS = (
    serializers.IntegerField, serializers.CharField, serializers.ChoiceField, serializers.BooleanField,
    serializers.DateField, serializers.ReadOnlyField,
)  # fmt: skip


class JsonText(Func):
    """``json_build_object(key, value, …)::text``: the object as JSON text, keys in the order given."""

    function = "JSON_BUILD_OBJECT"
    template = "%(function)s(%(expressions)s)::text"
    output_field = TextField()

    def __init__(self, fields: dict):
        super().__init__(*(part for key, value in fields.items() for part in (Value(key), value)))


class DatabaseJson:
    JSON = "_json"

    def __init__(self, serializer_class: type[serializers.Serializer]):
        self.serializer_class = serializer_class  # read on first use, not at import

    @cached_property
    def _plan(self) -> tuple[type, tuple[str, ...], dict, list]:
        """The model, the Python fields' inputs, the fields written by the database and those computed here."""
        serializer = self.serializer_class()
        model = serializer.Meta.model
        in_sql, in_python = {}, []
        for field in serializer._readable_fields:
            if field.field_name in restricted(model):
                in_python.append(field)
            elif isinstance(field, SlugRelatedField):
                in_sql[field.field_name] = F(f"{'__'.join(field.source_attrs)}__{field.slug_field}")
            elif isinstance(field, SQL_FIELDS):
                in_sql[field.field_name] = F("__".join(field.source_attrs))
            else:
                in_python.append(field)
        for field in in_python:  # a row holds columns, not objects: what Python computes reads one column or the row
            if field.source != "*" and (len(field.source_attrs) > 1 or isinstance(field, RelatedField)):
                raise ImproperlyConfigured(
                    f"{self.serializer_class.__name__}.{field.field_name}: a related value is read by the database "
                    "only (a slug, not behind the field map)"
                )
        return model, tuple(getattr(serializer.Meta, "row_inputs", ())), in_sql, in_python

    def rows(self, queryset, *keys: str):
        """``queryset`` as dicts holding the JSON text, what the Python fields read, and ``keys`` (the columns a
        cursor paginator orders by)."""
        model, inputs, in_sql, in_python = self._plan
        names = {"audience", *keys, *inputs}
        names.update(field.source_attrs[0] for field in in_python if field.source != "*")
        known = {field.name for field in model._meta.concrete_fields} | set(queryset.query.annotations)
        return queryset.values(*sorted(names & known), **{self.JSON: JsonText(in_sql)})

    def render(self, row: dict) -> str:
        """One row's JSON text: the database's object with the Python fields added."""
        model, _inputs, _in_sql, in_python = self._plan
        instance = SimpleNamespace(**row)
        computed = {}
        for field in in_python:
            value = instance if field.source == "*" else row.get(field.source_attrs[0])
            computed[field.field_name] = None if value is None else field.to_representation(value)
        computed = shown(computed, row["audience"], model)
        if not computed:
            return row[self.JSON]
        return f"{row[self.JSON][:-1]}, {json.dumps(computed, ensure_ascii=False)[1:]}"

    def page_response(self, paginator, rows: list[dict]) -> HttpResponse:
        """A cursor page (``next``, ``previous``, ``results``) as the API's JSON response."""
        links = json.dumps({"next": paginator.get_next_link(), "previous": paginator.get_previous_link()})
        results = ",".join(self.render(row) for row in rows)
        return HttpResponse(f'{links[:-1]}, "results": [{results}]}}', content_type="application/json")
