"""Full-text search the portal's way: PostgreSQL's own text search with the ``simple`` configuration (no stemming, no
stop words, so Korean and English are cut into words alike) and prefix matching of every word typed.

Why this and not trigrams: the embedded PostgreSQL (pgserver) ships without the pg_trgm extension, and one engine
must behave the same everywhere. Korean attaches particles and compounds to the end of a word, so a prefix match of
each typed word finds what a substring match would in practice: "규제" finds "규제를" and "규제샌드박스"; "auto"
finds "autonomous". Each searchable model has a GIN index on exactly the ``vector`` expression its query uses
(``search_index``).
"""

from __future__ import annotations

import re

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector

CONFIG = "simple"
MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def vector(*fields: str) -> SearchVector:
    """The searchable text of ``fields`` (also the expression of the model's GIN index)."""
    return SearchVector(*fields, config=CONFIG)


def search_index(fields: tuple[str, ...], name: str) -> GinIndex:
    """The GIN index of ``vector(*fields)``, written through on every save (``fastupdate`` off).

    With PostgreSQL's default (``fastupdate`` on) new rows wait in the index's pending list until a vacuum or 4 MB of
    them, and every search reads that whole list: at 10,000 projects the search indexes held ~1,370 pending pages
    and a search took 72 ms, 39 ms once the lists were merged. The portal's rows are written by people, a few a
    minute; its searches are many more.
    """
    return GinIndex(vector(*fields), name=name, fastupdate=False)


def words(text: str) -> list[str]:
    """The words of what was typed (letters and digits of any script), lower-cased, at most ``MAX_WORDS``."""
    return [word.lower() for word in _WORD.findall(text[:MAX_QUERY_LENGTH])][:MAX_WORDS]


def prefix_query(text: str) -> SearchQuery | None:
    """Every word as a prefix (``'규제':* & 'ai':*``), or None when nothing searchable was typed."""
    found = words(text)
    if not found:
        return None
    raw = " & ".join(f"'{word}':*" for word in found)  # \w+ words hold no quote, colon or operator
    return SearchQuery(raw, search_type="raw", config=CONFIG)
