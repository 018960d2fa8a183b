"""The downloads of a publication validate against their standards: the Frictionless Data Package (with the
``frictionless`` library) and IATI 2.03 (the official XSD, vendored in opendata/standards/)."""

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from frictionless import validate
from lxml import etree

from opendata import files
from tests.opendata.stored import stored

pytestmark = pytest.mark.django_db

IATI_XSD = Path(__file__).resolve().parents[2] / "opendata" / "standards" / "iati-2.03" / "iati-activities-schema.xsd"


def test_the_data_package_validates_with_frictionless(published, tmp_path):
    with zipfile.ZipFile(io.BytesIO(stored(published)[files.zip_name(published)])) as archive:
        archive.extractall(tmp_path)
    report = validate(tmp_path / files.PACKAGE)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_a_broken_table_fails_the_validation(published, tmp_path):
    """The validation can fail: a projects.csv with a duplicated code breaks its primary key."""
    with zipfile.ZipFile(io.BytesIO(stored(published)[files.zip_name(published)])) as archive:
        archive.extractall(tmp_path)
    lines = (tmp_path / "projects.csv").read_text().splitlines()
    (tmp_path / "projects.csv").write_text("\r\n".join([*lines, lines[1]]) + "\r\n")
    assert not validate(tmp_path / files.PACKAGE).valid


def test_the_package_describes_every_table_and_its_columns(published):
    made = stored(published)
    package = json.loads(made[files.PACKAGE])
    assert (package["period"], package["version"]) == (published.key, "1.0.0")
    assert package["licenses"][0]["name"] == "KOGL-Type1"
    with zipfile.ZipFile(io.BytesIO(made[files.zip_name(published)])) as archive:
        assert set(archive.namelist()) == {r["path"] for r in package["resources"]} | {files.PACKAGE}
    assert [r["format"] for r in package["resources"]] == ["csv"] * (len(package["resources"]) - 1) + ["xml"]
    for resource in package["resources"]:
        assert resource["bytes"] == len(made[resource["path"]])
        assert resource["hash"] == "sha256:" + hashlib.sha256(made[resource["path"]]).hexdigest()
        if resource["format"] == "csv":
            header = next(csv.reader(io.StringIO(made[resource["path"]].decode("utf-8"))))
            assert header == [f["name"] for f in resource["schema"]["fields"]]
        else:
            assert etree.fromstring(made[resource["path"]]).tag == "iati-activities"


def test_the_iati_activities_validate_against_the_2_03_schema(published):
    schema = etree.XMLSchema(etree.parse(str(IATI_XSD)))
    document = etree.fromstring(stored(published)[files.iati_name(published, 1)])
    assert schema.validate(document), schema.error_log
    activities = document.findall("iati-activity")
    assert len(activities) == published.projects.count()
    first = published.projects.first().record
    titles = activities[0].findall("title/narrative")
    assert [t.text for t in titles] == [first["project"]["title_ko"], first["project"]["title_en"]]
    assert titles[1].get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_an_activity_out_of_order_fails_the_schema(published):
    """The schema check can fail: the title moved after the description breaks the element order."""
    schema = etree.XMLSchema(etree.parse(str(IATI_XSD)))
    document = etree.fromstring(stored(published)[files.iati_name(published, 1)])
    activity = document.find("iati-activity")
    activity.append(activity.find("title"))
    assert not schema.validate(document)


def test_a_barrier_title_like_a_formula_reaches_the_public_csv_as_text():
    from opendata.models import Publication
    from opendata.tables import tables

    starts = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]
    barriers = [{"id": -n, "title_ko": title, "title_en": title} for n, title in enumerate(starts, 1)]
    table = next(t for t in tables(ratings=True) if t.name == "barriers")
    written = "".join(files.table_lines(Publication(summary={"barriers": barriers}), table))
    rows = list(csv.DictReader(io.StringIO(written)))
    assert [(row["id"], row["title_ko"], row["title_en"]) for row in rows] == [
        (str(-n), "'" + title, "'" + title) for n, title in enumerate(starts, 1)
    ]


def test_each_open_result_is_an_iati_output_linked_to_the_published_results_table(published, anonymous):
    made = stored(published)
    published_results = list(csv.DictReader(io.StringIO(made["results.csv"].decode("utf-8-sig"))))
    assert published_results, "the demo publication carries open results"
    document = etree.fromstring(made[files.iati_name(published, 1)])
    outputs = document.findall("iati-activity/result[@type='1']")
    assert sorted(o.findtext("title/narrative") for o in outputs) == sorted(r["title"] for r in published_results)
    path = f"/open/{published.key}/v{published.version}/files/results.csv"
    assert anonymous.get(path).status_code == 200
    for output in outputs:
        link = output.find("document-link")
        assert (link.get("url"), link.get("format")) == (settings.PORTAL_BASE_URL + path, "text/csv")
        assert output.find("document-link/category").get("code") == "A08"
        assert output.find("indicator/period/actual").get("value") == "1"
