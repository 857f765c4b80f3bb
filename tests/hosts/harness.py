"""Two application hosts behind HAProxy, as ``docs/deployment.md`` describes, on one
machine: for ``tests/hosts/test_two_hosts.py``.

Each host is gunicorn (the production configuration, CSRF on; ``tests/browser/server.py``
starts it) and a ``flask jobs worker`` process, with the same SECRET_KEY, on its own
port of 127.0.0.1. They share ONE PostgreSQL database (``tests/fresh.py``: committed,
with the taxonomy and the test users) and ONE Redis database for the job queue. HAProxy
runs with a configuration written here (``haproxy_config``, the sample of the deployment
page): round-robin to both hosts, health check on /health. ``SmtpServer`` is a small
SMTP server that counts every message it accepts and can hold the next DATA command
unanswered, so that a worker is caught mid-send.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests import databases
from tests.browser.server import _SCRUBBED, ROOT, LiveServer, stop_process

HAPROXY = os.environ.get("WERKBRUG_TEST_HAPROXY", "/usr/sbin/haproxy")
#: The job queue of the two hosts: a Redis database of its own, flushed before and after.
QUEUE_REDIS_URL = os.environ.get("WERKBRUG_TEST_HOSTS_REDIS_URL", "redis://127.0.0.1:6379/11")
#: Short recovery times, so a killed worker's job is taken over within seconds (the
#: app refuses a mail lease, 3/4 of the stall time, below 5 SMTP timeouts).
MAIL_TIMEOUT_SECONDS = 2
JOB_STALL_SECONDS = 14
STARTUP_TIMEOUT_S = 120


def require(reason: str | None, what: str) -> None:
    """Skip (outside CI) or fail (in CI) when a service the test needs is missing."""
    if reason is None:
        return
    if databases.in_ci():
        pytest.fail(f"CI needs {what}. {reason}")
    pytest.skip(reason)


def haproxy_missing() -> str | None:
    if os.access(HAPROXY, os.X_OK):
        return None
    return f"HAProxy is not installed at {HAPROXY} (Debian package haproxy)"


def queue_redis_missing() -> str | None:
    try:
        import redis

        redis.Redis.from_url(QUEUE_REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as error:  # any failure means: not reachable
        return f"Redis at {QUEUE_REDIS_URL} is not reachable: {error}"
    return None


def flush_queue() -> None:
    """Empty the hosts' Redis database (only that one)."""
    import redis

    redis.Redis.from_url(QUEUE_REDIS_URL).flushdb()


def free_port() -> int:
    """A port nothing listens on now (HAProxy binds its own, so it cannot take a socket)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(
    condition: Callable[[], object], what: str, timeout: float = 90, interval: float = 0.2
):
    """Poll ``condition`` until it returns something true; fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {timeout:.0f} s for {what}")
        time.sleep(interval)


# --- SMTP --------------------------------------------------------------------------------


class SmtpServer(socketserver.ThreadingTCPServer):
    """An SMTP server on a free local port that keeps every message it accepts.

    ``hold_next_data()`` makes it leave the next DATA command unanswered: the sending
    worker waits there (mid-send) until its connection closes, and that message is not
    accepted; ``held`` is set once a sender waits.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SmtpSession)
        self.port = self.server_address[1]
        self.messages: list[bytes] = []
        self.lock = threading.Lock()
        self._hold = threading.Event()
        self.held = threading.Event()

    def hold_next_data(self) -> None:
        self.held.clear()
        self._hold.set()

    def take_hold(self) -> bool:
        """True for the one session that should wait at DATA."""
        with self.lock:
            if self._hold.is_set():
                self._hold.clear()
                return True
            return False

    def start(self) -> None:
        threading.Thread(target=self.serve_forever, name="smtp", daemon=True).start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _SmtpSession(socketserver.StreamRequestHandler):
    """Enough of RFC 5321 for smtplib: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    timeout = 120

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        server: SmtpServer = self.server
        self.reply("220 test.example SMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-test.example")
                self.reply("250 8BITMIME")
            elif verb in {"HELO", "MAIL", "RCPT", "RSET", "NOOP"}:
                self.reply("250 OK")
            elif verb == "DATA":
                if server.take_hold():
                    server.held.set()
                    while self.rfile.readline():  # until the sender is gone
                        pass
                    return
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = []
                for data_line in iter(self.rfile.readline, b""):
                    if data_line in (b".\r\n", b".\n"):
                        break
                    body.append(data_line)
                else:
                    return  # the sender left before the end: nothing accepted
                with server.lock:
                    server.messages.append(b"".join(body))
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


# --- hosts -------------------------------------------------------------------------------


@dataclass
class Host:
    """One application host: gunicorn and a job worker with the same environment."""

    name: str
    folder: Path
    environment: dict[str, str]
    web: LiveServer | None = None
    worker: subprocess.Popen | None = None
    _worker_log: object = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return self.web.url

    @property
    def worker_log(self) -> Path:
        return self.folder / f"{self.name}-worker.log"

    def start_web(self, database_url: str) -> None:
        self.web = LiveServer(
            database_url, self.folder / f"{self.name}-gunicorn.log", environment=self.environment
        )
        self.web.start()

    def start_worker(self, database_url: str) -> None:
        env = {key: value for key, value in os.environ.items() if key not in _SCRUBBED}
        env.update(self.environment, DATABASE_URL=database_url)
        self._worker_log = self.worker_log.open("w")
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker", "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=self._worker_log,
            stderr=subprocess.STDOUT,
        )

    def worker_ready(self) -> bool:
        if self.worker.poll() is not None:
            raise AssertionError(f"The job worker of host {self.name} ended:\n{self.log()}")
        return "Huey consumer started" in self.worker_log.read_text(errors="replace")

    @property
    def worker_name(self) -> str:
        """How the runs and mail claims name this host's worker (host:pid)."""
        return f"{socket.gethostname()}:{self.worker.pid}"

    def kill_worker(self) -> None:
        """As a lost host: SIGKILL, no clean-up of any kind."""
        os.kill(self.worker.pid, signal.SIGKILL)
        self.worker.wait(timeout=30)

    def log(self, lines: int = 30) -> str:
        parts = []
        for path in (self.worker_log, self.folder / f"{self.name}-gunicorn.log"):
            if path.exists():
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- {path.name}\n" + "\n".join(tail))
        return "\n".join(parts)

    def stop(self) -> None:
        stop_process(self.worker)
        if self._worker_log is not None:
            self._worker_log.close()
            self._worker_log = None
        if self.web is not None:
            self.web.stop()


def haproxy_config(port: int, servers: dict[str, str], public_host: str) -> str:
    """The balancer: round-robin to ``servers`` (name: host:port), each checked with
    GET /health (with the public Host header, which production requires)."""
    lines = [
        "global",
        "    maxconn 256",
        "",
        "defaults",
        "    mode http",
        "    option forwardfor",
        "    timeout connect 5s",
        "    timeout client 120s",
        "    timeout server 120s",
        "",
        "frontend werkbrug",
        f"    bind 127.0.0.1:{port}",
        "    default_backend hosts",
        "",
        "backend hosts",
        "    balance roundrobin",
        "    option httpchk",
        f"    http-check send meth GET uri /health ver HTTP/1.1 hdr Host {public_host}",
        "    http-check expect status 200",
    ]
    lines += [
        f"    server {name} {address} check inter 2s fall 2 rise 1"
        for name, address in servers.items()
    ]
    return "\n".join(lines) + "\n"


@dataclass
class Balancer:
    """HAProxy in the foreground on its own port."""

    folder: Path
    port: int
    process: subprocess.Popen | None = None
    _log: object = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, servers: dict[str, str]) -> None:
        config = self.folder / "haproxy.cfg"
        config.write_text(haproxy_config(self.port, servers, "127.0.0.1"))
        check = subprocess.run(  # noqa: S603 - the installed HAProxy, our own file
            [HAPROXY, "-c", "-f", str(config)], capture_output=True, text=True
        )
        if check.returncode != 0:
            raise AssertionError(f"haproxy.cfg refused:\n{check.stdout}{check.stderr}")
        self._log = (self.folder / "haproxy.log").open("w")
        self.process = subprocess.Popen(  # noqa: S603 - the installed HAProxy, our own file
            [HAPROXY, "-db", "-f", str(config)], stdout=self._log, stderr=subprocess.STDOUT
        )
        wait_until(self._healthy, "HAProxy to answer /health", STARTUP_TIMEOUT_S)

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError("HAProxy ended:\n" + (self.folder / "haproxy.log").read_text())
        try:
            with urllib.request.urlopen(f"{self.url}/health", timeout=10) as answer:  # noqa: S310
                return answer.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def stop(self) -> None:
        stop_process(self.process)
        if self._log is not None:
            self._log.close()
            self._log = None


@dataclass
class TwoHosts:
    """Everything the test runs, started in order and stopped in reverse."""

    folder: Path
    database_url: str
    smtp: SmtpServer = field(default_factory=SmtpServer)
    hosts: dict[str, Host] = field(default_factory=dict)
    balancer: Balancer | None = None

    def start(self) -> None:
        self.smtp.start()
        self.balancer = Balancer(self.folder, free_port())
        shared = {
            "WERKBRUG_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),  # the same on both hosts
            "PUBLIC_BASE_URL": self.balancer.url,
            "TRUSTED_HOSTS": "127.0.0.1",
            "PROXY_COUNT": "1",
            "WEB_CONCURRENCY": "1",  # a small machine runs all of it
            "JOB_QUEUE_URL": QUEUE_REDIS_URL,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(self.smtp.port),
            "MAIL_USE_TLS": "0",
            "MAIL_TIMEOUT_SECONDS": str(MAIL_TIMEOUT_SECONDS),
            "JOB_STALL_SECONDS": str(JOB_STALL_SECONDS),
        }
        for name in ("a", "b"):
            self.hosts[name] = Host(name, self.folder, dict(shared))
            self.hosts[name].start_worker(self.database_url)
        # Both sites start at once (each start waits until its /health answers).
        with ThreadPoolExecutor(max_workers=2) as pool:
            for started in [
                pool.submit(host.start_web, self.database_url) for host in self.hosts.values()
            ]:
                started.result()
        for host in self.hosts.values():
            wait_until(host.worker_ready, f"the job worker of host {host.name}", STARTUP_TIMEOUT_S)
        self.balancer.start(
            {name: host.url.removeprefix("http://") for name, host in self.hosts.items()}
        )

    def logs(self) -> str:
        return "\n".join(host.log() for host in self.hosts.values())

    def stop(self) -> None:
        if self.balancer is not None:
            self.balancer.stop()
        for host in self.hosts.values():
            host.stop()
        self.smtp.stop()
