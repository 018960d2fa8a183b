"""Filters every API list shares."""

import datetime

import django_filters


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    """Compares in UTC, so any valid offset works (PostgreSQL refuses offsets beyond ±15:59)."""

    def filter(self, qs, value):
        return super().filter(qs, value.astimezone(datetime.UTC) if value is not None else value)


class UpdatedSinceFilter(django_filters.FilterSet):
    updated_since = UtcDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label="Changed at or after (ISO 8601), for incremental sync"
    )
