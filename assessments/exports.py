"""The answers export (CSV, XLSX): one row per answer, each cell as the field map lets the viewer see it."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpResponse
from django.utils.translation import gettext as _

from access.fields import sees
from access.policy import annotate_audience
from assessments.choices import Consideration, Response, Stage
from assessments.models import Answer
from core.reviewed import ReviewState
from core.rows import streamed
from core.spreadsheets import csv_stream, xlsx_response

CHUNK = 500


def _columns() -> list[str]:
    return [
        _("Project"), _("Checklist version"), _("State"), _("Submitted"), _("Reviewed"), _("Stage"),
        _("Consideration"), _("Question"), _("Answer"), _("Note"),
    ]  # fmt: skip


def _rows(answers) -> Iterator[list]:
    for a in streamed(answers, chunk_size=CHUNK):
        assessment, question = a.assessment, a.question
        yield [
            assessment.project.code, assessment.checklist.number, str(ReviewState(assessment.state).label),
            assessment.submitted_at and assessment.submitted_at.date(),
            assessment.reviewed_at and assessment.reviewed_at.date(),
            str(Stage(question.stage).label), str(Consideration(question.consideration).label),
            f"{question.order}. {question.text}", str(Response(a.response).label),
            a.note if sees(a.audience, Answer, "note") else None,
        ]  # fmt: skip


def answers(assessments, user, fmt: str) -> HttpResponse:
    """The answers of ``assessments`` (already restricted to what ``user`` may see), by project and question."""
    rows = annotate_audience(Answer.objects.filter(assessment__in=assessments), user, "assessment__project")
    rows = rows.select_related("assessment__project", "assessment__checklist", "question").order_by(
        "assessment__project__code", "-assessment__created_at", "question__stage", "question__order"
    )
    if fmt == "xlsx":
        return xlsx_response("ai-ethics-answers", _("AI-ethics answers"), _columns(), _rows(rows))
    return csv_stream("ai-ethics-answers", _columns(), _rows(rows))
