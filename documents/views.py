"""Document pages: a project's documents, one document with its versions, attaching, downloading, deleting and
restoring. Every object comes through the access policy; what may not be seen is a 404."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from access import policy
from access.policy import ATTACH, CHANGE, DELETE, RESTORE, VIEW, restrict
from core.versions import StaleVersion
from documents import services
from documents.choices import AttachedTo, Change
from documents.downloads import file_response, version_of
from documents.forms import AttachForm, NewVersionForm, RemoveForm
from documents.models import Document
from documents.selectors import file_help, listed
from documents.uploads import too_large, upload_refused
from projects.models import Project

PARENTS = {kind: model for model, kind in services.KINDS.items()}  # what each kind of document is attached to
PAGE_SIZE = 50
HISTORY_SHOWN = 50


def home_of(kind: str, parent) -> str:
    """The page listing the documents attached to ``parent``: its barrier's or meeting's page or its project's
    documents."""
    if kind == AttachedTo.BARRIER:
        return reverse("barrier_detail", args=[parent.pk])
    if kind == AttachedTo.MEETING:
        return reverse("meeting_detail", args=[parent.pk])
    project = parent if kind == AttachedTo.PROJECT else parent.project
    return reverse("project_documents", args=[project.code])


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_required
@require_safe
def project_documents(request: HttpRequest, code: str) -> HttpResponse:
    """Everything filed on a project that the user may see — its library by folder, evidence on status updates,
    milestones' deliverables — and the bin, for those who may restore."""
    project = get_object_or_404(restrict(Project.objects.all(), request.user), code=code)
    documents = listed(restrict(Document.objects.filter(project=project), request.user)).order_by(
        "attached_to", "folder", "name", "pk"
    )
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    binned = restrict(Document.objects.filter(project=project), request.user, RESTORE).select_related("deleted_by")
    for document in binned:
        document.restorable_until = document.deleted_at + datetime.timedelta(days=settings.DOCUMENT_RESTORE_DAYS)
    can_attach = policy.can(request.user, ATTACH, project)
    context = {
        "project": project,
        "page": page,
        "binned": binned,
        "form": AttachForm(kind=AttachedTo.PROJECT) if can_attach else None,
        "file_help": file_help(),
    }
    return render(request, "documents/project_documents.html", context)


@login_required
@require_POST
def attach(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A new document on a project's library, a status update, a milestone, a barrier or a meeting."""
    if kind not in PARENTS:
        raise Http404
    parent = get_object_or_404(restrict(PARENTS[kind].objects.all(), request.user, ATTACH), pk=pk)
    if upload_refused(request):
        return too_large(request)
    form = AttachForm(request.POST, request.FILES, kind=kind)
    back = _back(request, home_of(kind, parent))
    if form.is_valid():
        try:
            document = services.attach(
                parent,
                form.cleaned_data["file"],
                request.user,
                folder=form.cleaned_data.get("folder", ""),
                confidential=form.cleaned_data["confidential"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s uploaded.") % {"name": document.name})
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One document: its versions (who, when, size, SHA-256), a newer upload, deletion."""
    document = get_object_or_404(listed(restrict(Document.objects.select_related("project"), request.user)), pk=pk)
    may_replace = policy.can(request.user, CHANGE, document)
    form = None
    if may_replace:
        form = NewVersionForm(request.POST or None, request.FILES or None, initial={"version": document.version})
    if request.method == "POST":
        if form is None:
            raise Http404
        if upload_refused(request):
            return too_large(request)
        if form.is_valid():
            try:
                services.add_version(
                    document, form.cleaned_data["file"], request.user, expected_version=form.cleaned_data["version"]
                )
                messages.success(request, _("New version uploaded."))
                return redirect("document_detail", pk=pk)
            except StaleVersion as error:
                messages.error(request, error.explained())
            except ValidationError as error:
                form.add_error("file", error)
            document.refresh_from_db()
    context = {
        "document": document,
        "versions": document.versions.all(),
        "form": form,
        "remove_form": RemoveForm(initial={"version": document.version})
        if policy.can(request.user, DELETE, document)
        else None,
        "home": home_of(document.attached_to, document.parent),
        "file_help": file_help(),
        "restore_days": settings.DOCUMENT_RESTORE_DAYS,
        "history": [
            (record.history_date, record.history_user, Change(record.history_change_reason).label)
            for record in document.history.select_related("history_user").order_by("-history_id")[:HISTORY_SHOWN]
            if record.history_change_reason in Change.values
        ],
    }
    return render(request, "documents/document_detail.html", context)


@login_required
@require_safe
def download(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    """The file of a document's latest version, or of version ``number``."""
    document = get_object_or_404(restrict(Document.objects.all(), request.user, VIEW), pk=pk)
    return file_response(version_of(document, number), attachment="attachment" in request.GET)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(restrict(Document.objects.select_related("project"), request.user, DELETE), pk=pk)
    form = RemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was deleted."))
        return redirect("document_detail", pk=pk)
    try:
        services.delete_document(document, request.user, expected_version=form.cleaned_data["version"])
    except StaleVersion as error:
        messages.error(request, error.explained())
        return redirect("document_detail", pk=pk)
    messages.success(
        request,
        _("%(name)s deleted. It can be restored for %(days)d days.")
        % {"name": document.name, "days": settings.DOCUMENT_RESTORE_DAYS},
    )
    return redirect(_back(request, home_of(document.attached_to, document.parent)))


@login_required
@require_POST
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(restrict(Document.objects.all(), request.user, RESTORE), pk=pk)
    services.restore_document(document, request.user)
    messages.success(request, _("%(name)s restored.") % {"name": document.name})
    return redirect("document_detail", pk=pk)
