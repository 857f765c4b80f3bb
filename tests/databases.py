"""Which database the tests run on, and fresh PostgreSQL databases for them.

``WERKBRUG_TEST_DATABASE`` chooses ``sqlite`` (default) or ``postgresql``. PostgreSQL
is found at ``WERKBRUG_TEST_PG_ADMIN_URL`` (default: the local server as ``postgres``).
Outside CI a missing server skips the tests that need it, with the reason; in CI
(``CI=true``) it fails them. Redis (for the shared cache) is found at
``WERKBRUG_TEST_REDIS_URL`` (default the local server, database 15) and handled the same
way.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

PG_ADMIN_URL = os.environ.get(
    "WERKBRUG_TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def chosen_backend() -> str:
    return os.environ.get("WERKBRUG_TEST_DATABASE", "sqlite")


def postgres_reachable() -> str | None:
    """None when the server answers, else the reason it does not."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except Exception as error:  # any failure means: not reachable
        return f"PostgreSQL at {PG_ADMIN_URL} is not reachable: {error}".strip()
    return None


def require_postgres() -> None:
    """Skip (outside CI) or fail (in CI) the calling test when PostgreSQL is missing."""
    reason = postgres_reachable()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"CI needs PostgreSQL. {reason}")
    pytest.skip(reason)


REDIS_URL = os.environ.get("WERKBRUG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable() -> str | None:
    """None when Redis answers, else the reason it does not."""
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=3).ping()
    except Exception as error:  # any failure means: not reachable
        return f"Redis at {REDIS_URL} is not reachable: {error}".strip()
    return None


def require_redis() -> None:
    """Skip (outside CI) or fail (in CI) the calling test when Redis is missing."""
    reason = redis_reachable()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"CI needs Redis. {reason}")
    pytest.skip(reason)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def create_postgres_database(template: str | None = None) -> tuple[str, str]:
    """Create an empty database, or a copy of the database ``template`` (which nobody
    may be connected to); returns (its SQLAlchemy URL, its name)."""
    import psycopg

    name = f"werkbrug_test_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{copy}')
    url = _with_database(PG_ADMIN_URL, name).replace("postgresql://", "postgresql+psycopg://", 1)
    return url, name


def drop_postgres_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
