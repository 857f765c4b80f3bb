"""Werkbrug: the Flask application factory."""

from __future__ import annotations

import os

from flask import Flask

from marketplace.config import (
    Config,
    ConfigurationError,
    check_job_recovery,
    check_production_safety,
    settle_public_address,
)
from marketplace.web.numbers import DatabaseIntConverter

TEMPLATES_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")


def create_app(config: dict | type | None = None) -> Flask:
    """Build the app. ``config`` (a class or dict) overrides the environment's settings."""
    app = Flask(
        __name__,
        template_folder=TEMPLATES_DIR,
        instance_relative_config=True,
    )
    app.config.from_mapping(Config.from_environment(app.instance_path))
    if isinstance(config, dict):
        app.config.from_mapping(config)
    elif config is not None:
        app.config.from_object(config)
    check_production_safety(app.config)
    check_job_recovery(app.config)
    settle_public_address(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    # Before any route is added: every <int:...> then stops at the largest database id.
    app.url_map.converters["int"] = DatabaseIntConverter

    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    _connect_lifecycle_receivers()

    from marketplace.api.hooks import install_api
    from marketplace.jobs.queue import configure_queue
    from marketplace.jobs.tasks import install_delivery_after_requests
    from marketplace.security import install_access_control
    from marketplace.web import form_html
    from marketplace.web.errors import register_error_handlers
    from marketplace.web.headers import install_security_headers
    from marketplace.web.i18n import install_template_helpers
    from marketplace.web.input import install_input_checks

    install_input_checks(app)  # first: no other hook should read such data
    # Before access control: on /api/v1 the session's user is made anonymous.
    install_api(app)
    install_access_control(app)
    # After access control, so a refused token never reaches a view its user may not see.
    from marketplace.api.routes import bp as api_bp
    from marketplace.extensions import csrf

    csrf.exempt(api_bp)  # a bearer token, never a cookie, authenticates API calls
    csrf.init_app(app)
    register_error_handlers(app)
    install_security_headers(app)
    install_template_helpers(app)
    form_html.install()
    configure_queue(app)
    _register_jobs()
    install_delivery_after_requests(app)
    _trust_proxies(app)
    return app


def _connect_lifecycle_receivers() -> None:
    """Import the modules whose receivers act on a candidate's lifecycle signals
    (``candidates/lifecycle.py``: consent withdrawn, erasure, the privacy export), so
    they are connected wherever the app exists (site, CLI, job worker, tests), not only
    where some view happened to import them."""
    import marketplace.barriers.export
    import marketplace.barriers.operations
    import marketplace.proposals.operations
    import marketplace.suggestions.operations
    import marketplace.trajectories.export
    import marketplace.trajectories.operations
    import marketplace.tryouts.operations  # noqa: F401


def _register_jobs() -> None:
    """Import each domain's background jobs, so a worker knows every task by name (the
    web pages import most of them already; the periodic ones only live here)."""
    import marketplace.candidates.jobs
    import marketplace.news.jobs
    import marketplace.ranking.jobs
    import marketplace.records.jobs  # noqa: F401


def _trust_proxies(app: Flask) -> None:
    """Behind ``PROXY_COUNT`` proxies, take the client's address, the scheme (https),
    host, port and path prefix from their X-Forwarded-* headers: login throttling and
    the audit log then see the real address, and links and secure cookies the real
    scheme. Without proxies those headers are ignored (anyone could send them)."""
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count < 0:
        raise ConfigurationError("PROXY_COUNT must be 0 or more")
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count, x_prefix=count
        )


def _init_extensions(app: Flask) -> None:
    from marketplace import models  # noqa: F401 - every model, for Alembic and mappers
    from marketplace.database import (
        configure_engine_events,
        install_read_replica,
        render_migration_item,
    )
    from marketplace.extensions import babel, db, login_manager, migrate
    from marketplace.shared_cache import install_shared_cache
    from marketplace.web.i18n import select_locale

    db.init_app(app)
    with app.app_context():
        configure_engine_events(db.engine)
    install_read_replica(app)
    install_shared_cache(app)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(os.path.dirname(TEMPLATES_DIR), "migrations"),
        render_as_batch=True,
        compare_type=True,
        render_item=render_migration_item,
    )
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=os.path.join(os.path.dirname(__file__), "translations"),
    )
    login_manager.init_app(app)
    from marketplace.accounts.sessions import configure_login_manager

    configure_login_manager(login_manager)


def _register_blueprints(app: Flask) -> None:
    from marketplace.accounts.admin_routes import bp as accounts_admin_bp
    from marketplace.accounts.routes import bp as accounts_bp
    from marketplace.api.routes import bp as api_bp
    from marketplace.apitokens.routes import bp as apitokens_bp
    from marketplace.audit.routes import bp as audit_bp
    from marketplace.barriers.routes import bp as barriers_bp
    from marketplace.candidates.routes import bp as candidates_bp
    from marketplace.insights.routes import bp as insights_bp
    from marketplace.jobs.routes import bp as jobs_bp
    from marketplace.mail.routes import bp as mail_bp
    from marketplace.news.routes import bp as news_bp
    from marketplace.opportunities.routes import bp as opportunities_bp
    from marketplace.proposals.routes import bp as proposals_bp
    from marketplace.ranking.routes import bp as ranking_bp
    from marketplace.records.routes import bp as records_bp
    from marketplace.suggestions.routes import bp as suggestions_bp
    from marketplace.taxonomy.routes import bp as taxonomy_bp
    from marketplace.trajectories.routes import bp as trajectories_bp
    from marketplace.tryouts.routes import bp as tryouts_bp
    from marketplace.web.routes import bp as web_bp

    for blueprint in (
        web_bp,
        accounts_bp,
        accounts_admin_bp,
        taxonomy_bp,
        audit_bp,
        mail_bp,
        jobs_bp,
        records_bp,
        opportunities_bp,
        candidates_bp,
        proposals_bp,
        news_bp,
        suggestions_bp,
        insights_bp,
        barriers_bp,
        ranking_bp,
        trajectories_bp,
        tryouts_bp,
        api_bp,
        apitokens_bp,
    ):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from marketplace.accounts.cli import mail_cli, users_cli
    from marketplace.backup.cli import backup_cli
    from marketplace.candidates.cli import candidates_cli
    from marketplace.demo.cli import demo_cli
    from marketplace.jobs.cli import jobs_cli
    from marketplace.ranking.cli import match_cli
    from marketplace.records.cli import records_cli
    from marketplace.taxonomy.cli import taxonomy_cli

    for group in (taxonomy_cli, demo_cli, users_cli, mail_cli, candidates_cli, match_cli,
                  records_cli, backup_cli, jobs_cli):
        app.cli.add_command(group)
