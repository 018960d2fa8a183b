"""The tables a publication is written as (CSV files, the open API's shapes): their columns come from the field
map's public fields of each model (``access.fields.published``), their types from the model fields, so a public
field added to the map appears in every file with the right type and nothing else does."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

from access import fields

TYPES = {
    models.DateField: "date",
    models.DecimalField: "number",
    models.IntegerField: "integer",
    models.PositiveSmallIntegerField: "integer",
    models.PositiveIntegerField: "integer",
    models.BigAutoField: "integer",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"
    required: bool = False


def model_columns(label: str, *, skip: tuple[str, ...] = ()) -> list[Column]:
    """The public columns of a model: a foreign key as its object's two names, ``<field>_ko`` and ``<field>_en``."""
    model = apps.get_model(label)
    columns = []
    for name in fields.published(label):
        if name in skip:
            continue
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.ForeignKey):
            columns += [Column(f"{name}_ko"), Column(f"{name}_en")]
        else:
            kind = next((t for cls, t in TYPES.items() if type(model_field) is cls), "string")
            columns.append(Column(name, kind, required=not model_field.null and not model_field.blank))
    return columns


Rows = Callable[[dict], Iterator[dict]]  # a project's record -> its rows in this table


@dataclass(frozen=True)
class Table:
    name: str
    columns: list[Column]
    primary_key: list[str]
    rows: Rows | None = None  # None: the publication's summary carries the rows (barriers, minutes)
    foreign_keys: list[tuple[list[str], str, list[str]]] = field(default_factory=list)
    title: str = ""


def _status(record: dict) -> dict:
    status = record["status"] or {}
    return {"progress_period": status.get("period"), "progress_percent": status.get("progress_percent"),
            "rag": status.get("rag")}  # fmt: skip


def _project_columns(ratings: bool) -> list[Column]:
    status = [Column("progress_period", "date"), Column("progress_percent", "integer")]
    if ratings:
        status.append(Column("rag"))
    return model_columns("projects.project") + status


def minutes_columns() -> list[Column]:
    """The published minutes' columns: their group's and meeting's public columns, prefixed, then their own."""

    def prefixed(prefix: str, columns: list[Column]) -> list[Column]:
        return [Column(f"{prefix}_{c.name}", c.type, c.required) for c in columns]

    return [
        Column("id", "integer", required=True),
        *prefixed("group", model_columns("groups.workinggroup")),
        *prefixed("meeting", model_columns("groups.meeting")),
        *model_columns("groups.minutes"),
    ]


def tables(ratings: bool) -> list[Table]:
    """The publication's tables in the order of its data package (a table before those pointing at it)."""
    code = Column("project_code", required=True)
    ident = Column("id", "integer", required=True)
    of_project = ([["project_code"], "projects", ["code"]],)
    return [
        Table(
            "projects",
            _project_columns(ratings),
            ["code"],
            lambda r: iter([{**r["project"], **_status(r)}]),
            title="Projects",
        ),
        Table(
            "participants",
            [code, *model_columns("projects.projectparticipant")],
            ["project_code", "organization_en"],
            lambda r: ({"project_code": r["project"]["code"], **p} for p in r["participants"]),
            list(of_project),
            title="Participating organizations",
        ),
        Table(
            "milestones",
            [ident, code, *model_columns("projects.milestone")],
            ["id"],
            lambda r: ({"project_code": r["project"]["code"], **m} for m in r["milestones"]),
            list(of_project),
            title="Milestones",
        ),
        Table(
            "indicators",
            [ident, code, *model_columns("projects.indicator")],
            ["id"],
            lambda r: ({"project_code": r["project"]["code"], **i} for i in r["indicators"]),
            list(of_project),
            title="Indicators (KPIs)",
        ),
        Table(
            "indicator_values",
            [Column("indicator_id", "integer", required=True), *model_columns("projects.indicatorvalue")],
            ["indicator_id", "period"],
            lambda r: ({"indicator_id": i["id"], **v} for i in r["indicators"] for v in i["values"]),
            [(["indicator_id"], "indicators", ["id"])],
            title="Indicator values",
        ),
        Table(
            "results",
            [ident, code, *model_columns("results.result")],
            ["id"],
            lambda r: ({"project_code": r["project"]["code"], **x} for x in r.get("results", ())),  # none before
            list(of_project),
            title="Results (accepted by the ministry, opened by their project)",
        ),
        Table("barriers", [ident, *model_columns("projects.policybarrier")], ["id"], title="Policy barriers"),
        Table(
            "barrier_projects",
            [Column("barrier_id", "integer", required=True), code],
            ["barrier_id", "project_code"],
            None,
            [(["barrier_id"], "barriers", ["id"]), *of_project],
            title="Projects each policy barrier blocks",
        ),
        Table("minutes", minutes_columns(), ["id"], title="Approved minutes of the working groups that publish them"),
    ]


def summary_rows(table: Table, summary: dict) -> Iterator[dict]:
    """Rows of the tables the publication's summary carries."""
    if table.name == "minutes":
        yield from summary.get("minutes", ())  # none in publications made before groups published minutes
        return
    for barrier in summary["barriers"]:
        if table.name == "barriers":
            yield barrier
        else:
            yield from ({"barrier_id": barrier["id"], "project_code": code} for code in barrier["projects"])
