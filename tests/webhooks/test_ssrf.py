"""The SSRF guard: each address class refused when the request is sent (the receiver never hears of it), a host
name checked by what it resolves to, and only the allowed schemes and ports."""

import ipaddress

import pytest

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


def test_redirects_are_not_followed(receiver):
    receiver.answer = lambda request: 302
    answer = transport.post(receiver.url, b"{}", {})
    assert answer.status == 302 and not answer.ok and len(receiver.received) == 1


def test_https_verifies_the_certificate_of_the_name_in_the_url(receiver):
    """The connection goes to the checked address with the URL's host name for SNI and verification: a server that
    speaks no TLS (or shows no valid certificate) is an error in the log, never a delivery."""
    answer = transport.post(receiver.url.replace("http://", "https://"), b"{}", {})
    assert answer.status is None and "SSL" in answer.error
