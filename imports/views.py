"""Import pages: a project's template and upload form, the same for all the projects of one's organization in one
workbook, and a preview to apply. Only those who may change the projects reach them (``access.policy``); a preview is
its uploader's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from access.policy import CHANGE, restrict
from core.limits import limited
from core.spreadsheets import XLSX_CONTENT_TYPE, filename
from documents.uploads import too_large, upload_refused
from imports import reading, selectors, services, workbook
from imports.forms import UploadForm
from imports.models import ImportPreview
from projects.models import Project


def _editable_project(request: HttpRequest, code: str) -> Project:
    return get_object_or_404(restrict(Project.objects.all(), request.user, CHANGE), code=code)


@login_required
@require_safe
def import_template(request: HttpRequest, code: str) -> HttpResponse:
    project = _editable_project(request, code)
    return template_response([project], request.user, f"import-{project.code}")


@login_required
@require_safe
def organization_import_template(request: HttpRequest) -> HttpResponse:
    return template_response(_organization_projects(request), request.user, "import-organization")


def _organization_projects(request: HttpRequest) -> list[Project]:
    projects = list(selectors.organization_projects(request.user))
    if not projects:
        raise Http404
    return projects


def template_response(projects: list[Project], user, name: str) -> HttpResponse:
    """The template of ``projects`` as a download (pages and the API)."""
    content = workbook.template(projects, user, timezone.localdate())
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(name, "xlsx")}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@limited("imports", methods=("POST",))
def project_import(request: HttpRequest, code: str) -> HttpResponse:
    return _upload(request, _editable_project(request, code))


@login_required
@require_http_methods(["GET", "POST"])
@limited("imports", methods=("POST",))
def organization_import(request: HttpRequest) -> HttpResponse:
    """One workbook for every project of the user's organization that they may change (each row names its project)."""
    return _upload(request, None, _organization_projects(request))


def _upload(request: HttpRequest, project: Project | None, projects: list[Project] | None = None) -> HttpResponse:
    if request.method == "POST" and upload_refused(request):
        return too_large(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview = services.preview_upload(project, request.user, upload, upload.name)
        except reading.Refused as error:
            form.add_error("file", str(error))
        else:
            return redirect("import_preview", pk=preview.pk)
    return render(request, "imports/import_form.html", {"project": project, "projects": projects, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk) -> HttpResponse:
    preview = get_object_or_404(
        restrict(ImportPreview.objects.select_related("project"), request.user, CHANGE), pk=pk
    )  # fmt: skip
    refused = []
    if request.method == "POST":
        try:
            services.apply_preview(preview, request.user)
        except services.ApplyRefused as error:
            messages.error(request, error.message)
            refused = error.errors
        else:
            messages.success(request, _("The import was applied: %(count)d rows written.") % {"count": preview.writes})
            if preview.project is None:
                return redirect("organization_import")
            return redirect(reverse("project_detail", args=[preview.project.code]))
    return render(request, "imports/preview.html", {"preview": preview, "refused": refused})
