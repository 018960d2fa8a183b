"""The client's address, behind a proxy or not: the one setting ``TRUSTED_PROXIES`` (addresses or networks).

A request from a trusted proxy is from the address that proxy puts in ``X-Forwarded-For`` (the rightmost address
that is not itself a trusted proxy); any other request is from its connection's address, whatever headers it
sends — so nobody can pose as another client by writing the header, and behind the proxy each client counts on its
own. The sign-in lockout (django-axes), the audit log and the request ids ask here; gunicorn's
``forwarded_allow_ips`` reads the same variable.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings


@cache
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted(address: str | None) -> bool:
    parsed = _address(address or "")
    return parsed is not None and any(parsed in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    if not is_trusted(remote):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        parsed = _address(hop)
        if parsed is None:
            return remote  # a malformed chain: believe only the connection
        if not is_trusted(str(parsed)):
            return str(parsed)
    return remote
