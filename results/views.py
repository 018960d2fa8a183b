"""Results and lessons pages: a project's list and forms, the review by the ministry, the library across projects,
"Ask about this" and the answers to it. Every object is fetched through the access policy; what may not be seen is a
404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from access import policy
from access.policy import ANSWER, ASK, CHANGE, REVIEW, VIEW, annotate_audience, restrict
from core import pages, reviewed
from core.listing import PAGE_SIZE, filtered_page
from core.parameters import whole_number
from core.reviewed import EDITABLE_STATES, ReviewState
from core.slots import SlotTaken
from core.spreadsheets import XLSX_CONTENT_TYPE, filename
from core.versions import StaleVersion
from members.models import Organization
from projects.models import Project
from results import details, services
from results.choices import ContactState, ResultKind
from results.details import YEAR_MAX, YEAR_MIN
from results.figures import alliance_figures
from results.filters import LessonFilter, ResultFilter
from results.forms import AnswerForm, AskForm, LessonForm, ResultForm
from results.models import ContactRequest, Lesson, Result
from results.yearly_report import yearly_workbook


def _project(request: HttpRequest, code: str, action: str = VIEW) -> Project:
    return get_object_or_404(restrict(Project.objects.all(), request.user, action), code=code)


def _results(user):
    return restrict(Result.objects.select_related("project", "owner"), user)


def _lessons(user):
    return restrict(Lesson.objects.select_related("project", "author__organization", "barrier"), user)


@login_required
@require_safe
def project_results(request: HttpRequest, code: str) -> HttpResponse:
    """What a project produced and learned, as far as the user may see it."""
    project = _project(request, code)
    context = {
        "project": project,
        "results": _results(request.user).filter(project=project),
        "lessons": _lessons(request.user).filter(project=project),
        "can_add": policy.can(request.user, CHANGE, project),
        "kinds": ResultKind.choices,
    }
    return render(request, "results/project_results.html", context)


def _organizations(project: Project):
    return Organization.objects.filter(participations__project=project).order_by("name_ko")


def _save_work(request, form, work, save, *, action: str) -> bool:
    """Save (and on ``submit`` send for review) ``work`` from a valid ``form``; a refusal shows on the form."""
    try:
        with transaction.atomic():  # a refused submission saves nothing: the form keeps what was typed
            for name, value in form.content().items():
                setattr(work, name, value)
            save(work, request.user, expected_version=form.cleaned_data.get("version"))
            if action == "submit":
                reviewed.submit(work, by=request.user, expected_version=work.version)
    except (StaleVersion, ValidationError) as error:
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for field, problems in error.message_dict.items():
                target = field if field in form.fields else f"detail_{field}"
                form.add_error(target if target in form.fields else None, problems)
        else:
            pages.refused(request, error, form)
        return False
    messages.success(request, _("Submitted for review.") if action == "submit" else _("Saved."))
    return True


def _work_page(request, work, form, template: str, extra: dict) -> HttpResponse:
    """A result's or lesson's page: its form while the user edits it, its review form for the ministry."""
    reviewable = work.pk is not None and policy.can(request.user, REVIEW, work)
    action = request.POST.get("action")
    review_form = None
    if reviewable:
        data = request.POST if request.method == "POST" and action == "review" else None
        review_form = pages.ReviewForm(data, initial={"version": work.version})
        if review_form.is_bound and review_form.is_valid() and pages.decide(request, work, review_form):
            messages.success(request, _("Decision recorded."))
            return redirect(request.path)
    context = {"work": work, "form": form, "review_form": review_form, "project": work.project, **extra}
    return render(request, template, context)


def _editable(request, work) -> bool:
    return work.pk is None or (work.state in EDITABLE_STATES and policy.can(request.user, CHANGE, work))


@login_required
@require_http_methods(["GET", "POST"])
def result_new(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    if kind not in ResultKind.values:
        raise Http404
    project = _project(request, code, CHANGE)
    result = Result(project=project, kind=kind, owner_id=request.user.organization_id)
    return _result_page(request, result)


@login_required
@require_http_methods(["GET", "POST"])
def result_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    visible = annotate_audience(_results(request.user).select_related("author", "reviewer"), request.user, "project")
    result = get_object_or_404(visible, project__code=code, pk=pk)
    return _result_page(request, result)


def _result_page(request: HttpRequest, result: Result) -> HttpResponse:
    editable = _editable(request, result)
    action = request.POST.get("action")
    if request.method == "POST" and not (editable or policy.can(request.user, REVIEW, result)):
        raise Http404
    form = None
    if editable:
        initial = {"version": result.version, "owner": result.owner_id, "achieved_on": result.achieved_on,
                   "title": result.title, "summary": result.summary, "reach": result.reach}  # fmt: skip
        initial.update({f"detail_{name}": value for name, value in result.details.items()})
        if result.pk:
            initial["evidence"] = list(result.evidence.values_list("pk", flat=True))
        data = request.POST if request.method == "POST" and action in ("save", "submit") else None
        documents = restrict(services.evidence_documents(result.project), request.user).order_by("name")
        form = ResultForm(data, kind=result.kind, organizations=_organizations(result.project),
                          documents=documents, initial=initial, new=result.pk is None)  # fmt: skip

        def save(work, by, expected_version):
            evidence = list(form.cleaned_data["evidence"])
            return services.save_result(work, by, expected_version=expected_version, evidence=evidence)

        if form.is_bound and form.is_valid() and _save_work(request, form, result, save, action=action):
            return redirect("result_detail", code=result.project.code, pk=result.pk)
    extra = {
        "kind_label": ResultKind(result.kind).label,
        "details": details.shown(result.kind, result.details) if result.pk else [],
        "evidence": restrict(result.evidence.all(), request.user) if result.pk else [],
        "ask_form": AskForm() if result.pk and policy.can(request.user, ASK, result) else None,
    }
    return _work_page(request, result, form, "results/result_detail.html", extra)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_new(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code, CHANGE)
    return _lesson_page(request, Lesson(project=project))


@login_required
@require_http_methods(["GET", "POST"])
def lesson_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    visible = annotate_audience(_lessons(request.user).select_related("author", "reviewer"), request.user, "project")
    lesson = get_object_or_404(visible, project__code=code, pk=pk)
    return _lesson_page(request, lesson)


def _lesson_page(request: HttpRequest, lesson: Lesson) -> HttpResponse:
    editable = _editable(request, lesson)
    action = request.POST.get("action")
    if request.method == "POST" and not (editable or policy.can(request.user, REVIEW, lesson)):
        raise Http404
    form = None
    if editable:
        fields = ("title", "context", "tried", "worked", "did_not_work", "advice", "technology", "reach")
        initial = {name: getattr(lesson, name) for name in fields}
        initial.update(version=lesson.version, barrier=lesson.barrier_id)
        data = request.POST if request.method == "POST" and action in ("save", "submit") else None
        barriers = lesson.project.policy_barriers.order_by("pk")
        form = LessonForm(data, barriers=barriers, initial=initial, new=lesson.pk is None)
        if form.is_bound and form.is_valid() and _save_work(request, form, lesson, services.save_lesson, action=action):
            return redirect("lesson_detail", code=lesson.project.code, pk=lesson.pk)
    return _work_page(request, lesson, form, "results/lesson_detail.html", {})


# -- the library ------------------------------------------------------------------------------------------------------


def _accepted(rows):
    """Only accepted work counts in the library, whoever reads it (drafts live on their project's page)."""
    return rows.filter(state=ReviewState.ACCEPTED)


@login_required
@require_safe
def library(request: HttpRequest) -> HttpResponse:
    """Accepted results across the projects the user sees, searched and filtered."""
    listing = filtered_page(request, ResultFilter, _accepted(_results(request.user)).order_by("-achieved_on", "-pk"))
    return render(request, "results/library.html", {**listing.context(), "tab": "results"})


@login_required
@require_safe
def library_lessons(request: HttpRequest) -> HttpResponse:
    listing = filtered_page(request, LessonFilter, _accepted(_lessons(request.user)).order_by("-created_at", "-pk"))
    return render(request, "results/library.html", {**listing.context(), "tab": "lessons"})


@login_required
@require_safe
def review_list(request: HttpRequest) -> HttpResponse:
    """The ministry's queue of results and lessons waiting for a decision."""
    if not policy.can(request.user, "review"):
        raise Http404
    waiting = {"state": ReviewState.SUBMITTED}
    context = {
        "results": Paginator(_results(request.user).filter(**waiting).order_by("submitted_at", "pk"), PAGE_SIZE)
        .get_page(request.GET.get("page")),
        "lessons": _lessons(request.user).filter(**waiting).order_by("submitted_at", "pk")[:PAGE_SIZE],
    }  # fmt: skip
    return render(request, "results/review_list.html", context)


@login_required
@require_safe
def results_report(request: HttpRequest) -> HttpResponse:
    """The yearly results report (XLSX) of the alliance's figures, for those who see them (ministry staff)."""
    if not policy.can(request.user, "see_alliance_figures"):
        raise Http404
    year = whole_number(request.GET.get("year"), minimum=YEAR_MIN, maximum=YEAR_MAX)
    if year is None:
        message = _("Choose a year between %(first)d and %(last)d.") % {"first": YEAR_MIN, "last": YEAR_MAX}
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    figures = alliance_figures(restrict(Project.objects.all(), request.user), year=year)
    response = HttpResponse(yearly_workbook(figures, year), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(f"results-{year}", "xlsx")}"'
    return response


# -- "Ask about this" -------------------------------------------------------------------------------------------------


@login_required
@require_POST
def result_ask(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(restrict(Result.objects.select_related("project"), request.user, ASK), pk=pk)
    form = AskForm(request.POST)
    if form.is_valid():
        try:
            services.ask(result, request.user, form.cleaned_data["message"])
        except (SlotTaken, ValidationError) as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your question was sent to the owner organization."))
    else:
        messages.error(request, " ".join(form.errors.get("message", [])))
    return redirect("result_detail", code=result.project.code, pk=result.pk)


@login_required
@require_safe
def contact_list(request: HttpRequest) -> HttpResponse:
    """Questions asked of the user's organization, and those the user asked; an address shows once accepted."""
    seen = restrict(
        ContactRequest.objects.select_related("result__project", "requester__organization", "answered_by"),
        request.user,
    )
    organization = request.user.organization_id
    received = seen.filter(result__owner_id=organization) if organization else seen.none()
    answerable = restrict(received, request.user, ANSWER).values_list("pk", flat=True)
    context = {
        "received": received,
        "sent": seen.filter(requester=request.user),
        "answerable": set(answerable),
        "answer_form": AnswerForm(),
    }
    return render(request, "results/contact_list.html", context)


@login_required
@require_POST
def contact_answer(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(restrict(ContactRequest.objects.all(), request.user, ANSWER), pk=pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or decline."))
        return redirect("contact_list")
    try:
        services.answer(contact, request.user, accept=form.cleaned_data["decision"] == ContactState.ACCEPTED)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Answer recorded."))
    return redirect("contact_list")
