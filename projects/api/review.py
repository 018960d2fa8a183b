"""The review action every kind of reviewed work shares in the API (status updates, AI-ethics checks, executions):
the reviewer must be allowed to review that object (``access.policy``, REVIEW: 404 otherwise), the decision is
validated, and the service of that kind decides with the version from ``If-Match``."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.shortcuts import get_object_or_404

from access.policy import REVIEW, restrict
from alliance_portal.api.conditional import expected_version
from projects.api.serializers import ReviewSerializer


def review(request, queryset: models.QuerySet, pk, decide: Callable) -> models.Model:
    """Review the object ``pk`` of ``queryset`` with ``decide(obj, reviewer, accept=, comment=,
    expected_version=)``; returns the object as reviewed."""
    obj = get_object_or_404(restrict(queryset, request.user, REVIEW), pk=pk)
    decision = ReviewSerializer(data=request.data)
    decision.is_valid(raise_exception=True)
    decide(obj, request.user, accept=decision.validated_data["decision"] == "accept",
           comment=decision.validated_data["comment"], expected_version=expected_version(request, obj))  # fmt: skip
    return obj
