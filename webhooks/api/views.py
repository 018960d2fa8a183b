"""``/api/v1/webhooks/`` and ``/api/v1/webhook-deliveries/``: the same services and access rules as the pages.
Changes need a token with the ``webhooks`` scope (a partner's otherwise read-only token may carry it)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from access import policy
from access.policy import CHANGE, DISABLE, LIFT, restrict
from alliance_portal.api.conditional import conditional_response, etag_for, expected_version
from alliance_portal.api.pagination import SYNC_ORDER
from core.api import ForActionMixin
from members.models import ApiToken
from webhooks import services
from webhooks.api.serializers import (
    DeliverySerializer,
    EndpointSerializer,
    NewEndpointSerializer,
    QueuedSerializer,
    ReplaySerializer,
    SecretSerializer,
)
from webhooks.models import Attempt, Delivery, Endpoint


class OverQuota(exceptions.APIException):
    """429 with the quota's own message and ``Retry-After`` (DRF sets it from ``wait``)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "throttled"

    def __init__(self, refusal: services.TooManyRequests):
        super().__init__(str(refusal))
        self.wait = refusal.retry_after


def _within_quota(call):
    """Run a test event, redelivery or replay; past the hourly quota a 429 problem document with Retry-After."""
    try:
        return call()
    except services.TooManyRequests as refusal:
        raise OverQuota(refusal) from None


class EndpointViewSet(ForActionMixin, viewsets.ModelViewSet):
    """Your webhook endpoints (ministry administrators: everyone's). PATCH needs If-Match; ``is_active: false`` is
    how a ministry administrator switches off someone else's endpoint, and ``is_active: true`` how another one lifts
    that switch-off (the owner then switches it back on)."""

    write_scope = ApiToken.Scope.WEBHOOKS
    serializer_class = EndpointSerializer
    ordering = SYNC_ORDER
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return restrict(Endpoint.objects.select_related("owner"), self.request.user)

    def retrieve(self, request, *args, **kwargs):
        endpoint = self.get_object()
        return conditional_response(request, endpoint, self.get_serializer(endpoint).data)

    def _saved(self, endpoint, serializer_class=EndpointSerializer, status_code=status.HTTP_200_OK, **extra):
        data = {**serializer_class(endpoint).data, **extra}
        return Response(data, status=status_code, headers={"ETag": etag_for(endpoint)})

    @extend_schema(responses={201: NewEndpointSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint = Endpoint(owner=request.user, **serializer.validated_data)
        secret = services.create_endpoint(endpoint)
        return self._saved(endpoint, NewEndpointSerializer, status.HTTP_201_CREATED, secret=secret)

    def partial_update(self, request, *args, **kwargs):
        endpoint = self.get_object()
        serializer = self.get_serializer(endpoint, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = serializer.validated_data
        if not policy.can(request.user, CHANGE, endpoint):  # someone else's: a ministry administrator switches it off
            if changes == {"is_active": True} and policy.can(request.user, LIFT, endpoint):
                expected_version(request, endpoint)
                services.lift_switch_off(endpoint, by=request.user)
                return self._saved(endpoint)
            if changes != {"is_active": False} or not policy.can(request.user, DISABLE, endpoint):
                raise exceptions.PermissionDenied(_("You may only switch off someone else's endpoint."))
            expected_version(request, endpoint)
            services.switch_off(endpoint, by=request.user)
            return self._saved(endpoint)
        version = expected_version(request, endpoint)
        for name, value in changes.items():
            setattr(endpoint, name, value)
        services.change_endpoint(endpoint, expected_version=version)
        return self._saved(endpoint)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        endpoint = self.object_for(CHANGE)
        endpoint.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _own(self) -> Endpoint:
        return self.object_for(CHANGE)

    @extend_schema(request=None, responses={202: QueuedSerializer})
    @action(detail=True, methods=["post"])
    def ping(self, request, pk=None):
        """Send a test event (``ping``) to this endpoint."""
        endpoint = self._own()
        _within_quota(lambda: services.send_test_event(endpoint, by=request.user))
        return Response({"queued": 1}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={200: SecretSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        """A new signing secret (shown once); the old one keeps signing beside it for an hour."""
        endpoint = self._own()
        return Response({"secret": services.rotate_secret(endpoint)}, headers={"ETag": etag_for(endpoint)})

    @extend_schema(request=ReplaySerializer, responses={202: QueuedSerializer})
    @action(detail=True, methods=["post"])
    def replay(self, request, pk=None):
        """Send again every event since ``since`` (at most 30 days back)."""
        endpoint = self._own()
        replay = ReplaySerializer(data=request.data)
        replay.is_valid(raise_exception=True)
        queued = _within_quota(lambda: services.replay_since(endpoint, replay.validated_data["since"], by=request.user))
        return Response({"queued": queued}, status=status.HTTP_202_ACCEPTED)


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # an id is a whole number: "1.5" is a 400, not an empty page


class DeliveryFilter(django_filters.FilterSet):
    endpoint = IdFilter()
    state = django_filters.ChoiceFilter(choices=Delivery.State.choices)


class DeliveryViewSet(ForActionMixin, viewsets.ReadOnlyModelViewSet):
    """The delivery log: each event sent to an endpoint, with its attempts (kept 30 days)."""

    write_scope = ApiToken.Scope.WEBHOOKS
    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilter
    ordering = ("-id",)

    def get_queryset(self):
        attempts = Prefetch("attempt_log", queryset=Attempt.objects.order_by("-started_at", "-pk"))
        deliveries = Delivery.objects.select_related("event").prefetch_related(attempts)
        return restrict(deliveries, self.request.user)

    @extend_schema(request=None, responses={202: QueuedSerializer})
    @action(detail=True, methods=["post"])
    def redeliver(self, request, pk=None):
        """Send this delivery again (same ``webhook-id`` and body)."""
        delivery = self.object_for(CHANGE)
        _within_quota(lambda: services.redeliver(delivery, by=request.user))
        return Response({"queued": 1}, status=status.HTTP_202_ACCEPTED)
