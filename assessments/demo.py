"""The demo's AI-ethics checks: the checklist in force (published a year before the demo day) and assessments in
every state for some projects, answered by a per-project draw so the demo is the same every time."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from assessments import demo_data, figures
from assessments.choices import Response
from assessments.models import Answer, Assessment, Checklist, Question
from core.reviewed import ReviewState
from members.models import Role, User
from projects.demo import SEED, SeedResult
from projects.models import Project

WEIGHTS = {Response.YES: 78, Response.PARTLY: 12, Response.NO: 4, Response.NOT_APPLICABLE: 6}


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def seed(as_of: datetime.date, result: SeedResult) -> None:
    """The checklist and the demo's checks, unless the checklist is there already (idempotent)."""
    if Checklist.objects.filter(number=1).exists():
        return
    checklist = Checklist.objects.create(number=1, title_ko=demo_data.TITLE[0], title_en=demo_data.TITLE[1])
    orders: dict[str, int] = {}
    for stage, consideration, text_ko, text_en in demo_data.QUESTIONS:
        orders[stage] = orders.get(stage, 0) + 1
        Question.objects.create(
            checklist=checklist,
            stage=stage,
            consideration=consideration,
            order=orders[stage],
            text_ko=text_ko,
            text_en=text_en,
        )
    checklist.published_at = _moment(as_of - datetime.timedelta(days=365), 9)
    checklist.save(update_fields=["published_at", "updated_at"])
    result.count("AI-ethics checklists")
    reviewer = User.objects.filter(role=Role.MINISTRY_ADMIN, username="ministry").first()
    for code, state in demo_data.CHECKS.items():
        project = Project.objects.filter(code=code).first()
        author = User.objects.filter(organization__led_projects=project, role=Role.MEMBER_EDITOR).order_by("pk")
        author = author.first() if project else None
        if author is None or reviewer is None:
            continue
        # seeded for repeatable demo data, never for a secret (bandit B311)
        _check(random.Random(f"{SEED}-ethics-{code}"), project, checklist, author, reviewer, state, as_of)  # nosec B311
        result.count("AI-ethics assessments")
    figures.refresh()


def _check(draw, project, checklist, author, reviewer, state, as_of) -> None:
    submitted = _moment(as_of - datetime.timedelta(days=draw.randint(20, 200)), 10)
    assessment = Assessment.objects.create(
        project=project, checklist=checklist, author=author, state=ReviewState.SUBMITTED, submitted_at=submitted
    )
    for question in checklist.questions.all():
        response = draw.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        note = draw.choice(demo_data.NOTES[response]) if response in demo_data.NOTES else ""
        Answer.objects.create(assessment=assessment, question=question, response=response, note=note)
    if state == ReviewState.SUBMITTED:
        return
    assessment.state = state
    assessment.reviewer = reviewer
    assessment.reviewed_at = submitted + datetime.timedelta(days=draw.randint(2, 9))
    assessment.review_comment = demo_data.RETURN_COMMENT if state == ReviewState.RETURNED else ""
    assessment.save()
