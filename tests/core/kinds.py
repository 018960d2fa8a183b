"""The reviewed kinds (``core.reviewed``), each as the contract tests drive it: make one submitted by a member
editor, and rewrite one's content as someone else would (an administrator, after returning it)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from assessments import services as assessment_services
from assessments.choices import Response
from core import reviewed
from groups import services as group_services
from money import services as money_services
from projects import services as project_services
from results import services as result_services
from tests import factories

TODAY = datetime.date(2026, 10, 15)  # a fixed day in a reporting period: no test reads the calendar


def _status_update(project, author):
    fields = {"rag": "green", "progress_percent": 40, "achievements": "Line 2 runs the model."}
    update = project_services.save_status_draft(project, author, fields, today=TODAY)
    return reviewed.submit(update, by=author, expected_version=update.version)


def _rewrite_status_update(update, by):
    fields = {"achievements": "Rewritten by someone else."}
    project_services.save_status_draft(
        update.project, by, fields, today=TODAY, update=update, expected_version=update.version
    )


def _assessment(project, author):
    factories.published_checklist(questions=2)
    return factories.submitted_assessment(project, author)


def _rewrite_assessment(assessment, by):
    question = assessment.checklist.questions.first()
    given = {question.pk: assessment_services.Given(Response.PARTLY, "Rewritten by someone else.")}
    assessment_services.save_answers(assessment, given, expected_version=assessment.version, by=by)


def _execution(project, author):
    return factories.submitted_execution(project, author)


def _rewrite_execution(execution, by):
    execution.government_received_krw = 120_000_000
    money_services.save_execution(execution, {"personnel": 60_000_000}, expected_version=execution.version, by=by)


def _plan(project, author):
    return factories.submitted_plan(project, author)


def _rewrite_plan(plan, by):
    """The same total on another line: only the lines change (four eyes still counts the writer)."""
    parts = [money_services.PlanPart(plan.author.organization_id, "equipment", 500_000_000)]
    money_services.save_plan(plan.project, plan.fiscal_year, parts, by, expected_version=plan.version)


def _minutes(project, author):
    group = factories.WorkingGroupFactory(chair=author.organization)
    group.projects.add(project)
    return factories.submitted_minutes(factories.scheduled_meeting(group, project=project), author)


def _rewrite_minutes(minutes, by):
    minutes.decisions = "Rewritten by someone else."
    group_services.save_minutes(minutes, by, expected_version=minutes.version)


def _result(project, author):
    return factories.submitted_result(project, author)


def _rewrite_result(result, by):
    result.title = "Rewritten by someone else"
    result_services.save_result(result, by, expected_version=result.version)


def _lesson(project, author):
    return factories.submitted_lesson(project, author)


def _rewrite_lesson(lesson, by):
    lesson.advice = "Rewritten by someone else."
    result_services.save_lesson(lesson, by, expected_version=lesson.version)


@dataclass(frozen=True)
class Kind:
    name: str
    submitted: Callable  # (project, author) -> a submitted work
    rewrite: Callable  # (work, by) -> None: changes its content
    endpoint: str  # the API's collection


KINDS = [
    Kind("status update", _status_update, _rewrite_status_update, "status-updates"),
    Kind("AI-ethics assessment", _assessment, _rewrite_assessment, "ai-ethics-assessments"),
    Kind("execution", _execution, _rewrite_execution, "executions"),
    Kind("budget plan", _plan, _rewrite_plan, "budget-plans"),
    Kind("meeting minutes", _minutes, _rewrite_minutes, "minutes"),
    Kind("result", _result, _rewrite_result, "results"),
    Kind("lesson", _lesson, _rewrite_lesson, "lessons"),
]


def returned_and_rewritten(kind: Kind, project, author, admin):
    """Submitted by ``author``, returned by ``admin``, rewritten and submitted again by ``admin``."""
    work = kind.submitted(project, author)
    reviewed.decide(work, admin, accept=False, comment="Fix it", expected_version=work.version)
    kind.rewrite(work, admin)
    work.refresh_from_db()
    return reviewed.submit(work, by=admin, expected_version=work.version)
