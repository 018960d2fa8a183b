"""Sending one request to a subscriber's URL, guarded against server-side request forgery.

The host is resolved when the request is sent (not when the URL was saved) and every address it resolves to is
checked: loopback, private, link-local, multicast, reserved and cloud-metadata addresses are refused unless a
network is allowed by ``WEBHOOK_ALLOWED_NETWORKS`` (metadata addresses never are), and so is every IPv6 form that
carries an IPv4 address to some gateway (IPv4-mapped and -compatible, NAT64, 6to4, Teredo) or that is site-local: a
translator would take the request to the IPv4 address inside, private or not. The refusal names the kind of address,
never the address itself (what an internal name resolves to is not the caller's to learn). The connection then goes
to the address that was checked, so a second lookup cannot swap it. Only ``WEBHOOK_PORTS``, no redirects, at most
``RESPONSE_LIMIT`` bytes of the answer read, ``TIMEOUT_SECONDS`` for the whole request.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 10
RESPONSE_LIMIT = 4096
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
EMBEDDING_IPV4 = tuple(
    ipaddress.ip_network(n)
    for n in (
        "::ffff:0:0/96",  # IPv4-mapped
        "::/96",  # IPv4-compatible (deprecated), :: and ::1 included
        "64:ff9b::/96",  # NAT64, well-known prefix
        "64:ff9b:1::/48",  # NAT64, local-use prefix
        "2002::/16",  # 6to4
        "2001::/32",  # Teredo
        "fec0::/10",  # site-local (deprecated, still routed inside some networks)
    )
)


class Refused(Exception):
    """The URL may not be called; the message says why (shown in the delivery log and to the form's user)."""


@dataclass(frozen=True)
class Answer:
    status: int | None
    body: str = ""
    error: str = ""
    duration_ms: int = 0

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def check_url(url: str) -> None:
    """What can be told without resolving the host: scheme, port, no credentials, no forbidden literal address."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (a malformed address or port raises here)
    except ValueError:
        raise Refused(_("This is not a valid URL.")) from None
    schemes = ("https", "http") if settings.WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in schemes:
        raise Refused(_("Use an https:// URL."))
    if not parts.hostname:
        raise Refused(_("The URL has no host."))
    if parts.username or parts.password:
        raise Refused(_("Put no user name or password in the URL; check the signature instead."))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if settings.WEBHOOK_PORTS and port not in settings.WEBHOOK_PORTS:
        raise Refused(_("Port %(port)s is not allowed; use 443 or 80.") % {"port": port})
    with contextlib.suppress(ValueError):  # a name: checked when it is resolved
        _check_address(ipaddress.ip_address(parts.hostname))


def _check_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    if address in METADATA_ADDRESSES or mapped in METADATA_ADDRESSES:
        raise Refused(_("The host's address is a cloud metadata address."))
    if any(address in network for network in settings.WEBHOOK_ALLOWED_NETWORKS):
        return
    if isinstance(address, ipaddress.IPv6Address) and any(address in network for network in EMBEDDING_IPV4):
        loopback = address.ipv4_mapped is not None and address.ipv4_mapped.is_loopback
        if address.is_loopback or loopback:
            raise Refused(_("The host's address is %(kind)s.") % {"kind": _("a loopback address")})
        raise Refused(_("The host's address is an IPv6 address that carries an IPv4 address or is site-local."))
    if address.is_global and not address.is_multicast:
        return
    kinds = [
        (address.is_loopback, _("a loopback address")),
        (address.is_link_local, _("a link-local address")),
        (address.is_multicast, _("a multicast address")),
        (address.is_private, _("a private address")),
    ]
    kind = next((name for flag, name in kinds if flag), _("not a public address"))
    raise Refused(_("The host's address is %(kind)s.") % {"kind": kind})


def resolve(host: str, port: int) -> str:
    """The address to connect to: the first the host resolves to, after every one of them was checked."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise Refused(
            _("The host %(host)s could not be resolved (%(error)s).") % {"host": host, "error": error}
        ) from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in found]
    for address in addresses:
        _check_address(address)
    return str(addresses[0])


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url``: the status and the start of the answer, or the error; never raises."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        check_url(url)
        parts = urlsplit(url)
        https = parts.scheme == "https"
        port = parts.port or (443 if https else 80)
        address = resolve(parts.hostname, port)
        timeout = urllib3.Timeout(total=TIMEOUT_SECONDS)
        if https:
            pool = urllib3.HTTPSConnectionPool(
                address, port, timeout=timeout, retries=False, server_hostname=parts.hostname,
                assert_hostname=parts.hostname,
            )  # fmt: skip
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        with pool:
            response = pool.urlopen(
                "POST", path, body=body, headers={**headers, "Host": parts.netloc}, redirect=False,
                preload_content=False, assert_same_host=False,
            )  # fmt: skip
            excerpt = response.read(RESPONSE_LIMIT, decode_content=False)
            response.close()
    except Refused as refusal:
        return Answer(None, error=str(refusal), duration_ms=took())
    except (urllib3.exceptions.HTTPError, OSError) as error:
        return Answer(None, error=f"{type(error).__name__}: {error}"[:300], duration_ms=took())
    return Answer(response.status, excerpt.decode("utf-8", "replace"), duration_ms=took())
