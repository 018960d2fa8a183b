"""The public open-data pages under ``/open/`` (no sign-in, no cookie, no form) and the ministry's publications page
(``/publications/``: what was published, publish a month)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access.policy import can
from core import periods
from core.downloads import stored_file
from opendata import files, services
from opendata.forms import PublishForm
from opendata.models import Publication, PublicationFile, PublishedProject, stored_name
from opendata.public import one_of, page_number, public, public_file
from projects.choices import Area, BarrierStatus, MilestoneStatus, ParticipantRole, Phase, Rag

PAGE_SIZE = 50


def _labels() -> dict:
    """Labels of the published codes in the reader's language, and the charts' words."""
    return {
        "areas": dict(Area.choices), "phases": dict(Phase.choices), "rags": dict(Rag.choices),
        "milestone_states": dict(MilestoneStatus.choices), "barrier_states": dict(BarrierStatus.choices),
        "roles": dict(ParticipantRole.choices),
        "chart_text": {"count": _("Projects"), "actual": _("Actual"), "baseline": _("Baseline"), "target": _("Target")},
    }  # fmt: skip


def _publication(period: str, version: int | None = None) -> Publication:
    try:
        start = periods.parse(periods.MONTH, period).start
    except ValidationError:
        raise Http404 from None
    found = Publication.objects.filter(period=start).order_by("-version")
    publication = (found.filter(version=version) if version else found).first()
    if publication is None:
        raise Http404
    return publication


def _period_page(request, publication: Publication | None) -> TemplateResponse:
    context = {"publication": publication, **_labels()}
    if publication is not None:
        rows = publication.projects.only("publication_id", "code", "area", "record")
        area = request.GET.get("area")
        if area in Area.values:
            rows = rows.filter(area=area)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        summary = publication.summary
        context |= {
            "page": page,
            "area": area if area in Area.values else "",
            "query": request.GET.urlencode(),
            "by_area": [(key, label, summary["by_area"].get(key, 0)) for key, label in Area.choices],
            "by_phase": [
                (label, summary["by_phase"][key]) for key, label in Phase.choices if key in summary["by_phase"]
            ],
            "by_rating": [(key, label, summary.get("by_rating", {}).get(key, 0)) for key, label in Rag.choices],
            "versions": Publication.objects.filter(period=publication.period)
            .only("period", "version")
            .order_by("-version"),
            "downloads": publication.files.only("publication_id", "name", "size") if publication.files_ready_at else [],
        }
        context["chart"] = {
            "labels": [str(label) for _key, label, _n in context["by_area"]],
            "keys": [key for key, _label, _n in context["by_area"]],
            "values": [n for _key, _label, n in context["by_area"]],
        }
    return TemplateResponse(request, "opendata/period.html", context)


LIST = {"area": one_of(Area.values), "page": page_number}  # what the period pages read


@require_GET
@public(reads=LIST)
def portfolio(request):
    """``/open/``: the latest publication (an empty state until the first one)."""
    return _period_page(request, Publication.objects.latest_one())


@require_GET
@public(reads=LIST)
def period(request, period: str, version: int | None = None):
    return _period_page(request, _publication(period, version))


@require_GET
@public
def project(request, period: str, version: int, code: str):
    publication = _publication(period, version)
    published = get_object_or_404(PublishedProject, publication=publication, code=code)
    record = published.record
    barriers = [b for b in publication.summary["barriers"] if code in b["projects"]]
    charts = [
        {"labels": [v["period"][:7] for v in i["values"]], "actuals": [float(v["actual_value"]) for v in i["values"]],
         "baseline": float(i["baseline_value"]), "target": float(i["target_value"])}
        for i in record["indicators"]
    ]  # fmt: skip
    return TemplateResponse(
        request,
        "opendata/project.html",
        {"publication": publication, "record": record, "barriers": barriers, "charts": charts, **_labels()},
    )


@require_GET
@public(reads={"page": page_number})
def changelog(request):
    publications = Publication.objects.order_by("-published_at")
    page = Paginator(publications, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "opendata/changelog.html", {"page": page, "query": request.GET.urlencode()})


@require_GET
@public
def licence(request):
    latest = Publication.objects.latest_one()
    return TemplateResponse(
        request, "opendata/licence.html", {"licence": settings.OPEN_DATA["licence"], "latest": latest}
    )


@require_GET
@public_file
def download(request, period: str, version: int, name: str):
    """A published file, streamed from the open-data storage; a browser holding its ETag gets a 304 without the
    file being opened. Never kept in the cache (its size is the publication's, not a page's)."""
    publication = _publication(period, version)
    stored = get_object_or_404(PublicationFile.objects.filter(publication=publication, name=name)
                               .only("pk", "publication_id", "name", "media_type", "size", "sha256"))  # fmt: skip
    etag = f'"{stored.sha256}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        return HttpResponseNotModified(headers={"ETag": etag})
    media_type = f"{stored.media_type}; charset=utf-8" if stored.media_type.startswith("text/") else stored.media_type
    response = stored_file(files.storage(), stored_name(publication, stored.name), filename=stored.name,
                           content_type=media_type)  # fmt: skip
    response["Content-Length"] = str(stored.size)
    response["ETag"] = etag
    return response


# -- the ministry's side ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def publications(request):
    """What was published (every version, its files' state) and, for administrators, a form to publish a month."""
    if not can(request.user, "see_publications"):
        raise PermissionDenied
    today = timezone.localdate()
    form = PublishForm(request.POST or None, initial={"period": periods.latest_complete(periods.MONTH, today).key})
    if request.method == "POST":
        if not can(request.user, "publish_open_data"):
            raise PermissionDenied
        if form.is_valid():
            try:
                publication = services.publish(
                    form.cleaned_data["period"], request.user, ratings=form.cleaned_data["ratings"],
                    note=form.cleaned_data["note"],
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("%(month)s published as version %(version)d; its files are being built.")
                    % {"month": publication.key, "version": publication.version},
                )  # fmt: skip
                return redirect("publication_list")
    month = periods.latest_complete(periods.MONTH, today)
    page = Paginator(Publication.objects.select_related("published_by"), PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "opendata/publications.html",
        {"form": form, "page": page, "query": request.GET.urlencode(), "month": month,
         "waiting": services.waiting_for_review(month.start)},
    )  # fmt: skip
