"""``/projects/<code>/money/``: a project's budget and execution for a fiscal year — the plan in force by
participant and category, each quarter's figures by participant, a chart of plan by date, money in and money spent
(with the table beside it); member editors report their own organization's quarters, ministry administrators
review them. Seen by the ministry and the project's participants only (404 for everyone else)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import policy
from access.policy import CHANGE, REVIEW, restrict
from core import pages, reviewed
from core.pages import VersionedForm
from core.parameters import whole_number
from core.reviewed import EDITABLE_STATES, FourEyes, ReviewState
from core.versions import StaleVersion
from money import figures, selectors, services
from money.display import MILLION
from money.forms import ExecutionForm, PlanForm
from money.models import BudgetPlan, CostCategory, Execution
from projects.models import Project


def _year(request) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    if not raw:
        return timezone.localdate().year
    year = whole_number(raw, minimum=2000, maximum=2100)
    if year is None:
        raise Http404
    return year


def _own_execution(project: Project, user, year: int, quarter: int, version: int | None) -> Execution:
    """The quarter's execution being changed (the form carries its version), or a new one: inserted once
    (``core.slots``), so a quarter reported meanwhile is refused with a form error."""
    if version:
        mine = Execution.objects.filter(project=project, organization_id=user.organization_id, fiscal_year=year)
        found = restrict(mine, user, CHANGE).filter(quarter=quarter).first()
        if found is not None:
            return found
    return Execution(project=project, organization_id=user.organization_id, fiscal_year=year, quarter=quarter,
                     author=user)  # fmt: skip


class RowActionForm(VersionedForm):
    """A submit or review button beside a plan or an execution: its version (and the reviewer's comment)."""

    comment = forms.CharField(required=False, max_length=2000)


@login_required
@require_http_methods(["GET", "POST"])
def project_money(request, code: str):
    project = get_object_or_404(restrict(Project.objects.all(), request.user), code=code)
    if not policy.sees_money(request.user, project):
        raise Http404
    year = _year(request)
    categories = list(CostCategory.objects.filter(is_active=True))
    enters = policy.enters_money_for(request.user, project, request.user.organization_id)
    form = ExecutionForm(categories=categories) if enters else None
    editing = whole_number(request.GET.get("edit"))
    if enters and editing:
        mine = restrict(Execution.objects.filter(project=project, fiscal_year=year), request.user, CHANGE)
        execution = get_object_or_404(mine.filter(organization_id=request.user.organization_id), pk=editing)
        form = ExecutionForm(initial=ExecutionForm.initial_from(execution), categories=categories)
    if request.method == "POST":
        done = _act(request, project, year, categories, enters)
        if done is True:
            return redirect(f"{request.path}?year={year}")
        if isinstance(done, ExecutionForm):
            form = done
    plans = list(selectors.plans(project, year, request.user))
    in_force = next((p for p in plans if p.state == ReviewState.ACCEPTED), None)
    _mark_actions(BudgetPlan.objects.filter(project=project, fiscal_year=year), plans, request.user)
    rows = list(selectors.executions(project, year, request.user))
    points = figures.by_quarter(in_force, rows)
    _mark_actions(Execution.objects.filter(project=project, fiscal_year=year), rows, request.user)
    chart = {"labels": [f"Q{p.quarter}" for p in points]} | {
        key: [getattr(p, f"{key}_krw") / MILLION for p in points] for key in ("planned", "funds", "spent")
    }
    return TemplateResponse(request, "money/project_money.html", {
        "project": project, "year": year, "years": range(year - 2, year + 2), "plans": plans,
        "rows": rows, "plans_editable": policy.can(request.user, CHANGE, project),
        "ytd": points[-1], "points": points, "form": form, "categories": categories, "chart_millions": chart,
        "chart_text": {"planned": _("Plan by date"), "funds": _("Received and put in"), "spent": _("Spent"),
                       "unit": _("KRW millions")},
    })  # fmt: skip


def _mark_actions(of_year, works, user) -> None:
    """Mark each of ``works`` (plans or executions of the year) ``editable`` (its writer may change and submit it)
    and ``reviewable`` (the user may decide on it), one query each."""
    changeable = set(restrict(of_year.filter(state__in=EDITABLE_STATES), user, CHANGE).values_list("pk", flat=True))
    reviewable = set(restrict(of_year, user, REVIEW).values_list("pk", flat=True))
    for work in works:
        work.editable, work.reviewable = work.pk in changeable, work.pk in reviewable


def _id(raw) -> int | None:
    return whole_number(raw)


def _done(work, *, submitted: bool) -> str:
    """The page's message once a plan or an execution is submitted or decided."""
    if isinstance(work, BudgetPlan):
        done = _("Revision %(revision)d of the plan submitted for review.") if submitted else _(
            "Revision %(revision)d of the plan reviewed.")  # fmt: skip
        return done % {"revision": work.revision}
    done = _("Q%(quarter)d submitted for review.") if submitted else _("Q%(quarter)d reviewed.")
    return done % {"quarter": work.quarter}


def _act(request, project: Project, year: int, categories, enters: bool):
    """The POSTed action; True when done or refused (a message says what), a bound form with its errors, or False
    when the request named no valid version (the page says so, nothing changes)."""
    action = request.POST.get("action")
    try:
        if action == "save":
            form = ExecutionForm(request.POST, categories=categories)
            if not enters or not form.is_valid():
                return form
            data = form.cleaned_data
            execution = _own_execution(project, request.user, year, data["quarter"], data["version"])
            for field in ("government_received_krw", "private_cash_krw", "private_in_kind_krw", "overspend_reason"):
                setattr(execution, field, data[field])
            try:
                services.save_execution(execution, form.spent(), expected_version=data["version"], by=request.user)
            except (ValidationError, StaleVersion) as error:
                form.add_error(None, error.explained() if isinstance(error, StaleVersion) else error.messages)
                return form
            messages.success(request, _("Q%(quarter)d saved as a draft.") % {"quarter": execution.quarter})
            return True
        model, key = (BudgetPlan, "plan") if "plan" in request.POST else (Execution, "execution")
        work = model.objects.filter(project=project, fiscal_year=year, pk=_id(request.POST.get(key))).first()
        asked = CHANGE if action == "submit" else REVIEW
        if action not in ("submit", "accept", "return") or not work or not policy.can(request.user, asked, work):
            raise Http404
        row = RowActionForm(request.POST)
        if not row.is_valid():
            messages.error(request, " ".join(f"{row.fields[name].label or name}: {' '.join(errors)}"
                                             for name, errors in row.errors.items()))  # fmt: skip
            return False
        if action == "submit":
            reviewed.submit(work, by=request.user, expected_version=row.cleaned_data["version"])
            messages.success(request, _done(work, submitted=True))
            return True
        reviewed.decide(work, request.user, accept=action == "accept", comment=row.cleaned_data["comment"],
                        expected_version=row.cleaned_data["version"])  # fmt: skip
        messages.success(request, _done(work, submitted=False))
        return True
    except (ValidationError, StaleVersion, FourEyes) as error:
        pages.refused(request, error)
        return True


@login_required
@require_http_methods(["GET", "POST"])
def project_plan(request, code: str):
    """``/projects/<code>/money/plan/``: the year's draft plan — each participating organization's grant, private cash
    and in-kind amounts per cost category — for those who change the project (a new draft starts from the plan in
    force, and then needs a reason), submitted on the money page, where a ministry administrator who wrote none of it
    accepts it or returns it."""
    project = get_object_or_404(restrict(Project.objects.all(), request.user, CHANGE), code=code)
    year = _year(request)
    organizations = [p.organization for p in project.participations.select_related("organization")
                     .order_by("role", "organization__name_en")]  # fmt: skip
    categories = list(CostCategory.objects.filter(is_active=True))
    plans = BudgetPlan.objects.filter(project=project, fiscal_year=year).prefetch_related("lines__category")
    draft = plans.exclude(state=ReviewState.ACCEPTED).first()
    in_force = plans.filter(state=ReviewState.ACCEPTED).order_by("-revision").first()
    initial = PlanForm.initial_from(draft or in_force) | {"version": draft.version if draft else 0}
    form = PlanForm(initial=initial, organizations=organizations, categories=categories)
    if request.method == "POST":
        form = PlanForm(request.POST, organizations=organizations, categories=categories)
        if form.is_valid():
            try:
                data = form.cleaned_data
                plan = services.save_plan(project, year, form.parts(), request.user, reason=data["reason"],
                                          expected_version=data["version"])  # fmt: skip
            except (ValidationError, StaleVersion) as error:
                pages.refused(request, error, form)
            else:
                messages.success(request, _("Revision %(revision)d of the plan saved as a draft.")
                                 % {"revision": plan.revision})  # fmt: skip
                return redirect(f"{reverse('project_money', args=[project.code])}?year={year}")
    return TemplateResponse(request, "money/project_plan.html", {
        "project": project, "year": year, "form": form, "draft": draft, "in_force": in_force,
        "categories": categories, "editable": draft is None or draft.state in EDITABLE_STATES,
    })  # fmt: skip
