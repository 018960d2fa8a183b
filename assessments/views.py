"""AI-ethics check pages: a project's checks, filling one in, the ministry's review and overview, the checklist.
Every object is fetched through the access policy; what may not be seen is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from access import policy
from access.policy import CHANGE, REVIEW, VIEW, annotate_audience, restrict
from assessments import exports, selectors, services
from assessments.choices import Stage
from assessments.forms import AnswersForm, AssessmentReviewForm
from assessments.models import Assessment, Checklist
from core import pages, reviewed
from core.limits import limited
from core.listing import PAGE_SIZE
from core.parameters import whole_number
from core.reviewed import ReviewState
from core.versions import StaleVersion
from projects.choices import EDITABLE_STATES
from projects.models import Project


def _project(request: HttpRequest, code: str, action: str = VIEW) -> Project:
    projects = restrict(Project.objects.all(), request.user, action)
    return get_object_or_404(projects.listed(timezone.localdate()), code=code)


@login_required
@require_safe
def project_checks(request: HttpRequest, code: str) -> HttpResponse:
    """A project's AI-ethics checks: whether the current one is in place, and the assessments the user may see."""
    project = _project(request, code)
    assessments = (
        restrict(Assessment.objects.filter(project=project), request.user)
        .select_related("checklist", "author", "reviewer")
        .order_by("-created_at")
    )
    can_start = (
        policy.can(request.user, CHANGE, project)
        and services.open_assessment(project) is None
        and Checklist.objects.current() is not None
    )
    context = {"project": project, "assessments": assessments, "can_start": can_start}
    return render(request, "assessments/project_checks.html", context)


@login_required
@require_POST
def assessment_start(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code, CHANGE)
    try:
        assessment = services.start_assessment(project, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("project_checks", code=code)
    return redirect("assessment_detail", code=code, pk=assessment.pk)


def _questions_by_stage(rows):
    """(stage label, [rows of that stage]) in the checklist's order."""
    stages = {stage.value: (stage.label, []) for stage in Stage}
    for row in rows:
        stages[row[0].stage][1].append(row)
    return [group for group in stages.values() if group[1]]


@login_required
@require_http_methods(["GET", "POST"])
def assessment_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One assessment: filled in by the project's editors while it is a draft or returned, reviewed by the
    ministry once submitted, read by both."""
    visible = restrict(Assessment.objects.select_related("project", "checklist", "author", "reviewer"), request.user)
    assessment = get_object_or_404(annotate_audience(visible, request.user, "project"), project__code=code, pk=pk)
    project = _project(request, code)
    questions = assessment.checklist.questions.order_by("stage", "order")
    answers = {answer.question_id: answer for answer in assessment.answers.all()}
    for answer in answers.values():
        answer.audience = assessment.audience  # the field map's question is the project's
    editable = assessment.state in EDITABLE_STATES and policy.can(request.user, CHANGE, assessment)
    reviewable = policy.can(request.user, REVIEW, assessment)
    if request.method == "POST" and not (editable or reviewable):
        raise Http404
    action = request.POST.get("action")  # which form was sent: answers ("save", "submit") or a review
    answers_form = review_form = None
    if editable:
        data = request.POST if request.method == "POST" and action in ("save", "submit") else None
        answers_form = AnswersForm(data, questions=questions, answers=answers, initial={"version": assessment.version})
    if reviewable:
        data = request.POST if request.method == "POST" and action == "review" else None
        review_form = AssessmentReviewForm(data, initial={"version": assessment.version})
    try:
        if answers_form is not None and answers_form.is_bound and answers_form.is_valid():
            version = answers_form.cleaned_data["version"]
            with transaction.atomic():  # a refused submission saves nothing: the form keeps the typed answers
                services.save_answers(assessment, answers_form.given(), expected_version=version, by=request.user)
                if action == "submit":
                    reviewed.submit(assessment, by=request.user, expected_version=assessment.version)
            if action == "submit":
                messages.success(request, _("Assessment submitted for review."))
            else:
                messages.success(request, _("Answers saved."))
            return redirect("assessment_detail", code=code, pk=pk)
    except (StaleVersion, ValidationError) as error:
        pages.refused(request, error, answers_form)
    deciding = review_form is not None and review_form.is_bound and review_form.is_valid()
    if deciding and pages.decide(request, assessment, review_form):
        messages.success(request, _("Decision recorded."))
        return redirect("assessment_detail", code=code, pk=pk)
    rows = answers_form.rows() if answers_form else [(q, answers.get(q.pk), None) for q in questions]
    context = {
        "project": project,
        "assessment": assessment,
        "stages": _questions_by_stage(rows),
        "answers_form": answers_form,
        "review_form": review_form,
        "answered": len(answers),
        "total": len(questions),
    }
    return render(request, "assessments/assessment_detail.html", context)


@login_required
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    """The ministry's view across the portfolio: coverage, "no" answers by consideration, the review queue."""
    if not policy.can(request.user, "see_ethics_coverage"):
        raise Http404
    projects = restrict(Project.objects.all(), request.user)
    waiting = (
        restrict(Assessment.objects.filter(state=ReviewState.SUBMITTED), request.user)
        .select_related("project", "checklist", "author__organization")
        .order_by("submitted_at", "pk")
    )
    context = {
        "coverage": selectors.coverage(projects, timezone.localdate()),
        "page": Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "assessments/overview.html", context)


@login_required
@require_safe
def checklist(request: HttpRequest) -> HttpResponse:
    """The checklist in force (or another version, ``?version=N``), its questions by stage."""
    versions = restrict(Checklist.objects.all(), request.user)
    number = request.GET.get("version")
    if number:
        shown = get_object_or_404(versions, number=whole_number(number)) if whole_number(number) else None
        if shown is None:
            raise Http404
    else:
        shown = versions.filter(published_at__isnull=False).first()
    questions = shown.questions.order_by("stage", "order") if shown else []
    context = {
        "checklist": shown,
        "versions": versions,
        "stages": _questions_by_stage([(q,) for q in questions]),
    }
    return render(request, "assessments/checklist.html", context)


@login_required
@require_safe
@limited("exports")
def answers_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every answer of the assessments the user may see, one row each (the note as the field map allows)."""
    assessments = restrict(Assessment.objects.all(), request.user)
    return exports.answers(assessments, request.user, fmt)
