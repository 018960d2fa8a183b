"""What every public page shares: the language from ``?lang=`` (else the browser's), no cookie, a limit per client
address (``open_pages``), and a cache of the rendered page keyed by the publications' state (a new publication or
newly built files make every page anew), the path and the parameters the page reads — each in its one canonical
form, so made-up parameters or spellings never add an entry. Downloads are never kept in the cache (``public_file``):
they are streamed from the open-data storage, and a browser holding the current ETag gets a 304."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from redis.exceptions import RedisError

from alliance_portal.api.throttling import PerAddressPageThrottle
from core import periods
from core.parameters import whole_number
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


Reads = dict[str, Callable[[str], str | None]]  # a parameter the page reads -> its canonical form (None: not kept)


def one_of(values) -> Callable[[str], str | None]:
    return lambda text: text if text == "" or text in values else None


def number(maximum: int) -> Callable[[str], str | None]:
    def canonical(text: str) -> str | None:
        if text == "":
            return ""
        found = whole_number(text, maximum=maximum)
        return None if found is None else str(found)

    return canonical


def page_number(text: str) -> str | None:
    """A list page's number: none is the first; past this bound a page is served but not kept."""
    return number(1000)(text or "1")


def month(text: str) -> str | None:
    if text == "":
        return ""
    try:
        return periods.parse(periods.MONTH, text).key
    except ValidationError:
        return None


def opaque(text: str) -> str | None:
    """A value read as it is: the API's cursor (a malformed one is a 404, never kept; how many well-formed ones are
    kept is bounded by the per-address limit and the cache's ``maxmemory``)."""
    return text if len(text) <= 200 else None


def cache_key(request, reads: Reads) -> str | None:
    """The publications' state, the language (and whether ``?lang=`` chose it), the path and the canonical form of each
    parameter the page reads;
    None (the answer is not kept) when one of them has no canonical form. Other parameters change nothing."""
    canonical = []
    for name, canonical_form in reads.items():
        value = canonical_form(request.GET.get(name, ""))
        if value is None:
            return None
        canonical.append((name, value))
    # The links of a page keep an explicit ``?lang=`` (``open_url``): a page asked for with one and a page in the
    # same language chosen by the browser are two answers.
    chosen = request.GET.get("lang") if request.GET.get("lang") in LANGUAGES else ""
    raw = f"{_state()}:{translation.get_language()}:{chosen}:{request.path}?{urlencode(canonical)}"
    return "open:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(key: str | None) -> HttpResponse | None:
    """The answer kept under ``key``, rebuilt; None when there is none (or the cache is unavailable)."""
    if key is None:
        return None
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


def keep(key: str | None, response: HttpResponse) -> None:
    """Keep a rendered successful answer (its body, type and the headers that describe it)."""
    if key is None or response.status_code != 200 or response.streaming:
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


def too_many_requests(request, wait: float | None) -> TemplateResponse:
    response = TemplateResponse(request, "opendata/429.html", status=429)
    response.render()
    response["Retry-After"] = str(int(wait or 60) + 1)
    return response


def _throttled(request) -> HttpResponse | None:
    throttle = PerAddressPageThrottle()
    return None if throttle.allow_request(request, None) else too_many_requests(request, throttle.wait())


def _page(request, view, *args, **kwargs) -> HttpResponse:
    try:
        response = view(request, *args, **kwargs)
    except Http404:  # the public 404 page: the portal's would set a cookie and show its language form
        response = TemplateResponse(request, "opendata/404.html", status=404)
    if hasattr(response, "render"):
        response.render()
    return response


def public(view=None, *, reads: Reads | None = None):
    """A public page: limited per address, served from the cache when it can be, and marked cacheable for browsers
    and proxies. ``reads``: the query parameters the page reads, each with its canonical form."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            chosen_language(request)
            refused = _throttled(request)
            if refused is not None:
                return mark_public(refused)
            key = cache_key(request, reads or {})
            response = cached(key)
            if response is None:
                response = _page(request, view, *args, **kwargs)
                keep(key, response)
            return mark_public(response)

        return wrapped

    return decorate(view) if view is not None else decorate


def public_file(view):
    """A public download: limited per address like the pages, never kept in the cache (the view streams it)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        chosen_language(request)
        refused = _throttled(request)
        return mark_public(refused if refused is not None else _page(request, view, *args, **kwargs))

    return wrapped
