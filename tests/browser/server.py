"""The real app for the browser tests: gunicorn on a free local port, on a fresh database.

The database is a new SQLite file built by the project's own commands (``flask db
upgrade``, ``flask taxonomy load``, ``flask demo load``, run in-process through Flask's
CLI runner). The server runs the production configuration (CSRF on, secure cookies, a
random secret, no SMTP so e-mail stays in the outbox) under gunicorn with two workers,
as in production: requests of one browser land on different processes, so the tests
also prove that sessions and the login throttle live in the database, not in memory.

The listening socket is made here and handed to gunicorn (``--bind fd://N``): the port
is free by construction, and the first request waits in the socket's queue until a
worker is ready, so no polling loop is needed.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 90
#: As ``scripts/dev serve`` runs it (the bind address comes from WERKBRUG_BIND).
GUNICORN_ARGS = ("-m", "gunicorn", "-c", "python:marketplace.gunicorn_conf", "wsgi:app")

#: Environment variables of the developer's shell that must not reach the test server.
_SCRUBBED = ("DATABASE_URL", "MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "WERKBRUG_BIND")


def stop_process(process: subprocess.Popen | None) -> None:
    """Ask a child process to end, and kill it when it has not within 30 s."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def prepare_database(path: Path) -> tuple[str, Flask]:
    """Build a fresh SQLite database at ``path`` with the project's commands.

    Returns its URL and an app on it, which the tests use to look up demo objects.
    """
    from marketplace.app import create_app

    url = f"sqlite:///{path}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ENVIRONMENT": "development"})
    runner = app.test_cli_runner()
    for command in (["db", "upgrade"], ["taxonomy", "load"], ["demo", "load"]):
        result = runner.invoke(args=command)
        if result.exit_code != 0:
            raise RuntimeError(
                f"flask {' '.join(command)} failed ({result.exit_code}):\n{result.output}"
            ) from result.exception
    return url, app


@dataclass
class LiveServer:
    """A running gunicorn serving the app; ``url`` is its base address."""

    database_url: str
    log_path: Path
    #: More environment variables for the server (``GUNICORN_CMD_ARGS``, for example).
    environment: dict[str, str] = field(default_factory=dict)
    url: str = ""
    process: subprocess.Popen | None = None
    _log: object = field(default=None, repr=False)

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        host, port = listener.getsockname()
        self.url = f"http://{host}:{port}"
        env = {key: value for key, value in os.environ.items() if key not in _SCRUBBED}
        env.update(
            DATABASE_URL=self.database_url,
            WERKBRUG_ENV="production",
            SECRET_KEY=secrets.token_urlsafe(48),
            WERKBRUG_BIND=f"fd://{listener.fileno()}",
            WEB_CONCURRENCY="2",
            PUBLIC_BASE_URL=self.url,
        )
        env.update(self.environment)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
                [sys.executable, *GUNICORN_ARGS],
                cwd=ROOT,
                env=env,
                pass_fds=[listener.fileno()],
                stdout=self._log,
                stderr=subprocess.STDOUT,
            )
        finally:
            # gunicorn holds its own copy; closing ours means a dead server refuses
            # connections instead of leaving them waiting.
            listener.close()
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        """One request to /health: it waits in the socket's queue until a worker answers."""
        try:
            with urllib.request.urlopen(  # noqa: S310 - our own local server
                f"{self.url}/health", timeout=STARTUP_TIMEOUT_S
            ) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError) as error:
            problem = str(error)
        else:
            problem = f"/health answered {response.status}"
        self.stop()
        raise RuntimeError(f"The test server did not start: {problem}\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        stop_process(self.process)
        if self._log is not None:
            self._log.close()
            self._log = None
