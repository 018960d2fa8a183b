"""Reading many rows without holding them all: the one way the portal walks a large queryset."""

from collections.abc import Iterator

from django.db import transaction
from django.db.models import QuerySet


def streamed(queryset: QuerySet, chunk_size: int = 2000) -> Iterator:
    """The rows of ``queryset``, fetched ``chunk_size`` at a time through a server-side cursor that lives inside one
    transaction.

    Outside a transaction Django declares its cursors ``WITH HOLD``, so they outlive the transaction on their server
    connection; behind PgBouncer in transaction mode the next fetch may reach another server connection, where the
    cursor does not exist (measured: a streamed CSV cut to its header with status 200). Inside ``atomic()`` the cursor
    is born and dies in one transaction, which the pooler keeps on one server connection. A streamed response holds
    that read-only transaction while it is sent.
    """
    with transaction.atomic(using=queryset.db):
        yield from queryset.iterator(chunk_size=chunk_size)
