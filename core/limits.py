"""Per-user rate limits on the pages' expensive outputs (the timeline PDF, the whole-portfolio workbook, the answers
export, the search): ``@limited("exports")`` answers a signed-in user over the scope's rate (``REST_FRAMEWORK``'s
``DEFAULT_THROTTLE_RATES``) with a 429 — a page saying when to try again, or problem-details JSON to a caller that
asks for JSON — and a ``Retry-After`` header. Counted in the cache like the API's throttles (fail open)."""

from __future__ import annotations

import math
from functools import wraps

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from alliance_portal.api.throttling import PerUserThrottle


def too_many_requests(request, wait: float | None):
    seconds = max(1, math.ceil(wait or 60))
    minutes = max(1, math.ceil(seconds / 60))
    detail = _("You have asked for this too often. Please try again in %(minutes)d minutes.") % {"minutes": minutes}
    if request.accepts("application/json") and not request.accepts("text/html"):
        response = JsonResponse(
            {"type": "about:blank", "title": _("Too many requests"), "status": 429, "detail": detail},
            status=429, content_type="application/problem+json",
        )  # fmt: skip
    else:
        response = render(request, "429.html", {"detail": detail}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def limited(scope: str, methods: tuple[str, ...] | None = None):
    """Limit a signed-in page's output to the rate of ``scope``, per user (under ``login_required``); only requests of
    ``methods`` count when given (an upload's POST, not the form's GET)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.is_authenticated and (methods is None or request.method in methods):
                throttle = PerUserThrottle(scope)
                if not throttle.allow_request(request, None):
                    return too_many_requests(request, throttle.wait())
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
