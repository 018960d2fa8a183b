"""The demo's results and lessons: most projects report some, in every state (most accepted, some waiting for the
ministry, a few drafts or returned), shared with the alliance, opened or kept to the participants; drawn per project
so the demo is the same every time, dated before the demo's day."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from core.reviewed import ReviewState
from members.models import Role, User
from projects.demo import SEED, SeedResult
from projects.models import Project
from results import demo_data
from results.choices import Reach
from results.details import clean_details
from results.models import Lesson, Result

STATES = {ReviewState.ACCEPTED: 74, ReviewState.SUBMITTED: 14, ReviewState.DRAFT: 7, ReviewState.RETURNED: 5}
REACHES = {Reach.ALLIANCE: 60, Reach.OPEN: 30, Reach.PARTICIPANTS: 10}
RETURN_COMMENT = "근거 자료(출원서 사본 또는 측정 기록)를 첨부해 다시 제출해 주세요."


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def _pick(draw: random.Random, weights: dict):
    return draw.choices(list(weights), weights=list(weights.values()))[0]


def _details(template: dict, as_of: datetime.date, n: int) -> dict:
    """The template's details with its day offsets as dates and its numbers drawn for the project."""
    given = {}
    for name, value in template.items():
        if isinstance(value, int) and value < 0:
            value = (as_of + datetime.timedelta(days=value)).isoformat()
        elif isinstance(value, str):
            value = value.format(n=n)
        given[name] = value
    return given


def _review(work, draw, state, reviewer, achieved: datetime.date) -> None:
    """Stamp the review state as if it had happened a few days after the work was done."""
    work.state = state
    if state == ReviewState.DRAFT:
        return
    work.submitted_at = _moment(achieved + datetime.timedelta(days=draw.randint(3, 12)), 10)
    if state in (ReviewState.ACCEPTED, ReviewState.RETURNED):
        work.reviewer = reviewer
        work.reviewed_at = work.submitted_at + datetime.timedelta(days=draw.randint(1, 6))
        work.review_comment = RETURN_COMMENT if state == ReviewState.RETURNED else ""


@transaction.atomic
def seed(as_of: datetime.date, result: SeedResult) -> None:
    """Results and lessons for most projects, unless there are some already (idempotent)."""
    if Result.objects.exists() or Lesson.objects.exists():
        return
    reviewer = User.objects.filter(role=Role.MINISTRY_ADMIN, username="ministry").first()
    for number, project in enumerate(Project.objects.order_by("code")):
        author = User.objects.filter(organization=project.lead_organization, role=Role.MEMBER_EDITOR).order_by("pk")
        author = author.first()
        if author is None or reviewer is None:
            continue
        draw = random.Random(f"{SEED}-results-{project.code}")  # nosec B311  seeded for repeatable demo data
        if draw.random() < 0.15:  # some projects have reported nothing yet
            continue
        templates = draw.sample(demo_data.RESULTS[project.area], k=draw.randint(1, 3))
        for kind, title, details in templates:
            achieved = as_of - datetime.timedelta(days=draw.randint(20, 520))
            work = Result(project=project, kind=kind, title=title, owner=project.lead_organization, author=author,
                          achieved_on=achieved, reach=_pick(draw, REACHES),
                          details=clean_details(kind, _details(details, as_of, number)),
                          summary=f"{project.title_ko} 과제의 성과입니다.")  # fmt: skip
            _review(work, draw, _pick(draw, STATES), reviewer, achieved)
            work._history_user = author
            work.save()
            result.count("results")
        if draw.random() < 0.5:
            title, context, tried, worked, did_not, advice, technology = demo_data.LESSONS[project.area]
            written = as_of - datetime.timedelta(days=draw.randint(20, 300))
            lesson = Lesson(project=project, author=author, title=title, context=context, tried=tried,
                            worked=worked, did_not_work=did_not, advice=advice, technology=technology,
                            barrier=project.policy_barriers.order_by("pk").first())  # fmt: skip
            _review(lesson, draw, _pick(draw, STATES), reviewer, written)
            lesson._history_user = author
            lesson.save()
            result.count("lessons")
