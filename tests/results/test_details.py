"""Each kind of result holds its own fields: validated alike on pages, in the API and in demo data."""

import pytest
from django.core.exceptions import ValidationError

from results.choices import ResultKind
from results.details import DETAILS, clean_details


def test_every_kind_has_its_fields():
    assert set(DETAILS) == set(ResultKind.values)


def test_a_patent_keeps_its_fields_in_their_json_form():
    given = {"status": "registered", "number": "10-2345678", "filed_on": "2026-03-02", "country": "KR"}
    assert clean_details("patent", given) == given


def test_a_field_of_another_kind_is_refused_by_name():
    with pytest.raises(ValidationError) as refused:
        clean_details("jobs", {"jobs": 3, "licence": "CC BY"})
    assert list(refused.value.message_dict) == ["licence"]


def test_a_missing_required_field_is_refused_by_name():
    with pytest.raises(ValidationError) as refused:
        clean_details("patent", {"status": "applied", "number": "1", "country": "KR"})
    assert list(refused.value.message_dict) == ["filed_on"]


def test_a_choice_outside_the_kinds_choices_is_refused():
    with pytest.raises(ValidationError) as refused:
        clean_details("standard", {"body": "ANSI", "reference": "X"})
    assert list(refused.value.message_dict) == ["body"]


def test_sales_by_year_are_read_from_typed_lines_or_a_mapping():
    typed = clean_details("commercialization", {"product": "Vision QA", "sales_krw": "2026: 1,200,000\n2025: 300"})
    given = clean_details("commercialization", {"product": "Vision QA", "sales_krw": {"2025": 300, "2026": 1200000}})
    assert typed == given == {"product": "Vision QA", "sales_krw": {"2025": 300, "2026": 1200000}}


@pytest.mark.parametrize("sales", ["sometime: 5", {"1999": 5}, {"2025": -1}, {"2025": True}, ["2025"]])
def test_malformed_sales_are_refused(sales):
    with pytest.raises(ValidationError):
        clean_details("commercialization", {"product": "Vision QA", "sales_krw": sales})


def test_an_effect_keeps_exact_decimals():
    given = {"measure": "defect rate", "unit": "%", "baseline": "3.20", "measured": 1.1, "method": "monthly sample"}
    assert clean_details("effect", given)["baseline"] == "3.2"
    assert clean_details("effect", given)["measured"] == "1.1"
