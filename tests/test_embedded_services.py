"""Several processes share the embedded servers: the first attach starts them, the last detach stops them, a
client killed without detaching is pruned and never keeps them alive nor stops them under a live one.

Exercised on the embedded Redis of a data folder of the test's own (PostgreSQL follows the same list of clients and
takes seconds to initialise); every client is a real process."""

import json
import os
import signal
import subprocess
import sys

import pytest
import redis

from runtime.embedded import _SOCKET_PATH_LIMIT, EmbeddedServices
from tests.processes import ROOT

CLIENT = """
import sys
from pathlib import Path
from runtime.embedded import EmbeddedServices

EmbeddedServices(Path(sys.argv[1]), postgres=False).attach()
print("attached", flush=True)
sys.stdin.read()  # until the test closes stdin; detaching at exit (atexit) as every attached process does
"""


class Client:
    """A process attached to the services of ``data_dir``, until it is told to leave or killed."""

    def __init__(self, data_dir):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alliance_portal.settings.local"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", CLIENT, str(data_dir)],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout.readline().strip() == "attached"

    def leave(self) -> None:
        self.process.stdin.close()
        assert self.process.wait(30) == 0

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)


def answers(services: EmbeddedServices) -> bool:
    try:
        return redis.Redis(unix_socket_path=str(services.redis_socket), socket_timeout=2).ping()
    except (redis.ConnectionError, FileNotFoundError):
        return False


def clients(services: EmbeddedServices) -> list[int]:
    return json.loads(services.clients_file.read_text())


@pytest.fixture
def services(tmp_path):
    services = EmbeddedServices(tmp_path / "data", postgres=False)
    yield services
    services.stop_redis()  # whatever the test left behind


def test_the_last_client_to_leave_stops_the_servers_and_a_killed_one_is_pruned(services):
    first = Client(services.data_dir)
    assert answers(services)
    killed = Client(services.data_dir)
    killed.kill()  # no detach: still listed until someone attaches or detaches
    assert killed.process.pid in clients(services)

    passing = Client(services.data_dir)
    passing.leave()
    assert answers(services)  # the first client still uses them
    assert clients(services) == [first.process.pid]  # the dead one pruned, the one that left gone

    first.leave()
    assert not answers(services) and clients(services) == []


def test_a_killed_last_client_does_not_keep_the_servers_from_stopping(services):
    killed = Client(services.data_dir)
    killed.kill()
    assert answers(services)  # nobody has noticed yet
    Client(services.data_dir).leave()  # the next one to come and go finds no live user left
    assert not answers(services)


def test_a_data_folder_too_deep_for_a_socket_path_puts_the_socket_in_the_temporary_folder(tmp_path):
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 5)
    services = EmbeddedServices(deep, postgres=False)
    assert len(str(deep / "redis" / "redis.sock")) >= _SOCKET_PATH_LIMIT
    assert len(str(services.redis_socket)) < _SOCKET_PATH_LIMIT
    assert EmbeddedServices(tmp_path / "other" / deep.name, postgres=False).redis_socket != services.redis_socket
    try:
        client = Client(deep)
        assert answers(services)
        client.leave()
        assert not answers(services)
    finally:
        services.stop_redis()
