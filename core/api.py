"""The base of the API's viewsets: an object for an action fetched in one query through the access policy, object
responses with their ETag, and the submit/review actions every reviewed kind shares (``core.reviewed``). Errors
become problem documents in ``alliance_portal.api.errors`` (stale version 412, slot taken 409, four eyes 403)."""

from __future__ import annotations

from django.db import models
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from access.policy import CHANGE, REVIEW, restrict
from alliance_portal.api.conditional import conditional_response, etag_for, expected_version
from alliance_portal.api.serializers import StrictSerializer
from core import reviewed

COMMENT_MAX_LENGTH = 5000


class ReviewSerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=["accept", "return"])
    comment = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX_LENGTH, default="")


class ForActionMixin:
    """Writes fetch their object with :meth:`object_for`: the policy's rows for that action, in one query (404 when
    the caller may not, whether or not they may see it)."""

    def writable_queryset(self) -> models.QuerySet:
        """The rows a write may reach before the policy narrows them (all of the model unless overridden)."""
        return self.get_queryset().model._default_manager.all()

    def object_for(self, action: str) -> models.Model:
        """The object of this URL among those the caller may ``action`` (``access.policy.restrict``)."""
        lookup = self.lookup_url_kwarg or self.lookup_field
        rows = restrict(self.writable_queryset(), self.request.user, action)
        obj = get_object_or_404(rows, **{self.lookup_field: self.kwargs[lookup]})
        self.check_object_permissions(self.request, obj)
        return obj


class ObjectMixin(ForActionMixin):
    """Object responses carry an ETag and answer If-None-Match with 304."""

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        return conditional_response(request, obj, self.get_serializer(obj).data)

    def _saved(self, obj, status_code=status.HTTP_200_OK):
        """The object as saved (read again as the list reads it), with its new ETag."""
        current = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(current).data, status=status_code, headers={"ETag": etag_for(current)})


class ReviewedMixin(ObjectMixin):
    """``submit/`` (those who change the work, If-Match) and ``review/`` (ministry administrators who wrote none of
    it, If-Match) for a viewset of a reviewed kind."""

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        work = self.object_for(CHANGE)
        reviewed.submit(work, by=request.user, expected_version=expected_version(request, work))
        return self._saved(work)

    @extend_schema(request=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Accept a submitted work (frozen from then on), or return it with a comment (ministry administrators who
        changed none of it)."""
        work = self.object_for(REVIEW)
        decision = ReviewSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        data = decision.validated_data
        reviewed.decide(work, request.user, accept=data["decision"] == "accept", comment=data["comment"],
                        expected_version=expected_version(request, work))  # fmt: skip
        return self._saved(work)
