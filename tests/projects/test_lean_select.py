"""The list's lean select draws exactly what Django's own select draws: the same options, values, labels, selection
and attributes (only the whitespace between tags differs), plain and with option groups."""

from html.parser import HTMLParser

import pytest
from django import forms

from projects.filters import LeanSelect


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.seen = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.seen.append(("/" + tag, []))

    def handle_data(self, data):
        if data.strip():
            self.seen.append(("text", [data.strip()]))


def tags(html: str) -> list:
    parser = Tags()
    parser.feed(html)
    return parser.seen


CHOICES = [("", "---------"), ("green", "On track"), ("amber", "At risk <&>"), ("red", "Off track")]
GROUPED = [("", "---------"), ("Colours", [("green", "On track"), ("amber", "At risk")]), ("none", "Not rated")]


@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
@pytest.mark.parametrize("value", ["", "amber", "none", "missing"])
def test_the_lean_select_draws_what_djangos_select_draws(choices, value):
    attrs = {"class": "form-select", "id": "id_rag", "aria-describedby": "help"}
    plain = forms.Select(choices=choices, attrs=attrs).render("rag", value)
    lean = LeanSelect(choices=choices, attrs=attrs).render("rag", value)
    assert tags(lean) == tags(plain) and lean != plain  # the same markup, written without the includes
    offered = {v for v, label in choices if not isinstance(label, list)} | {
        v for _group, options in choices if isinstance(options, list) for v, _label in options
    }
    selected = ("option", [("selected", None), ("value", value)]) in tags(lean)
    assert selected == (value in offered)  # the comparison saw a selection where there is one
