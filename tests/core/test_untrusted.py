"""The bounded readers' own limits, beyond what the document types' corpus reaches (tests/documents/hostile.py)."""

import io

import pytest

from core import untrusted


def _entry(size: int, compressed: int) -> untrusted.ZipEntry:
    return untrusted.ZipEntry("a.csv", 0, untrusted.DEFLATED, compressed, size, 0, 0, 5)


def test_a_source_refuses_to_read_more_than_its_budget():
    source = untrusted.Source(io.BytesIO(b"x" * 100), budget=60)
    assert source.read(0, 50) == b"x" * 50
    with pytest.raises(untrusted.Unreadable):
        source.read(50, 11)


def test_a_source_refuses_to_read_past_the_end_of_the_file():
    with pytest.raises(untrusted.Unreadable):
        untrusted.Source(io.BytesIO(b"x" * 100), budget=1000).read(90, 11)


def test_entries_declaring_more_than_the_total_are_refused_even_at_a_modest_ratio():
    entries = [_entry(size=600, compressed=100)] * 2
    untrusted.check_zip_sizes(entries, max_total=1200, max_ratio=10, ratio_from=0)
    with pytest.raises(untrusted.Unreadable):
        untrusted.check_zip_sizes(entries, max_total=1199, max_ratio=10, ratio_from=0)


def test_a_small_entry_may_inflate_beyond_the_ratio():
    untrusted.check_zip_sizes([_entry(size=1000, compressed=1)], max_total=10**6, max_ratio=10, ratio_from=1000)
    with pytest.raises(untrusted.Unreadable):
        untrusted.check_zip_sizes([_entry(size=1001, compressed=1)], max_total=10**6, max_ratio=10, ratio_from=1000)
