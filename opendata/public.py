"""What every public page shares: the language from ``?lang=`` (else the browser's), no cookie, and a cache of the
rendered page keyed by the publications' state (a new publication or newly built files make every page anew)."""

from __future__ import annotations

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from redis.exceptions import RedisError

from opendata.models import Publication

logger = logging.getLogger(__name__)
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def chosen_language(request) -> str:
    """``?lang=`` when it names a language of the portal; otherwise what the middleware chose (the browser's)."""
    lang = request.GET.get("lang")
    if lang in LANGUAGES:
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
    return translation.get_language()


def _state() -> str:
    figures = Publication.objects.aggregate(last=Max("pk"), ready=Count("files_ready_at"))
    return f"{figures['last']}:{figures['ready']}"


def cache_key(request) -> str:
    """The publications' state, the language and the full path: a new publication or newly built files change it."""
    raw = f"{_state()}:{translation.get_language()}:{request.get_full_path()}"
    return "open:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(key: str) -> HttpResponse | None:
    """The answer kept under ``key``, rebuilt; None when there is none (or the cache is unavailable)."""
    try:
        hit = cache.get(key)
    except RedisError:
        logger.warning("open-data cache unavailable")
        return None
    if hit is None:
        return None
    response = HttpResponse(hit["content"], content_type=hit["type"])
    for header, value in hit["headers"].items():
        response[header] = value
    return response


def keep(key: str, response: HttpResponse) -> None:
    """Keep a rendered successful answer (its body, type and the headers that describe it)."""
    if response.status_code != 200 or response.streaming:
        return
    headers = {h: response[h] for h in ("Content-Disposition", "ETag", "Content-Language") if h in response}
    try:
        cache.set(key, {"content": response.content, "type": response["Content-Type"], "headers": headers},
                  settings.OPEN_DATA_CACHE_SECONDS)  # fmt: skip
    except RedisError:
        logger.warning("open-data cache unavailable")


def mark_public(response: HttpResponse) -> HttpResponse:
    """Cacheable by browsers and proxies when successful; varying with the language asked for."""
    if response.status_code == 200:
        patch_cache_control(response, public=True, max_age=settings.OPEN_DATA_CACHE_SECONDS)
    patch_vary_headers(response, ("Accept-Language",))
    return response


def public(view):
    """A public page or file: served from the cache when it can be, and marked cacheable for browsers and proxies."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        chosen_language(request)
        key = cache_key(request)
        response = cached(key)
        if response is None:
            try:
                response = view(request, *args, **kwargs)
            except Http404:  # the public 404 page: the portal's would set a cookie and show its language form
                response = TemplateResponse(request, "opendata/404.html", status=404)
            if hasattr(response, "render"):
                response.render()
            keep(key, response)
        return mark_public(response)

    return wrapped
