"""Reads of AI-ethics checks: the ministry's coverage figures and the rows of the answers export."""

from __future__ import annotations

import datetime

from django.db.models import Count, QuerySet

from assessments.choices import Consideration, Response
from assessments.models import Answer, Assessment, Checklist
from core.reviewed import ReviewState
from projects import portfolio


def latest_accepted(checklist: Checklist | None) -> QuerySet:
    """Each project's latest accepted assessment of ``checklist`` (ids)."""
    return (
        Assessment.objects.filter(checklist=checklist, state=ReviewState.ACCEPTED)
        .order_by("project_id", "-reviewed_at")
        .distinct("project_id")
        .values("pk")
    )


def coverage(projects: QuerySet, today: datetime.date) -> dict:
    """How far ``projects`` (the user's, through the policy) are checked against the checklist in force: the
    counts of ``projects.portfolio.ethics_coverage``, the checks waiting for review, and the "no" answers of the
    latest accepted checks by consideration (every consideration listed, zeros too)."""
    counts = portfolio.ethics_coverage(projects, today)
    checklist = Checklist.objects.current()
    no_answers = dict(
        Answer.objects.filter(
            assessment__in=latest_accepted(checklist), assessment__project__in=projects, response=Response.NO
        )
        .values_list("question__consideration")
        .annotate(n=Count("pk"))
    )
    counts["checklist"] = checklist
    counts["waiting"] = Assessment.objects.filter(project__in=projects, state=ReviewState.SUBMITTED).count()
    counts["no_by_consideration"] = [(c, no_answers.get(c.value, 0)) for c in Consideration]
    return counts
