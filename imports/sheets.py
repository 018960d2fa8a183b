"""The sheets of an import template, written by ``workbook`` and read back by ``reading``: one per kind, each column
with its Korean and English heading and what its cells hold.

A template's first row has the Korean headings, its second the English ones; data starts on the third row. A sheet
or CSV file is recognised by its headings (either language), not by its title, so a renamed sheet or a sheet saved
as CSV by a Korean spreadsheet program still reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from money.models import CostCategory
from money.services import categories_in_use

TEXT, MONTH, DATE, NUMBER = "text", "month", "date", "number"
HEADER_ROWS = 2


@dataclass(frozen=True)
class Column:
    key: str
    ko: str
    en: str
    holds: str = TEXT
    editable: bool = False  # unlocked in the template; the other columns say what a row is about
    width: int = 14
    new_rows_only: bool = False  # editable on the rows a template offers for new entries only (a month, a quarter)


@dataclass(frozen=True)
class Sheet:
    kind: str
    title: str  # at most 31 characters (the spreadsheets' limit)
    columns: tuple[Column, ...]

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]

    def headings(self, language: str) -> list[str]:
        return [getattr(column, language) for column in self.columns]

    def letter(self, key: str) -> str:
        return get_column_letter(self.keys.index(key) + 1)

    def column(self, key: str) -> Column:
        return self.columns[self.keys.index(key)]


PROJECT = Column("project", "과제", "Project", width=10)  # the first column of every sheet
VERSION = Column("version", "버전 (수정 금지)", "Version (do not change)", width=26)

INDICATOR_VALUES = Sheet(
    "indicator_values",
    "지표 값 Indicator values",
    (
        PROJECT,
        Column("indicator", "지표 번호", "Indicator no.", NUMBER, width=10),
        Column("name", "지표", "Indicator", width=36),
        Column("unit", "단위", "Unit", width=10),
        Column("month", "월 (YYYY-MM)", "Month (YYYY-MM)", MONTH, editable=True, width=16, new_rows_only=True),
        Column("value", "실적 값", "Actual value", NUMBER, editable=True),
        Column("note", "비고", "Note", editable=True, width=36),
        VERSION,
    ),
)

MILESTONES = Sheet(
    "milestones",
    "마일스톤 Milestones",
    (
        PROJECT,
        Column("milestone", "마일스톤 번호", "Milestone no.", NUMBER, width=10),
        Column("title", "마일스톤", "Milestone", width=36),
        Column("baseline", "기준일", "Baseline date", DATE),
        Column("forecast", "예상일", "Forecast date", DATE, editable=True),
        Column("status", "상태", "Status", editable=True),
        Column("completed", "완료일", "Completed date", DATE, editable=True),
        Column("reason", "지연 사유", "Slip reason", editable=True, width=36),
        VERSION,
    ),
)

EXECUTIONS = "executions"
PROJECT_SHEET = Sheet("any", "", (PROJECT,))  # where a row's project is, whatever its sheet


def executions(categories: Iterable[CostCategory]) -> Sheet:
    """The quarterly executions' sheet: a row per organization and quarter (year to date), a column of spending per
    cost category in use — so its headings are as many as the categories in use when it is made or read."""
    spent = tuple(
        Column(f"spent_{category.code}", f"지출: {category.name_ko}", f"Spent: {category.name_en}", NUMBER,
               editable=True, width=18)
        for category in categories
    )  # fmt: skip
    return Sheet(
        EXECUTIONS,
        "집행 Executions",
        (
            PROJECT,
            Column("organization", "기관 코드", "Organization code", width=18),
            Column("organization_name", "기관", "Organization", width=30),
            Column("fiscal_year", "회계연도", "Fiscal year", NUMBER, editable=True, width=10, new_rows_only=True),
            Column("quarter", "분기", "Quarter", NUMBER, editable=True, width=8, new_rows_only=True),
            Column(
                "received", "정부출연금 수령 누계", "Government money received (YTD)", NUMBER, editable=True, width=18
            ),
            Column("cash", "민간 현금 누계", "Private cash (YTD)", NUMBER, editable=True, width=18),
            Column("in_kind", "민간 현물 누계", "In kind (YTD)", NUMBER, editable=True, width=18),
            *spent,
            Column("reason", "초과 집행 사유", "Over-spend reason", editable=True, width=36),
            VERSION,
        ),
    )


def current() -> tuple[Sheet, ...]:
    """The sheets a template has now (the executions' with the cost categories in use)."""
    return (INDICATOR_VALUES, MILESTONES, executions(categories_in_use().values()))


def sheet_for(headings: list[str], sheets: Iterable[Sheet]) -> Sheet | None:
    """The sheet of ``sheets`` whose Korean or English headings ``headings`` starts with (cells beyond them are
    ignored)."""
    cleaned = [str(value).strip() if value is not None else "" for value in headings]
    for sheet in sheets:
        width = len(sheet.columns)
        if cleaned[:width] in (sheet.headings("ko"), sheet.headings("en")):
            return sheet
    return None
