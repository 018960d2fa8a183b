"""A real HTTP receiver on loopback for webhook tests: it records every request and answers as told (a status, or a
status with headers and a body), over TLS when given a certificate; and one that takes requests and never answers."""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    headers: dict[str, str]
    body: str

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """``answer(request) -> status`` or ``(status, headers, body)``; the default answers 204. ``url`` is where it
    listens; with ``tls`` (an ``ssl.SSLContext`` holding its certificate) it speaks https."""

    answer: Callable[[Received], int | tuple[int, dict[str, str], bytes]] = lambda request: 204
    received: list[Received] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)
    tls: ssl.SSLContext | None = None

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                request = Received({k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length).decode())
                with receiver.arrived:
                    receiver.received.append(request)
                    receiver.arrived.notify_all()
                answer = receiver.answer(request)
                status, headers, body = answer if isinstance(answer, tuple) else (answer, {}, b"ok")
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if self.tls is not None:
            self.server.socket = self.tls.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.server.server_address[1]}/hook"

    def wait_for(self, count: int, timeout: float = 60) -> list[Received]:
        """Block until ``count`` requests have arrived (woken by each arrival, no polling)."""
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.received) >= count, timeout):
                raise AssertionError(f"{len(self.received)} of {count} requests arrived in {timeout} s")
            return list(self.received)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Hanging:
    """A receiver that reads each request and never answers (until stopped): a slow or dead subscriber."""

    def __init__(self):
        self.released = threading.Event()
        self.arrived = threading.Semaphore(0)
        hanging = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                hanging.arrived.release()
                hanging.released.wait(300)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "hook") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{path}"

    def stop(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
