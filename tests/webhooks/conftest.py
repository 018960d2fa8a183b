import ipaddress

import pytest

from tests.webhooks.receiver import Receiver


@pytest.fixture
def loopback_allowed(settings):
    """Development settings: plain http to this machine, on any port (production allows neither)."""
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOWED_NETWORKS = [ipaddress.ip_network("127.0.0.0/8")]
    settings.WEBHOOK_PORTS = []


@pytest.fixture
def receiver(loopback_allowed):
    started = Receiver().start()
    yield started
    started.stop()
