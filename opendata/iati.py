"""A publication as IATI activities XML (version 2.03): one ``iati-activity`` per published project, built from the
publication's records (the field map's public columns), never from the live tables.

Codes used (IATI codelists): activity status from the phase, organisation roles 1 (funding: the ministry) and
4 (implementing: the lead and the other participants), activity dates 1/3 (planned start/end) and 2 (actual start),
result type 2 (outcome) with indicator measure 1 (unit), sector vocabulary 99 (the alliance's own areas).

An accepted result its project opened is a result of type 1 (output) whose indicator is its kind (a unit, actual
value 1 on the day it was achieved), with the owner organization as its description and a ``document-link``
(category A08, results) to the publication's own ``results.csv``, where it is a row: its evidence documents are
never public, so they are never linked.
"""

from __future__ import annotations

import calendar
import datetime
import functools
from collections.abc import Iterable
from xml.etree import ElementTree as ET  # nosec B405  # writes XML, parses none

from django.conf import settings
from django.utils import translation

from results.choices import ResultKind

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS = {"planning": "1", "in_progress": "2", "pilot": "2", "rollout": "2", "completed": "4", "suspended": "6"}
FUNDING, IMPLEMENTING = "1", "4"
OUTPUT, UNIT = "1", "1"
RESULTS_DOCUMENT = "A08"  # document category: results, outcomes and outputs
GOVERNMENT = "10"  # organisation type


def _narratives(parent: ET.Element, tag: str, texts: dict[str, str], **attrs) -> ET.Element:
    """``tag`` with a narrative per language (Korean is the activity's default language)."""
    element = ET.SubElement(parent, tag, attrs)
    for lang, text in texts.items():
        if text:
            narrative = ET.SubElement(element, "narrative")
            narrative.text = text
            if lang != "ko":
                narrative.set(XML_LANG, lang)
    return element


def _month_end(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return day.replace(day=calendar.monthrange(day.year, day.month)[1]).isoformat()


def _pair(row: dict, name: str) -> dict[str, str]:
    return {"ko": row.get(f"{name}_ko") or "", "en": row.get(f"{name}_en") or ""}


def activity(record: dict, generated: str, results_url: str) -> ET.Element:
    project = record["project"]
    open_data = settings.OPEN_DATA
    element = ET.Element(
        "iati-activity", {"last-updated-datetime": generated, XML_LANG: "ko", "default-currency": "KRW"}
    )
    ET.SubElement(element, "iati-identifier").text = f"{open_data['iati_org_ref']}-{project['code']}"
    _narratives(element, "reporting-org", open_data["publisher"], ref=open_data["iati_org_ref"], type=GOVERNMENT)
    _narratives(element, "title", _pair(project, "title"))
    if project.get("summary_ko") or project.get("summary_en"):
        _narratives(element, "description", _pair(project, "summary"), type="1")
    _narratives(element, "participating-org", open_data["publisher"], ref=open_data["iati_org_ref"],
                role=FUNDING, type=GOVERNMENT)  # fmt: skip
    for participant in record["participants"]:
        _narratives(element, "participating-org", _pair(participant, "organization"), role=IMPLEMENTING)
    ET.SubElement(element, "activity-status", code=STATUS.get(project["phase"], "2"))
    ET.SubElement(element, "activity-date", {"iso-date": project["start_date"], "type": "1"})
    if project["start_date"] <= generated[:10]:
        ET.SubElement(element, "activity-date", {"iso-date": project["start_date"], "type": "2"})
    ET.SubElement(element, "activity-date", {"iso-date": project["end_date"], "type": "3"})
    ET.SubElement(element, "sector", vocabulary="99", code=project["area"])
    for indicator in record["indicators"]:
        element.append(_result(indicator))
    for result in record.get("results", ()):  # none in publications made before results were published
        element.append(_output(result, results_url))
    return element


@functools.cache
def _kind_names() -> dict[str, dict[str, str]]:
    """Each kind's name in both languages (IATI narratives carry every language, whoever publishes)."""
    names: dict[str, dict[str, str]] = {kind: {} for kind in ResultKind.values}
    for lang in ("ko", "en"):
        with translation.override(lang):
            for kind, label in ResultKind.choices:
                names[kind][lang] = str(label)
    return names


def _output(result: dict, results_url: str) -> ET.Element:
    """An accepted, opened result: its kind counted once, on the day it was achieved."""
    element = ET.Element("result", type=OUTPUT)
    _narratives(element, "title", {"ko": result["title"]})
    _narratives(element, "description", _pair(result, "owner"))
    link = ET.SubElement(element, "document-link", url=results_url, format="text/csv")
    _narratives(link, "title", {"ko": "성과 목록 (results.csv)", "en": "Results (results.csv)"})
    ET.SubElement(link, "category", code=RESULTS_DOCUMENT)
    indicator = ET.SubElement(element, "indicator", measure=UNIT)
    _narratives(indicator, "title", _kind_names()[result["kind"]])
    period = ET.SubElement(indicator, "period")
    ET.SubElement(period, "period-start", {"iso-date": result["achieved_on"]})
    ET.SubElement(period, "period-end", {"iso-date": result["achieved_on"]})
    ET.SubElement(period, "actual", value="1")
    return element


def _result(indicator: dict) -> ET.Element:
    result = ET.Element("result", type="2")
    names = _pair(indicator, "name")
    _narratives(result, "title", names)
    measure = ET.SubElement(result, "indicator", measure="1")
    _narratives(measure, "title", {lang: f"{name} ({indicator['unit']})" for lang, name in names.items() if name})
    baseline = indicator["baseline_date"]
    ET.SubElement(measure, "baseline", {"year": baseline[:4], "iso-date": baseline,
                                        "value": indicator["baseline_value"]})  # fmt: skip
    for value in indicator["values"]:
        period = ET.SubElement(measure, "period")
        ET.SubElement(period, "period-start", {"iso-date": value["period"]})
        ET.SubElement(period, "period-end", {"iso-date": _month_end(value["period"])})
        ET.SubElement(period, "actual", value=value["actual_value"])
    whole = ET.SubElement(measure, "period")
    ET.SubElement(whole, "period-start", {"iso-date": baseline})
    ET.SubElement(whole, "period-end", {"iso-date": indicator["target_date"]})
    ET.SubElement(whole, "target", value=indicator["target_value"])
    if indicator["values"]:
        ET.SubElement(whole, "actual", value=indicator["values"][-1]["actual_value"])
    return result


def activities(records: Iterable[dict], generated: datetime.datetime, results_url: str) -> Iterable[bytes]:
    """The XML document in pieces (one activity at a time, so a big portfolio never sits in memory whole);
    ``results_url``: where the publication's results table is downloaded (each result's ``document-link``)."""
    stamp = generated.replace(microsecond=0).isoformat()
    yield b'<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<iati-activities version="2.03" generated-datetime="{stamp}">\n'.encode()
    for record in records:
        yield ET.tostring(activity(record, stamp, results_url), encoding="utf-8", xml_declaration=False) + b"\n"
    yield b"</iati-activities>\n"
