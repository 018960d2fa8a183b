"""A publication as IATI activities XML (version 2.03): one ``iati-activity`` per published project, built from the
publication's records (the field map's public columns), never from the live tables.

Codes used (IATI codelists): activity status from the phase, organisation roles 1 (funding: the ministry) and
4 (implementing: the lead and the other participants), activity dates 1/3 (planned start/end) and 2 (actual start),
result type 2 (outcome) with indicator measure 1 (unit), sector vocabulary 99 (the alliance's own areas).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from xml.etree import ElementTree as ET  # nosec B405  # writes XML, parses none

from django.conf import settings

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS = {"planning": "1", "in_progress": "2", "pilot": "2", "rollout": "2", "completed": "4", "suspended": "6"}
FUNDING, IMPLEMENTING = "1", "4"
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


def activity(record: dict, generated: str) -> ET.Element:
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


def activities(records: Iterable[dict], generated: datetime.datetime) -> Iterable[bytes]:
    """The XML document in pieces (one activity at a time, so a big portfolio never sits in memory whole)."""
    stamp = generated.replace(microsecond=0).isoformat()
    yield b'<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<iati-activities version="2.03" generated-datetime="{stamp}">\n'.encode()
    for record in records:
        yield ET.tostring(activity(record, stamp), encoding="utf-8", xml_declaration=False) + b"\n"
    yield b"</iati-activities>\n"
