from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

MISSING = object()

# Fields whose representation of a value the database already typed is the value itself.
PLAIN_FIELDS = (
    serializers.IntegerField, serializers.CharField, serializers.ChoiceField, serializers.BooleanField,
    serializers.ReadOnlyField,
)  # fmt: skip


class StrictSerializer(serializers.Serializer):
    """Refuses fields the caller may not write (ids, state, version, …) instead of silently ignoring them."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            refused = sorted(set(data) - writable)
            if refused:
                raise serializers.ValidationError({name: [_("This field cannot be written.")] for name in refused})
        return super().to_internal_value(data)


class StrictModelSerializer(StrictSerializer, serializers.ModelSerializer):
    pass


class LeanReadSerializer(serializers.Serializer):
    """Reads plain values (numbers, text, choices: ``PLAIN_FIELDS``) straight off the object; every other field
    goes through DRF's ``get_attribute`` / ``to_representation`` as usual. The output is the same as DRF's
    (tests/api/test_lean_read.py compares them); on a list of 100 projects DRF's per-field calls for plain values
    were most of the serializer's time."""

    @cached_property
    def _read_plan(self) -> list[tuple[str, str | None, serializers.Field]]:
        return [
            (field.field_name, field.source_attrs[0] if plain and len(field.source_attrs) == 1 else None, field)
            for field in self._readable_fields
            for plain in [isinstance(field, PLAIN_FIELDS)]
        ]

    def to_representation(self, instance):
        data = {}
        for name, attribute, field in self._read_plan:
            if attribute is not None and (value := getattr(instance, attribute, MISSING)) is not MISSING:
                data[name] = value
                continue
            try:
                value = field.get_attribute(instance)
            except SkipField:
                continue
            empty = (value.pk if isinstance(value, PKOnlyObject) else value) is None
            data[name] = None if empty else field.to_representation(value)
        return data
