"""The portfolio timeline as a PDF (A4 landscape, the vendored Korean font): the same rows, window and marks as the
page (``projects.timeline``), drawn with ReportLab, a page per ``ROWS_PER_PAGE`` projects. Text is set at sizes
read on paper without a loupe (labels ``LABEL_SIZE`` pt, the axis ``AXIS_SIZE`` pt); a project's label is cut to the
label column's width with an ellipsis, never mid-glyph past it."""

from __future__ import annotations

import datetime
import io

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from projects import timeline
from reports.charts import BRAND, GRID, MUTED, RAG_COLOURS
from reports.rendering import FONT, FONT_BOLD, register_fonts

ROWS_PER_PAGE = 13  # with up to four area headings, a page's rows fit A4 landscape at these sizes
MOST_PROJECTS = 200  # a longer export is refused with a message: narrow the filters
LATE = colors.HexColor("#b02a37")
ROW, HEADING, AXIS = 26, 22, 24
LABEL_SIZE, AXIS_SIZE, HEADING_SIZE = 10, 9, 11
LABELS = 250  # the label column's width, points


def _fit(text: str, width: float, size: float) -> str:
    """``text`` as it fits ``width`` points at ``size``: whole, or cut with an ellipsis."""
    if stringWidth(text, FONT, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _drawing(groups: list[timeline.Group], window: timeline.Window, today: datetime.date, width: float) -> Drawing:
    rows = sum(len(g.rows) for g in groups)
    height = AXIS + HEADING * len(groups) + ROW * rows + 14
    drawing = Drawing(width, height)
    left, right = LABELS, width - 10

    def x(percent: float) -> float:
        return left + (right - left) * percent / 100

    def y(from_top: float) -> float:
        return height - from_top

    for day, at in window.ticks():
        drawing.add(Line(x(at), y(AXIS), x(at), 0, strokeColor=GRID))
        drawing.add(String(x(at) + 2, y(AXIS) + 4, day.strftime("%Y-%m"), fontName=FONT, fontSize=AXIS_SIZE,
                            fillColor=MUTED))  # fmt: skip
    top = AXIS
    for group in groups:
        drawing.add(String(2, y(top + 16), group.area, fontName=FONT_BOLD, fontSize=HEADING_SIZE))
        top += HEADING
        for row in group.rows:
            middle = y(top + ROW / 2)
            label = f"{row.project.code} {row.project.title}"
            drawing.add(String(8, middle - 3.5, _fit(label, LABELS - 18, LABEL_SIZE), fontName=FONT,
                               fontSize=LABEL_SIZE))  # fmt: skip
            if row.span_from is not None:
                drawing.add(Rect(x(row.span_from), middle - 4, x(row.span_to) - x(row.span_from), 8,
                                 fillColor=colors.HexColor("#e7eef8"), strokeColor=None))  # fmt: skip
            for mark in row.marks:
                if mark.slip_to > mark.slip_from:
                    colour, stroke = (LATE, 2.5) if mark.late else (MUTED, 1.5)
                    drawing.add(Line(x(mark.slip_from), middle, x(mark.slip_to), middle, strokeColor=colour,
                                     strokeWidth=stroke))  # fmt: skip
                if mark.baseline is not None:
                    drawing.add(Circle(x(mark.baseline), middle, 3.5, fillColor=colors.white, strokeColor=BRAND))
                if mark.forecast is not None:
                    fill = LATE if mark.late else BRAND
                    drawing.add(Circle(x(mark.forecast), middle, 3, fillColor=fill, strokeColor=fill))
                if mark.completed is not None:
                    drawing.add(Circle(x(mark.completed), middle, 3, fillColor=RAG_COLOURS["green"], strokeColor=None))
            top += ROW
    if (at := window.at(today)) is not None:
        drawing.add(Line(x(at), y(AXIS), x(at), 0, strokeColor=LATE, strokeDashArray=[3, 2]))
        drawing.add(String(x(at) + 2, 2, _("Today"), fontName=FONT, fontSize=AXIS_SIZE, fillColor=LATE))
    return drawing


def write_pdf(projects: list, window: timeline.Window, today: datetime.date, total: int) -> bytes:
    """The PDF of ``projects`` (at most ``MOST_PROJECTS``; ``total`` is how many passed the filters)."""
    register_fonts()
    page = landscape(A4)
    width = page[0] - 24 * mm
    title = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=15, leading=20)
    note = ParagraphStyle("note", fontName=FONT, fontSize=9.5, leading=13, textColor=colors.grey)
    legend = _(
        "%(start)s – %(end)s · %(n)d projects · open circle: baseline, filled: forecast (red: past the baseline), "
        "green: done"
    ) % {"start": window.start, "end": window.end, "n": total}
    story = [Paragraph(_("Portfolio timeline"), title), Paragraph(legend, note)]
    for first in range(0, len(projects), ROWS_PER_PAGE):
        chunk = projects[first : first + ROWS_PER_PAGE]
        groups, _height = timeline.layout(chunk, timeline.milestones_of(chunk), window)
        if first:
            story.append(PageBreak())
        story.append(_drawing(groups, window, today, width))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                            bottomMargin=12 * mm, title=_("Portfolio timeline"))  # fmt: skip
    doc.build(story)
    return buffer.getvalue()
