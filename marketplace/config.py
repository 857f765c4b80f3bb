"""Configuration read from the environment, with safe defaults for development.

Production (``WERKBRUG_ENV=production``) refuses to start without a real SECRET_KEY.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

DEVELOPMENT_SECRET = "werkbrug-development-only-secret"  # noqa: S105 - refused in production


class ConfigurationError(RuntimeError):
    """The environment does not describe a safe configuration."""


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings for a running site; every value can come from the environment."""

    ENVIRONMENT = "development"
    TESTING = False

    SECRET_KEY = DEVELOPMENT_SECRET
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in by from_environment
    # No pool_pre_ping: its SELECT 1 cost a round trip on every request. PostgreSQL
    # connections are checked on checkout by database.check_connections_on_checkout
    # (pinged when the server has closed them or they sat idle longer than this);
    # an SQLite file cannot drop its connection.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    POSTGRES_PING_AFTER_IDLE_SECONDS = 10
    # Saves queue on SQLite's single write lock; wait well within gunicorn's 60 s timeout.
    SQLITE_BUSY_TIMEOUT_MS = 30000
    # Statements psycopg keeps prepared per PostgreSQL connection (the site sends a few
    # hundred different ones; psycopg's default of 100 would evict and re-plan them).
    POSTGRES_PREPARED_MAX = 1000

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Brussels"
    LANGUAGES = ("nl", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "werkbrug_session"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # A login lasts 12 hours from logging in (its database row's expiry, checked on
    # every request), so signing the cookie anew on every answer would extend nothing:
    # it is sent when its content changes (logging in, the language, a CSRF token).
    SESSION_REFRESH_EACH_REQUEST = False
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    WTF_CSRF_TIME_LIMIT = 3600 * 8

    # Mail: with MAIL_SERVER unset, messages stay in the development outbox.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = True
    MAIL_SENDER = "Werkbrug <no-reply@werkbrug.local>"
    # The longest one SMTP operation (connect, a command, the message) may wait.
    MAIL_TIMEOUT_SECONDS = 10

    # Where people reach the site: every link in every message is made on it, never on
    # the Host header of a request. TRUSTED_HOSTS (None: any) lists the hosts that
    # requests may name; production defaults it to the host of PUBLIC_BASE_URL.
    PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    TRUSTED_HOSTS: list[str] | None = None

    INVITATION_MAX_AGE = timedelta(hours=48)
    # Throttling (accounts/throttle.py): within the window, the first failures per
    # account and per address are free; then each next attempt waits LOGIN_FIRST_DELAY,
    # doubled per further failure. From a usual address (a login from it within
    # LOGIN_USUAL_ADDRESS_DAYS) only that address's failures count for the account.
    LOGIN_THROTTLE_WINDOW = timedelta(minutes=15)
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    LOGIN_FIRST_DELAY = timedelta(minutes=1)
    LOGIN_USUAL_ADDRESS_DAYS = 30
    PASSWORD_RESET_MAX_PER_ACCOUNT = 3
    PASSWORD_RESET_MAX_PER_ADDRESS = 10

    TAXONOMY_DATA_DIR: str | None = None  # default: marketplace/taxonomy/data
    CANDIDATE_RETENTION_DAYS = 730
    # The largest records file an admin may upload in the site (the command has no limit).
    RECORD_IMPORT_MAX_BYTES = 100 * 1024 * 1024
    # Insights: how many computed aggregates each process keeps (0: none).
    INSIGHTS_CACHE_SIZE = 512
    # Insights: how old the dashboards' figures may be, in seconds (0: counted afresh
    # whenever the data changed; marketplace/insights/cache.py).
    INSIGHTS_MAX_AGE_SECONDS = 60
    # Insights: the fewest people a selection must hold before any breakdown of them is
    # shown (smaller groups get "too few people"; marketplace/insights/protection.py).
    INSIGHTS_MIN_POPULATION = 20
    # Suggestions: the longest the ranking may take before the unranked list is shown.
    SUGGESTION_RANKING_DEADLINE_SECONDS = 2.0
    # The partnership's data protection officer: where candidates can object to a
    # suggestion (shown on the explanation a coach prints for a candidate).
    DPO_EMAIL = "privacy@werkbrug.local"

    # Several hosts (docs/deployment.md). A read replica for the insights dashboards'
    # read-only queries (unset: the primary answers them).
    DATABASE_REPLICA_URL: str | None = None
    # A Redis shared by every host for computed answers (unset: each process keeps its
    # own, INSIGHTS_CACHE_SIZE of them); entries expire after CACHE_TTL_SECONDS.
    CACHE_REDIS_URL: str | None = None
    CACHE_KEY_PREFIX = "werkbrug:"
    # The background job queue (marketplace/jobs): unset keeps it in a SQLite file in
    # the instance folder (one host); a redis:// URL shares it between hosts.
    JOB_QUEUE_URL: str | None = None
    # Run each job at once, in memory, in the caller's context (the tests).
    JOB_QUEUE_IMMEDIATE = False
    # Recovery of jobs whose worker died (marketplace/jobs/recovery.py): a running job's
    # worker writes a heartbeat every JOB_STALL_SECONDS / 4; a run whose heartbeat is
    # older than JOB_STALL_SECONDS goes back to the queue, and after JOB_MAX_ATTEMPTS
    # starts it fails with "the worker stopped". A mail claim lasts 3/4 of it (the
    # lease), which must be well above a live try: at least 5 x MAIL_TIMEOUT_SECONDS.
    JOB_STALL_SECONDS = 120
    JOB_MAX_ATTEMPTS = 3
    CACHE_TTL_SECONDS = 24 * 3600
    # Where this host keeps snapshots of the prepared candidate pool, mapped by every
    # worker (marketplace/matching/snapshot.py); default <instance>/pool. None (or
    # "off" in the environment): each process builds its own pool in memory.
    CANDIDATE_POOL_DIR: str | None = None
    # How many proxies (load balancer, TLS terminator) stand in front of gunicorn and
    # set X-Forwarded-For/-Proto/-Host/-Port/-Prefix; 0 trusts none of those headers.
    PROXY_COUNT = 0
    # The partner API (marketplace/api): calls each API key may make, in flask-limiter
    # notation; counted in CACHE_REDIS_URL when set (every host together), else per
    # process.
    API_RATE_LIMIT = "600/minute"

    @classmethod
    def from_environment(cls, instance_path: str) -> dict:
        """Return the settings as a dict, read from the environment now."""
        settings = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
        env = os.environ
        settings["ENVIRONMENT"] = env.get("WERKBRUG_ENV", cls.ENVIRONMENT)
        default_db = "sqlite:///" + os.path.join(instance_path, "werkbrug.sqlite")
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
            env.get("DATABASE_URL", default_db)
        )
        settings["SECRET_KEY"] = env.get("SECRET_KEY", cls.SECRET_KEY)
        settings["MAIL_SERVER"] = env.get("MAIL_SERVER") or None
        settings["MAIL_PORT"] = int(env.get("MAIL_PORT", cls.MAIL_PORT))
        settings["MAIL_USERNAME"] = env.get("MAIL_USERNAME") or None
        settings["MAIL_PASSWORD"] = env.get("MAIL_PASSWORD") or None
        settings["MAIL_USE_TLS"] = _flag("MAIL_USE_TLS", cls.MAIL_USE_TLS)
        settings["MAIL_SENDER"] = env.get("MAIL_SENDER", cls.MAIL_SENDER)
        for name in ("MAIL_TIMEOUT_SECONDS", "JOB_STALL_SECONDS", "JOB_MAX_ATTEMPTS"):
            if name in env:
                settings[name] = int(env[name])
        settings["PUBLIC_BASE_URL"] = env.get("PUBLIC_BASE_URL", cls.PUBLIC_BASE_URL)
        if env.get("TRUSTED_HOSTS"):
            settings["TRUSTED_HOSTS"] = [
                host.strip() for host in env["TRUSTED_HOSTS"].split(",") if host.strip()
            ]
        settings["TAXONOMY_DATA_DIR"] = env.get("TAXONOMY_DATA_DIR") or None
        settings["DPO_EMAIL"] = env.get("DPO_EMAIL") or cls.DPO_EMAIL
        if "CANDIDATE_RETENTION_DAYS" in env:
            settings["CANDIDATE_RETENTION_DAYS"] = int(env["CANDIDATE_RETENTION_DAYS"])
        if "RECORD_IMPORT_MAX_BYTES" in env:
            settings["RECORD_IMPORT_MAX_BYTES"] = int(env["RECORD_IMPORT_MAX_BYTES"])
        if "INSIGHTS_CACHE_SIZE" in env:
            settings["INSIGHTS_CACHE_SIZE"] = int(env["INSIGHTS_CACHE_SIZE"])
        if "INSIGHTS_MAX_AGE_SECONDS" in env:
            settings["INSIGHTS_MAX_AGE_SECONDS"] = int(env["INSIGHTS_MAX_AGE_SECONDS"])
        if "INSIGHTS_MIN_POPULATION" in env:
            settings["INSIGHTS_MIN_POPULATION"] = int(env["INSIGHTS_MIN_POPULATION"])
        replica = env.get("DATABASE_REPLICA_URL") or None
        settings["DATABASE_REPLICA_URL"] = replica and normalise_database_url(replica)
        settings["CACHE_REDIS_URL"] = env.get("CACHE_REDIS_URL") or None
        settings["CACHE_KEY_PREFIX"] = env.get("CACHE_KEY_PREFIX", cls.CACHE_KEY_PREFIX)
        settings["JOB_QUEUE_URL"] = env.get("JOB_QUEUE_URL") or None
        pool_dir = env.get("CANDIDATE_POOL_DIR") or os.path.join(instance_path, "pool")
        settings["CANDIDATE_POOL_DIR"] = None if pool_dir == "off" else pool_dir
        if "CACHE_TTL_SECONDS" in env:
            settings["CACHE_TTL_SECONDS"] = int(env["CACHE_TTL_SECONDS"])
        if "PROXY_COUNT" in env:
            settings["PROXY_COUNT"] = int(env["PROXY_COUNT"])
        settings["API_RATE_LIMIT"] = env.get("API_RATE_LIMIT") or cls.API_RATE_LIMIT
        if settings["ENVIRONMENT"] == "production":
            settings["SESSION_COOKIE_SECURE"] = True
            settings["REMEMBER_COOKIE_SECURE"] = True
            settings["REMEMBER_COOKIE_HTTPONLY"] = True
            settings["PREFERRED_URL_SCHEME"] = "https"
        # Behind a TLS terminator outside production (a staging host), cookies can be
        # made secure on their own.
        if _flag("SECURE_COOKIES", settings["SESSION_COOKIE_SECURE"]):
            settings["SESSION_COOKIE_SECURE"] = True
            settings["REMEMBER_COOKIE_SECURE"] = True
        return settings


class TestConfig(Config):
    """Settings for the test suite: CSRF off (a separate test turns it on), fast hashing."""

    TESTING = True
    ENVIRONMENT = "testing"
    WTF_CSRF_ENABLED = False
    SERVER_NAME = "localhost"
    PUBLIC_BASE_URL = "http://localhost"
    PASSWORD_HASH_FAST = True
    # Each test's data is rolled back, so data version stamps repeat across tests: an
    # aggregate cached in one test could be served in the next. Tests of the cache
    # turn it on themselves.
    INSIGHTS_CACHE_SIZE = 0
    INSIGHTS_MAX_AGE_SECONDS = 0
    JOB_QUEUE_IMMEDIATE = True
    # Pools in memory, unless a test (or the session's app, with a directory of its
    # own) asks for snapshots: every app of the suite would share the instance folder.
    CANDIDATE_POOL_DIR = None


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgres://`` and ``postgresql://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def check_production_safety(settings) -> None:
    """Refuse to run in production with the development secret or a short one."""
    if settings.get("ENVIRONMENT") != "production":
        return
    key = settings.get("SECRET_KEY") or ""
    if key == DEVELOPMENT_SECRET or len(key) < 32:
        raise ConfigurationError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production, "
            f"for example: {secrets.token_urlsafe(48)}"
        )


def check_job_recovery(settings) -> None:
    """Refuse a stall time a live mail try could reach: a try holds its claim for 3/4
    of JOB_STALL_SECONDS, and is several SMTP operations of MAIL_TIMEOUT_SECONDS each."""
    stall, timeout = settings.get("JOB_STALL_SECONDS"), settings.get("MAIL_TIMEOUT_SECONDS")
    if stall * 3 / 4 < 5 * timeout:
        raise ConfigurationError(
            f"JOB_STALL_SECONDS ({stall}) must be at least 20/3 x MAIL_TIMEOUT_SECONDS "
            f"({timeout}): a mail claim holds for 3/4 of it, at least 5 SMTP timeouts"
        )
    if settings.get("JOB_MAX_ATTEMPTS") < 1:
        raise ConfigurationError("JOB_MAX_ATTEMPTS must be at least 1")


def settle_public_address(settings) -> None:
    """Refuse a PUBLIC_BASE_URL that cannot make links; in production, trust only its
    host unless TRUSTED_HOSTS names the hosts."""
    address = urlsplit(settings.get("PUBLIC_BASE_URL") or "")
    if address.scheme not in ("http", "https") or not address.hostname:
        raise ConfigurationError(
            "PUBLIC_BASE_URL must be the site's full address, for example "
            "https://werkbrug.example or https://example.org/werkbrug"
        )
    if settings.get("ENVIRONMENT") == "production" and not settings.get("TRUSTED_HOSTS"):
        settings["TRUSTED_HOSTS"] = [address.hostname]
