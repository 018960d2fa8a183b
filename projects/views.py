"""Portfolio pages. Every object is fetched through a permission queryset; what may not be seen is a 404."""

from __future__ import annotations

import datetime
import hashlib
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Value
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from access import policy
from access.policy import CHANGE, REVIEW, restrict
from core import pages, reviewed
from core.limits import limited
from core.listing import PAGE_SIZE, filtered_page
from core.pages import ReviewForm
from core.periods import reporting_period
from core.reviewed import ReviewState
from core.search import MAX_QUERY_LENGTH
from core.versions import StaleVersion
from projects import exports, health, portfolio, search, services, timeline
from projects.choices import EDITABLE_STATES
from projects.filters import BarrierFilter, MoneyProjectFilter, ProjectFilter
from projects.forms import (
    BarrierStatusForm,
    IndicatorValueForm,
    MilestoneForm,
    PolicyBarrierForm,
    StatusUpdateForm,
)
from projects.history import project_history
from projects.models import Indicator, IndicatorValue, Milestone, Phase, PolicyBarrier, Project, Rag, StatusUpdate


def chart_text() -> dict:
    """Translated labels the chart script needs (it has no access to gettext)."""
    return {
        "rag": {**{value: str(label) for value, label in Rag.choices}, "none": _("Not rated")},
        "progress": _("Average progress %"),
        "updates": _("Accepted updates"),
        "attainment": _("Average attainment %"),
        "timeline": {"baseline": _("Baseline"), "forecast": _("Forecast"), "completed": _("Completed")},
        "actual": _("Actual"),
        "baseline": _("Baseline"),
        "target": _("Target"),
    }


# -- dashboard -------------------------------------------------------------------------------------------------------


def _dashboard_panel(name: str, figures: dict, today: datetime.date) -> str:
    """The dashboard's portfolio panels above (``head``) or below (``body``) the viewer's own projects: drawn from
    the figures alone, never from the request, so one drawing serves everyone with the same copy of the figures."""
    checks = figures["checks"]
    for project in checks:
        project.reasons = health.reasons(project)
    upcoming = figures["upcoming"]
    context = {
        "today": today,
        "period": reporting_period(today),
        "tiles": figures["tiles"],
        "checks": checks,
        "charts": {
            "rag_by_area": figures["rag_by_area"],
            "trend": figures["trend"],
            "attainment": figures["attainment"],
        },
        "upcoming": upcoming,
        "upcoming_timeline": [
            {"label": f"{m.project.code} · {m.title}", "forecast": m.forecast_date.isoformat()} for m in upcoming
        ],
        "phases": Phase.choices,
        "rags": Rag.choices,
        "chart_text": chart_text(),
        "money": figures["money"],
        "ethics": figures["ethics"],
    }
    return render_to_string(f"projects/_dashboard_{name}.html", context)


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    today, user = timezone.localdate(), request.user
    projects = restrict(Project.objects.all(), user)
    abilities = {portfolio.MONEY: "see_portfolio_money", portfolio.ETHICS: "see_ethics_coverage"}
    sees = frozenset(sight for sight, ability in abilities.items() if policy.can(user, ability))
    figures = portfolio.portfolio_figures(projects, today, scope=policy.portfolio_scope(user), sees=sees)
    context = {
        "panels": {
            name: portfolio.drawn(figures, f"dashboard:{name}", partial(_dashboard_panel, name, figures, today))
            for name in ("head", "body")
        },
        "my_projects": (
            portfolio.my_projects(policy.annotate_audience(policy.taken_part_in(projects, user), user), today)
            if policy.can(user, "take_part")
            else None
        ),
        "period": reporting_period(today),
    }
    return render(request, "projects/dashboard.html", context)


def _drawing_name(page: str, request: HttpRequest) -> str:
    """A page's drawing named by its query string (hashed: any length, any characters)."""
    return f"{page}:{hashlib.sha256(request.GET.urlencode().encode()).hexdigest()}"


# -- project list and exports ----------------------------------------------------------------------------------------


def _annotated_projects(request: HttpRequest):
    """The projects the user may see, with the user's audience for each (the field map) and the figures shown."""
    money = policy.can(request.user, "see_portfolio_money")
    return policy.visible_projects(request.user).listed(timezone.localdate(), money=money)


def _project_filter(request: HttpRequest) -> type[ProjectFilter]:
    return MoneyProjectFilter if policy.can(request.user, "see_portfolio_money") else ProjectFilter


@login_required
@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    """The list's table and its filter form depend on the query string, the projects the viewer may see and whether
    they see money — nothing else of the viewer (no per-row audience field is shown): both are kept per copy of the
    portfolio's data (``portfolio.kept_drawing``); the saved-view form (the viewer's own token) is drawn for the
    request."""
    user, filter_class, projects = request.user, _project_filter(request), _annotated_projects(request)
    query = request.GET.copy()
    query.pop("page", None)
    sees = frozenset({portfolio.MONEY}) if filter_class is MoneyProjectFilter else frozenset()
    kept = partial(portfolio.kept_drawing, scope=policy.portfolio_scope(user), today=timezone.localdate(), sees=sees)

    def table() -> str:
        listing = filtered_page(request, filter_class, projects)
        return render_to_string("projects/_project_table.html", listing.context())

    def filters() -> str:
        return render_to_string("projects/_project_filters.html", {"filter": filter_class(request.GET, projects)})

    context = {"query": query.urlencode(), "table": kept(_drawing_name("projects", request), table)}
    if request.headers.get("HX-Request"):
        return render(request, "projects/_project_results.html", context)
    context["filters"] = kept(_drawing_name("project-filters", request), filters)
    return render(request, "projects/project_list.html", context)


@login_required
@require_safe
@limited("exports")
def project_export(request: HttpRequest, fmt: str) -> HttpResponse:
    filterset = _project_filter(request)(request.GET, queryset=_annotated_projects(request))
    if not filterset.is_valid():
        return HttpResponse(_("Invalid filters."), status=400, content_type="text/plain; charset=utf-8")
    if fmt == "csv":
        return exports.projects_csv(filterset.qs)
    return exports.projects_xlsx(filterset.qs)


# -- the portfolio timeline ------------------------------------------------------------------------------------------


@login_required
@require_safe
def portfolio_timeline(request: HttpRequest) -> HttpResponse:
    """Every visible project's milestones on a time axis, grouped by area, with the project list's filters; paged
    (25 projects) so its cost does not grow with the portfolio. The drawing (filter form and all below it) depends on
    the query string and the projects the viewer may see, nothing else of the viewer: it is kept per copy of the
    portfolio's data (``portfolio.kept_drawing``)."""
    today = timezone.localdate()
    filterset, projects, window = timeline.selection(request.user, request.GET, today)
    query = request.GET.copy()
    query.pop("page", None)
    span = next((key for key, months in timeline.SPANS.items() if months == window.months), "")
    drawing = {"filter": filterset, "span": span, "window": window, "query": query.urlencode()}
    draw = partial(_timeline_drawing, drawing, projects, request.GET.get("page"), today)
    context = {
        "query": query.urlencode(),
        "drawing": portfolio.kept_drawing(
            _drawing_name("timeline", request), draw, scope=policy.portfolio_scope(request.user), today=today
        ),
        "spans": [(key, timeline.SPAN_LABELS[key]) for key in timeline.SPANS],
        "span": span,
        "start_key": window.start.strftime("%Y-%m"),
        "earlier": window.shifted(-1).strftime("%Y-%m"),
        "later": window.shifted(1).strftime("%Y-%m"),
    }
    return render(request, "projects/timeline.html", context)


def _timeline_drawing(context: dict, projects, page_number: str | None, today: datetime.date) -> str:
    """The timeline's filter form and page of projects drawn (labels, SVG, pagination, the table of milestones), for
    ``context`` (the bound filter form, span, window and query string)."""
    page = Paginator(projects, PAGE_SIZE).get_page(page_number)
    shown = list(page.object_list)
    window = context["window"]
    groups, height = timeline.layout(shown, timeline.milestones_of(shown), window)
    context = {
        **context,
        "page": page,
        "groups": groups,
        "height": height,
        "heading": timeline.HEADING,
        "axis_line": timeline.AXIS - 6,
        "today_at": window.at(today),
    }
    return render_to_string("projects/_timeline_drawing.html", context)


# -- search ----------------------------------------------------------------------------------------------------------


@login_required
@require_safe
@limited("search")
def search_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    context = {"search_text": text, "groups": None, "too_long": len(text) > MAX_QUERY_LENGTH}
    if text and not context["too_long"]:
        context["groups"] = search.search(request.user, text)
    return render(request, "projects/search.html", context)


# -- project detail --------------------------------------------------------------------------------------------------


def _visible_project(request: HttpRequest, code: str) -> Project:
    return get_object_or_404(_annotated_projects(request), code=code)


@login_required
@require_safe
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    project = _visible_project(request, code)
    project.reasons = health.reasons(project)
    milestones = list(Milestone.objects.filter(project=project).with_slippage())
    updates = (
        restrict(StatusUpdate.objects.filter(project=project), request.user)
        .annotate(audience=Value(project.audience))
        .select_related("author", "reviewer")
        .order_by("-period", "-created_at")
    )
    indicators = list(
        Indicator.objects.filter(project=project).prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("period"))
        )
    )
    context = {
        "project": project,
        "participants": project.participations.select_related("organization").order_by("role"),
        "milestones": milestones,
        "updates": updates,
        "indicators": indicators,
        "barriers": project.policy_barriers.select_related("raised_by"),
        "timeline": [
            {
                "label": f"{m.order}. {m.title}",
                "baseline": m.baseline_date.isoformat(),
                "forecast": m.forecast_date.isoformat(),
                "completed": m.completed_date.isoformat() if m.completed_date else None,
            }
            for m in milestones
        ],
        "chart_text": chart_text(),
        "indicator_series": [
            {
                "name": f"{i.name} ({i.unit})",
                "baseline": float(i.baseline_value),
                "target": float(i.target_value),
                "labels": [v.period.strftime("%Y-%m") for v in i.values.all()],
                "actuals": [float(v.actual_value) for v in i.values.all()],
            }
            for i in indicators
        ],
    }
    return render(request, "projects/project_detail.html", context)


@login_required
@require_safe
def project_history_view(request: HttpRequest, code: str) -> HttpResponse:
    project = _visible_project(request, code)
    entries = project_history(project, request.user, audience=project.audience)
    return render(request, "projects/project_history.html", {"project": project, "entries": entries})


# -- member companies update their projects --------------------------------------------------------------------------


def _editable_project(request: HttpRequest, code: str) -> Project:
    editable = restrict(Project.objects.select_related("lead_organization"), request.user, CHANGE)
    return get_object_or_404(editable, code=code)


@login_required
@require_http_methods(["GET", "POST"])
def status_update_edit(request: HttpRequest, code: str) -> HttpResponse:
    project = _editable_project(request, code)
    today = timezone.localdate()
    update = services.current_update(project, today)
    editable = update is None or update.state in EDITABLE_STATES
    form = StatusUpdateForm(request.POST or None, instance=update if editable else None)
    if request.method == "POST" and editable and form.is_valid():
        try:
            update = services.save_status_draft(
                project,
                request.user,
                form.narrative(),
                today=today,
                update=update,
                expected_version=form.cleaned_data["version"],
            )
            if request.POST.get("action") == "submit":
                reviewed.submit(update, by=request.user, expected_version=update.version)
                messages.success(request, _("Update submitted for review."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect("status_update_edit", code=project.code)
        except StaleVersion as error:
            pages.stale(request, error)
        except ValidationError as error:
            form.add_error(None, error)
    context = {
        "project": project,
        "update": update,
        "form": form,
        "editable": editable,
        "period": reporting_period(today),
    }
    return render(request, "projects/status_update_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    milestone = get_object_or_404(
        restrict(Milestone.objects.select_related("project"), request.user, CHANGE), project__code=code, pk=pk
    )
    form = MilestoneForm(request.POST or None, milestone=milestone)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_milestone(
                milestone,
                forecast_date=data["forecast_date"],
                status=data["status"],
                completed_date=data["completed_date"],
                reason=data["reason"],
                expected_version=data["version"],
            )
            messages.success(request, _("Milestone updated."))
            return redirect(reverse("project_detail", args=[code]) + "#milestones")
        except StaleVersion as error:
            pages.stale(request, error)
        except ValidationError as error:
            form.add_error(None, error)
        milestone.refresh_from_db()
    return render(request, "projects/milestone_form.html", {"milestone": milestone, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def indicator_value_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        restrict(Indicator.objects.select_related("project"), request.user, CHANGE),
        project__code=code,
        pk=pk,
    )
    form = IndicatorValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_indicator_value(indicator, **form.cleaned_data)
            messages.success(request, _("Value recorded."))
            return redirect(reverse("project_detail", args=[code]) + "#indicators")
        except ValidationError as error:
            form.add_error(None, error)
    values = indicator.values.order_by("-period")[:24]
    return render(
        request, "projects/indicator_value_form.html", {"indicator": indicator, "form": form, "values": values}
    )


# -- ministry review ----------------------------------------------------------------------------------------------


def _require_reviewer(request: HttpRequest) -> None:
    if not policy.can(request.user, "review"):
        raise Http404


@login_required
@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    today = timezone.localdate()
    submitted = (
        restrict(StatusUpdate.objects.filter(state=ReviewState.SUBMITTED), request.user)
        .select_related("project", "author", "author__organization")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(submitted, PAGE_SIZE).get_page(request.GET.get("page"))  # no filters: a queue
    return render(request, "projects/review_queue.html", {"page": page, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def review_update(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request)
    update = get_object_or_404(
        restrict(StatusUpdate.objects.select_related("project", "author", "reviewer"), request.user), pk=pk
    )
    can_review = policy.can(request.user, REVIEW, update)
    form = ReviewForm(request.POST or None, initial={"version": update.version}) if can_review else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid() and pages.decide(request, update, form):
            verdict = _("accepted") if update.state == ReviewState.ACCEPTED else _("returned for changes")
            messages.success(
                request, _("%(code)s update %(verdict)s.") % {"code": update.project.code, "verdict": verdict}
            )
            return redirect("review_queue")
    project = _visible_project(request, update.project.code)
    project.reasons = health.reasons(project)
    return render(request, "projects/review_update.html", {"update": update, "form": form, "project": project})


# -- policy barriers --------------------------------------------------------------------------------------------------


@login_required
@require_safe
def barrier_list(request: HttpRequest) -> HttpResponse:
    barriers = restrict(PolicyBarrier.objects.select_related("raised_by"), request.user).order_by("-created_at")
    listing = filtered_page(request, BarrierFilter, barriers)
    can_raise = policy.can(request.user, policy.RAISE)
    return render(request, "projects/barrier_list.html", {**listing.context(), "can_raise": can_raise})


@login_required
@require_http_methods(["GET", "POST"])
def barrier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    barrier = get_object_or_404(restrict(PolicyBarrier.objects.select_related("raised_by"), request.user), pk=pk)
    form = None
    if policy.can(request.user, CHANGE, barrier):
        initial = {"status": barrier.status, "resolution_note": barrier.resolution_note, "version": barrier.version}
        form = BarrierStatusForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.change_barrier_status(
                    barrier,
                    status=form.cleaned_data["status"],
                    resolution_note=form.cleaned_data["resolution_note"],
                    today=timezone.localdate(),
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, _("Barrier status changed."))
                return redirect("barrier_detail", pk=barrier.pk)
            except StaleVersion as error:
                pages.stale(request, error)
            except ValidationError as error:
                form.add_error(None, error)
            barrier.refresh_from_db()
    projects = restrict(Project.objects.filter(policy_barriers=barrier), request.user).select_related(
        "lead_organization"
    )
    return render(request, "projects/barrier_detail.html", {"barrier": barrier, "form": form, "projects": projects})


@login_required
@require_http_methods(["GET", "POST"])
def barrier_raise(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, policy.RAISE):
        raise Http404
    projects = restrict(Project.objects.all(), request.user, CHANGE)
    form = PolicyBarrierForm(request.POST or None, projects=projects)
    if request.method == "POST" and form.is_valid():
        try:
            barrier = services.raise_barrier(
                form.save(commit=False),
                raised_by=request.user.organization,
                projects=list(form.cleaned_data["projects"]),
            )
            messages.success(request, _("Policy barrier raised."))
            return redirect("barrier_detail", pk=barrier.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "projects/barrier_form.html", {"form": form})
