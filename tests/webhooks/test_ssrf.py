"""The SSRF guard: each address class refused when the request is sent (the receiver never hears of it), a host
name checked by what it resolves to, and only the allowed schemes and ports."""

import ipaddress
import socket
import threading
import time

import pytest

from tests.webhooks.receiver import Hanging, Receiver
from tests.webhooks.tls import authority_and_server
from webhooks import transport

pytestmark = pytest.mark.usefixtures("english")  # the refusals are asserted by their English words

REFUSED = [
    ("http://127.0.0.1:{port}/hook", "loopback"),
    ("http://[::1]:{port}/hook", "loopback"),
    ("http://[::ffff:127.0.0.1]:{port}/hook", "loopback"),
    ("http://localhost:{port}/hook", "loopback"),  # a name: refused by what it resolves to
    ("http://10.1.2.3:{port}/hook", "private"),
    ("http://192.168.0.10:{port}/hook", "private"),
    ("http://169.254.10.1:{port}/hook", "link-local"),
    ("http://224.0.0.1:{port}/hook", "multicast"),
    ("http://169.254.169.254:{port}/latest/meta-data", "metadata"),
    ("http://100.100.100.200:{port}/hook", "metadata"),
    ("http://0.0.0.0:{port}/hook", "private"),
    ("http://[fd12:3456::1]:{port}/hook", "private"),  # IPv6 unique local
    ("http://[fe80::1]:{port}/hook", "link-local"),
]

# IPv6 forms that carry an IPv4 address to a gateway or translator (which would take the request inside), and the
# deprecated site-local range: refused whatever the IPv4 address inside, public ones included.
EMBEDDING = [
    "::ffff:10.0.0.1",  # IPv4-mapped
    "::ffff:8.8.8.8",
    "::10.0.0.1",  # IPv4-compatible
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8
    "64:ff9b:1::a00:1",  # NAT64, local-use prefix
    "2002:a00:1::1",  # 6to4 of 10.0.0.1
    "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo
    "fec0::1",  # site-local
]


@pytest.fixture
def production_rules(settings):
    """Plain http and any port (so only the address is judged), no network allowed."""
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_PORTS = []
    settings.WEBHOOK_ALLOWED_NETWORKS = []


@pytest.mark.parametrize(("url", "kind"), REFUSED)
def test_each_address_class_is_refused_without_a_request(receiver, production_rules, url, kind):
    answer = transport.post(url.format(port=receiver.server.server_address[1]), b"{}", {})
    assert answer.status is None and kind in answer.error
    assert receiver.received == []


@pytest.mark.parametrize("address", EMBEDDING)
def test_ipv6_forms_that_embed_an_ipv4_address_are_refused(production_rules, address):
    with pytest.raises(transport.Refused, match="carries an IPv4 address or is site-local"):
        transport.check_url(f"http://[{address}]/hook")


def test_an_ipv4_mapped_loopback_is_refused_even_where_loopback_is_allowed(receiver):
    answer = transport.post(f"http://[::ffff:127.0.0.1]:{receiver.server.server_address[1]}/hook", b"{}", {})
    assert "loopback" in answer.error and receiver.received == []


def test_a_refusal_never_tells_what_the_name_resolves_to(production_rules):
    """The caller learns the kind of address, not the address an internal name points at."""
    answer = transport.post("http://localhost/hook", b"{}", {})
    resolved = {info[4][0] for info in socket.getaddrinfo("localhost", 80)}
    assert "loopback" in answer.error
    assert not any(address in answer.error for address in resolved | {"127.0.0.1", "::1"})


def test_metadata_addresses_stay_refused_even_where_their_network_is_allowed(settings, production_rules):
    settings.WEBHOOK_ALLOWED_NETWORKS = [ipaddress.ip_network("169.254.0.0/16")]
    assert "metadata" in transport.post("http://169.254.169.254/", b"{}", {}).error


def test_an_allowed_network_is_reached(receiver):
    assert transport.post(receiver.url, b"{}", {}).status == 204


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://example.org/hook", "https://"),
        ("ftp://example.org/hook", "https://"),
        ("https://example.org:8443/hook", "8443"),
        ("https://user:pw@example.org/hook", "password"),
        ("https:///hook", "no host"),
        ("https://[::1/hook", "not a valid URL"),
        ("https://example.org:99999/hook", "not a valid URL"),
    ],
)
def test_production_takes_https_on_443_and_80_without_credentials(settings, url, message):
    settings.WEBHOOK_ALLOW_HTTP, settings.WEBHOOK_PORTS = False, [443, 80]
    with pytest.raises(transport.Refused, match=message):
        transport.check_url(url)


@pytest.fixture
def second_receiver(loopback_allowed):
    started = Receiver().start()
    yield started
    started.stop()


def test_redirects_are_not_followed(receiver, second_receiver):
    """A 302 to a URL the sender could reach (same rules, answering 204) is an answer, not a new request."""
    receiver.answer = lambda request: (302, {"Location": second_receiver.url}, b"")
    answer = transport.post(receiver.url, b"{}", {})
    assert answer.status == 302 and not answer.ok and len(receiver.received) == 1
    assert transport.post(second_receiver.url, b"{}", {}).status == 204  # reachable: only the redirect was ignored
    assert len(second_receiver.received) == 1


@pytest.fixture
def tls_receiver(loopback_allowed, tmp_path, monkeypatch):
    """An https receiver whose certificate, signed by an authority the sender trusts (``SSL_CERT_FILE``), is made
    for ``tls_receiver.names`` — started by the test with ``start(dns=..., ips=...)``."""
    started = []

    def start(**names) -> Receiver:
        ca_file, context = authority_and_server(tmp_path, **names)
        monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
        started.append(Receiver(tls=context).start())
        return started[-1]

    yield start
    for receiver in started:
        receiver.stop()


def test_https_verifies_the_certificate_of_the_name_in_the_url(tls_receiver):
    """A trusted certificate made for another name is refused: an error in the log, never a delivery."""
    receiver = tls_receiver(dns=["hooks.example.org"])
    answer = transport.post(receiver.url, b"{}", {})
    assert answer.status is None and "match" in answer.error and receiver.received == []


def test_https_delivers_to_a_trusted_certificate_of_the_name_in_the_url(tls_receiver):
    """The control of the test above: the same authority's certificate for the URL's host is accepted."""
    receiver = tls_receiver(ips=["127.0.0.1"])
    assert transport.post(receiver.url, b"{}", {}).status == 204 and len(receiver.received) == 1


def test_at_most_4_kb_of_an_answer_is_read(receiver):
    receiver.answer = lambda request: (200, {}, b"x" * (1024 * 1024))
    answer = transport.post(receiver.url, b"{}", {})
    assert answer.status == 200 and len(answer.body) == transport.RESPONSE_LIMIT == 4096


@pytest.fixture
def hanging(loopback_allowed):
    started = Hanging()
    yield started
    started.stop()


def test_a_receiver_that_never_answers_is_given_up_after_the_timeout(hanging, monkeypatch):
    monkeypatch.setattr(transport, "TIMEOUT_SECONDS", 1)
    answers = []
    sender = threading.Thread(target=lambda: answers.append(transport.post(hanging.url(), b"{}", {})))
    started = time.monotonic()
    sender.start()
    sender.join(30)
    took = time.monotonic() - started
    assert hanging.arrived.acquire(timeout=0)  # it was reached, and held the request
    (answer,) = answers
    assert answer.status is None and "timed out" in answer.error.lower()
    assert 1 <= took < 10
