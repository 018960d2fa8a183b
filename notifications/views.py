"""/notifications/: one's notification centre (mark read, all read), preferences, and the mails' one-click
unsubscribe links (signed: no sign-in needed); /views/: saved views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from access import policy
from members.models import User
from notifications import inbox, kinds, mails, saved, services
from notifications.forms import PreferencesForm, SavedViewForm
from notifications.models import SavedView

PAGE_SIZE = 25
VIEWS_PAGE_SIZE = 10  # each view is counted: a bounded number of queries


@login_required
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(inbox.of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(n, kinds.describe(n.kind, n.details)) for n in page]
    return render(request, "notifications/list.html", {"page": page, "items": items, "query": ""})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read; with ``open``, go on to what it is about."""
    notification = get_object_or_404(inbox.of(request.user), pk=pk)
    inbox.mark_read(request.user, notification)
    if "open" in request.POST and url_has_allowed_host_and_scheme(notification.path, allowed_hosts=None):
        return redirect(notification.path)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    marked = inbox.mark_all_read(request.user)
    messages.success(request, _("%(n)d notifications marked read.") % {"n": marked})
    return redirect("notification_list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PreferencesForm(
        request.POST or None, deliveries=services.deliveries(user), digest_time=services.digest_time(user)
    )
    if request.method == "POST" and form.is_valid():
        services.save_preferences(
            request.user, form.deliveries(), hour=form.cleaned_data["hour"], weekday=form.cleaned_data["weekday"]
        )
        messages.success(request, _("Notification preferences saved."))
        return redirect("notification_preferences")
    return render(request, "notifications/preferences.html", {"form": form}, status=400 if form.errors else 200)


@csrf_exempt  # a mail client's one-click POST (RFC 8058) carries the signed token, not a session
@require_http_methods(["GET", "POST"])
def notification_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link checkers open links without meaning to unsubscribe); POST turns the kinds off."""
    found = mails.read_token(token)
    if found is None or not User.objects.filter(pk=found[0], is_active=True).exists():
        raise Http404
    user_id, named = found
    done = request.method == "POST"
    if done:
        services.unsubscribe(user_id, named)
    labels = [kinds.KINDS_LABELS[k] for k in named]
    return render(request, "notifications/unsubscribe.html", {"labels": labels, "done": done})


@login_required
@require_http_methods(["GET", "POST"])
def saved_view_list(request: HttpRequest) -> HttpResponse:
    """One's saved views and those shared with one, each counted for the viewer; POST saves a list's filters."""
    form = SavedViewForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            view = services.save_view(
                request.user, name=data["name"], view_list=data["list"], query=data["query"], shared=data["shared"],
                notify=data["notify"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
            return redirect("saved_view_list")
    page = Paginator(saved.visible(request.user), VIEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "views": saved.counted(page, request.user), "form": form, "query": ""}
    return render(request, "notifications/saved_views.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def saved_view_notify(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (``notify=1``) or stop the daily check of one's own view."""
    view = get_object_or_404(policy.restrict(SavedView.objects.all(), request.user, policy.CHANGE), pk=pk)
    notify = request.POST.get("notify") == "1"
    services.set_view_notify(view, notify)
    if notify:
        messages.success(request, _("You will be notified when “%(name)s” changes.") % {"name": view.name})
    else:
        messages.success(request, _("No more notifications about “%(name)s”.") % {"name": view.name})
    return redirect("saved_view_list")


@login_required
@require_POST
def saved_view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    view = get_object_or_404(policy.restrict(SavedView.objects.all(), request.user, policy.DELETE), pk=pk)
    view.delete()
    messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
    return redirect("saved_view_list")
