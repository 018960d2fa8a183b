"""The webhook pages under the user menu: one's endpoints, a new one (its secret shown once), and each endpoint's
settings and delivery log. Ministry administrators see every endpoint and may switch any off. An organization's page
lists the chat channels its people set up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.policy import CHANGE, DISABLE, LIFT, restrict
from core.versions import StaleVersion
from members.models import Organization
from webhooks import services
from webhooks.forms import EndpointForm, ReplayForm
from webhooks.models import Attempt, Delivery, Endpoint

PAGE_SIZE = 25


def _endpoint(request: HttpRequest, pk: int, action: str = policy.VIEW) -> Endpoint:
    return get_object_or_404(restrict(Endpoint.objects.select_related("owner"), request.user, action), pk=pk)


def _secret_page(request: HttpRequest, endpoint: Endpoint, secret: str) -> HttpResponse:
    return render(request, "webhooks/secret.html", {"endpoint": endpoint, "secret": secret})


@login_required
@require_GET
def webhook_list(request: HttpRequest) -> HttpResponse:
    endpoints = restrict(Endpoint.objects.select_related("owner"), request.user).order_by("-created_at", "-pk")
    page = Paginator(endpoints, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "webhooks/endpoint_list.html", {"page": page})


@login_required
@require_GET
def organization_channels(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    channels = policy.chat_channels_of(request.user, organization)
    if channels is None:
        raise Http404
    page = Paginator(channels.select_related("owner").order_by("pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organization": organization,
        "page": page,
        "formats": [f for f in Endpoint.Format if f != Endpoint.Format.STANDARD],
        "may_add": request.user.organization_id == organization.pk,
        "oversees": policy.can(request.user, "administer"),  # every endpoint's page (``webhook_detail``)
    }
    return render(request, "webhooks/organization_channels.html", context)


@login_required
@never_cache  # the answer shows the new secret
@require_http_methods(["GET", "POST"])
def webhook_create(request: HttpRequest) -> HttpResponse:
    endpoint = Endpoint(owner=request.user)
    if request.GET.get("format") in Endpoint.Format.values:  # "Add a chat channel" asks for one
        endpoint.format = request.GET["format"]
    form = EndpointForm(request.POST or None, instance=endpoint, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            secret = services.create_endpoint(form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _secret_page(request, endpoint, secret)
    return render(request, "webhooks/endpoint_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    own = policy.can(request.user, CHANGE, endpoint)
    form = EndpointForm(request.POST or None, instance=endpoint, owner=endpoint.owner) if own else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.change_endpoint(form.instance, expected_version=form.cleaned_data["version"] or 0)
            except StaleVersion as error:
                messages.error(request, error.explained())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Endpoint saved."))
                return redirect("webhook_detail", pk=pk)
        endpoint.refresh_from_db()
    attempts = Prefetch("attempt_log", queryset=Attempt.objects.order_by("-started_at", "-pk"))
    deliveries = Delivery.objects.filter(endpoint=endpoint).select_related("event").prefetch_related(attempts)
    page = Paginator(deliveries.order_by("-sequence"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "endpoint": endpoint,
        "form": form,
        "own": own,
        "may_disable": policy.can(request.user, DISABLE, endpoint),
        "may_lift": endpoint.held_by == Endpoint.Hold.ADMINISTRATOR and policy.can(request.user, LIFT, endpoint),
        "page": page,
        "replay_form": ReplayForm(),
    }
    return render(request, "webhooks/endpoint_detail.html", context)


@login_required
@require_POST
def webhook_ping(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk, CHANGE)
    try:
        services.send_test_event(endpoint, by=request.user)
    except services.TooManyRequests as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Test event queued: it appears in the delivery log below."))
    return redirect("webhook_detail", pk=pk)


@login_required
@never_cache
@require_POST
def webhook_rotate_secret(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk, CHANGE)
    return _secret_page(request, endpoint, services.rotate_secret(endpoint))


@login_required
@require_POST
def webhook_disable(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk, DISABLE)
    services.switch_off(endpoint, by=request.user)
    messages.success(request, _("Endpoint switched off. Events are no longer sent to it."))
    return redirect("webhook_detail", pk=pk)


@login_required
@require_POST
def webhook_lift(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk, LIFT)
    try:
        services.lift_switch_off(endpoint, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Switch-off lifted: the owner may switch the endpoint back on."))
    return redirect("webhook_detail", pk=pk)


@login_required
@require_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _endpoint(request, pk, CHANGE).delete()
    messages.success(request, _("Endpoint deleted."))
    return redirect("webhook_list")


@login_required
@require_POST
def webhook_replay(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk, CHANGE)
    form = ReplayForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["since"])
        queued = services.replay_since(endpoint, form.cleaned_data["since"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.TooManyRequests as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("%(n)d deliveries queued.") % {"n": queued})
    return redirect("webhook_detail", pk=pk)


@login_required
@require_POST
def webhook_redeliver(request: HttpRequest, pk: int, delivery: int) -> HttpResponse:
    found = get_object_or_404(restrict(Delivery.objects.all(), request.user, CHANGE), endpoint_id=pk, pk=delivery)
    try:
        services.redeliver(found, by=request.user)
    except services.TooManyRequests as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Delivery #%(n)d queued again.") % {"n": found.sequence})
    return redirect("webhook_detail", pk=pk)
