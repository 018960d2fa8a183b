"""/reports/: the stored reports a user may see, their downloads, and — for ministry staff — the job runs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from access import policy
from core.downloads import stored_file
from core.limits import limited
from core.listing import filtered_page
from projects import timeline
from reports import layout, rendering, timeline_pdf
from reports.filters import ReportFilter
from reports.forms import GenerateForm
from reports.models import JobRun, Report, ReportFormat, Subscription
from reports.services import LANGUAGES
from reports.tasks import queue_job
from runtime import heartbeat

RECENT_RUNS = 15
CONTENT_TYPES = {
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.PDF: "application/pdf",
}


def _runs() -> dict:
    """The latest job runs, and whether the table should keep refreshing (a run is still on its way)."""
    runs = list(JobRun.objects.select_related("requested_by")[:RECENT_RUNS])
    beat_age = heartbeat.age()
    return {
        "runs": runs,
        "polling": any(run.state in JobRun.ACTIVE_STATES for run in runs),
        "beat_age": beat_age,
        "beat_fresh": heartbeat.is_fresh(beat_age),
    }


def _visible_reports(request: HttpRequest):
    """The ready reports the user may see: the only way the list, the page and the downloads fetch reports."""
    return policy.restrict(Report.objects.ready().select_related("project"), request.user)


def _list_page(request: HttpRequest, form: GenerateForm | None = None, status: int = 200) -> HttpResponse:
    context = filtered_page(request, ReportFilter, _visible_reports(request)).context()
    if policy.can(request.user, "see_job_runs"):
        context |= {
            **_runs(),
            "subscribed": Subscription.objects.filter(user=request.user).exists(),
            "form": (form or GenerateForm()) if policy.can(request.user, "generate_reports") else None,
        }
    return render(request, "reports/report_list.html", context, status=status)


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@login_required
@require_GET
def job_runs(request: HttpRequest) -> HttpResponse:
    """The runs table alone, which the list page reloads every few seconds while a run is queued or running."""
    if not policy.can(request.user, "see_job_runs"):
        raise PermissionDenied
    return render(request, "reports/_runs.html", _runs())


@login_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "generate_reports"):
        raise PermissionDenied
    form = GenerateForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    with transaction.atomic():
        run = queue_job(form.cleaned_data["job"], form.cleaned_data["period"], requested_by=request.user)
    messages.success(
        request, _("%(job)s for %(period)s is queued.") % {"job": run.get_kind_display(), "period": run.period}
    )
    return redirect("report_list")


@login_required
@require_POST
def subscription(request: HttpRequest) -> HttpResponse:
    """Ministry staff start or stop receiving the weekly report by e-mail."""
    if not policy.can(request.user, "subscribe_reports"):
        raise PermissionDenied
    if request.POST.get("subscribe") == "1":
        Subscription.objects.get_or_create(user=request.user)
        messages.success(request, _("You will receive the weekly portfolio report by e-mail."))
    else:
        Subscription.objects.filter(user=request.user).delete()
        messages.success(request, _("You will no longer receive the weekly portfolio report by e-mail."))
    return redirect("report_list")


def _visible_report(request: HttpRequest, pk: int) -> Report:
    return get_object_or_404(_visible_reports(request), pk=pk)


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    language = get_language()
    context = {
        "report": report,
        "title": rendering.title(report),
        "subtitle": rendering.subtitle(report),
        "sections": [
            (section, [list(zip(section.columns, row, strict=True)) for row in rows])
            for section, rows in layout.rendered(report.kind, report.content, language)
        ],
        "formats": ReportFormat.choices,
    }
    return render(request, "reports/report_detail.html", context)


@login_required
@require_GET
def report_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """The file in the viewer's language (``?lang=`` for the other), streamed, after the same check as the page."""
    report = _visible_report(request, pk)
    language = request.GET.get("lang") or get_language()
    if fmt not in CONTENT_TYPES or language not in LANGUAGES:
        raise Http404
    return stored_file(rendering.storage(), report.stored_name(fmt, language),
                       filename=report.file_name(fmt, language), content_type=CONTENT_TYPES[fmt])  # fmt: skip


@login_required
@require_GET
@limited("exports")
def portfolio_timeline_pdf(request: HttpRequest) -> HttpResponse:
    """The timeline page's projects (the same filters and window) as a PDF, up to ``MOST_PROJECTS`` of them."""
    today = timezone.localdate()
    _filterset, projects, window = timeline.selection(request.user, request.GET, today)
    total = projects.count()
    if total > timeline_pdf.MOST_PROJECTS:
        message = _("%(n)d projects pass these filters; a PDF takes at most %(most)d. Narrow the filters.") % {
            "n": total, "most": timeline_pdf.MOST_PROJECTS,
        }  # fmt: skip
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    pdf = timeline_pdf.write_pdf(list(projects), window, today, total)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="timeline-{window.start:%Y-%m}.pdf"'
    return response
