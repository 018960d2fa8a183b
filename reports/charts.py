"""The charts of the PDF reports, drawn with ReportLab's graphics from a section's rows as shown (labels in the
report's language, with the embedded Hangul font). Each chart stands above its section's table, which carries the
same numbers for those who cannot read the chart. Chart figures are for drawing only: no amount is computed here."""

from __future__ import annotations

import datetime

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Circle, Drawing, Line, String
from reportlab.lib import colors

from reports.layout import Section

RAG_COLOURS = {
    "green": colors.HexColor("#2e7d32"),
    "amber": colors.HexColor("#e0a000"),
    "red": colors.HexColor("#c62828"),
}
GRID, MUTED, BRAND = colors.HexColor("#dee2e6"), colors.HexColor("#6c757d"), colors.HexColor("#0b4ea2")


def _keyed(section: Section, rows: list[list]) -> list[dict]:
    return [dict(zip((column.key for column in section.columns), row, strict=True)) for row in rows]


def _label(section: Section, key: str) -> str:
    return str(next(column.label for column in section.columns if column.key == key))


def rag_bars(section: Section, rows: list[list], font: str, width: float) -> Drawing:
    """Stacked bars of the green, amber and red counts, one bar per row (an area, a month)."""
    keyed = _keyed(section, rows)
    drawing = Drawing(width, 150)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, width - 170, 110
    chart.data = [[row[rag] or 0 for row in keyed] for rag in RAG_COLOURS]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [str(row[section.columns[0].key]) for row in keyed]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = True, GRID
    for index, colour in enumerate(RAG_COLOURS.values()):
        chart.bars[index].fillColor, chart.bars[index].strokeColor = colour, None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y, legend.fontName, legend.fontSize = width - 115, 120, font, 8
    legend.colorNamePairs = [(colour, _label(section, rag)) for rag, colour in RAG_COLOURS.items()]
    drawing.add(legend)
    return drawing


def attainment(section: Section, rows: list[list], font: str, width: float) -> Drawing | None:
    """How far each indicator has come from its baseline towards its target (%), where it has a measurement."""
    measured = [
        (str(row["indicator"]), float((row["actual"] - row["baseline"]) / (row["target"] - row["baseline"]) * 100))
        for row in _keyed(section, rows)
        if row["actual"] is not None and row["target"] != row["baseline"]
    ]
    if not measured:
        return None
    drawing = Drawing(width, 30 + 22 * len(measured))
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 170, 20, width - 220, 22 * len(measured)
    chart.data = [[max(0.0, min(150.0, share)) for _name, share in measured]]
    chart.categoryAxis.categoryNames = [name[:28] for name, _share in measured]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 150, 25
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = True, GRID
    chart.bars[0].fillColor, chart.bars[0].strokeColor = BRAND, None
    drawing.add(chart)
    target = chart.x + chart.width * 100 / 150
    drawing.add(Line(target, chart.y - 4, target, chart.y + chart.height + 4, strokeColor=RAG_COLOURS["red"]))
    return drawing


def timeline(section: Section, rows: list[list], font: str, width: float) -> Drawing | None:
    """Each milestone on a time axis: baseline (open circle), forecast (filled; the line between them is the slip),
    completion (green)."""
    keyed = [row for row in _keyed(section, rows) if row["baseline"] and row["forecast"]]
    if not keyed:
        return None
    days = [d for row in keyed for d in (row["baseline"], row["forecast"], row["completed"]) if d]
    first, last = min(days), max(days)
    span = max(1, (last - first).days)
    left, right, step = 170, width - 20, 16
    drawing = Drawing(width, 30 + step * len(keyed))

    def x(day: datetime.date) -> float:
        return left + (right - left) * (day - first).days / span

    for year_month in _month_starts(first, last):
        drawing.add(Line(x(year_month), 18, x(year_month), 22 + step * len(keyed), strokeColor=GRID))
        drawing.add(String(x(year_month), 6, year_month.strftime("%Y-%m"), fontName=font, fontSize=6, fillColor=MUTED))
    for index, row in enumerate(reversed(keyed)):
        y = 26 + step * index
        drawing.add(String(4, y - 3, str(row["milestone"])[:30], fontName=font, fontSize=7))
        drawing.add(Line(x(row["baseline"]), y, x(row["forecast"]), y, strokeColor=MUTED, strokeWidth=2))
        drawing.add(Circle(x(row["baseline"]), y, 3, fillColor=colors.white, strokeColor=BRAND))
        drawing.add(Circle(x(row["forecast"]), y, 3, fillColor=BRAND, strokeColor=BRAND))
        if row["completed"]:
            drawing.add(Circle(x(row["completed"]), y, 2, fillColor=RAG_COLOURS["green"], strokeColor=None))
    return drawing


def _month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first day of every month from ``first`` to ``last``, thinned to at most about twelve."""
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months[:: max(1, len(months) // 12)]


CHARTS = {"rag_bars": rag_bars, "attainment": attainment, "timeline": timeline}
