"""Werkbrug: the Flask application factory, ``create_app``.

It lives here rather than in ``marketplace/__init__.py``, which every ``marketplace.x``
import runs first: there it had to import every domain inside its functions, or any
module of the application would have loaded all the others. Here everything is
imported at the top, and only what builds an app (``wsgi.py``, the tests, the
benchmarks) imports this module.
"""

from __future__ import annotations

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

# Imported for what importing them does, not for a name. "Receivers": the module
# connects receivers of the candidate's lifecycle signals (``candidates/lifecycle.py``:
# consent withdrawn, erasure, the privacy export) or the user's (``accounts/
# lifecycle.py``: a coach's caseload), which must be connected wherever the
# app exists (site, CLI, job worker, tests), not only where some view imported them.
# "Jobs": the module defines background jobs, which a worker must know by name (the
# pages import most of them already; the periodic ones are only imported here).
import marketplace.api.idempotency  # receivers
import marketplace.barriers.export  # receivers
import marketplace.barriers.operations  # receivers
import marketplace.candidates.jobs  # jobs
import marketplace.candidates.operations  # receivers
import marketplace.models  # every model, for Alembic and the mappers
import marketplace.news.jobs  # jobs
import marketplace.opportunities.expiry  # receivers
import marketplace.proposals.operations  # receivers
import marketplace.ranking.jobs  # jobs
import marketplace.records.jobs  # jobs
import marketplace.suggestions.operations  # receivers
import marketplace.trajectories.export  # receivers
import marketplace.trajectories.operations  # receivers
import marketplace.tryouts.operations  # receivers
import marketplace.web.jobs  # noqa: F401 - jobs
from marketplace.accounts.admin_routes import bp as accounts_admin_bp
from marketplace.accounts.cli import mail_cli, users_cli
from marketplace.accounts.routes import bp as accounts_bp
from marketplace.accounts.sessions import configure_login_manager
from marketplace.api.hooks import install_api
from marketplace.api.routes import bp as api_bp
from marketplace.apitokens.routes import bp as apitokens_bp
from marketplace.audit.routes import bp as audit_bp
from marketplace.backup.cli import backup_cli
from marketplace.barriers.routes import bp as barriers_bp
from marketplace.candidates.cli import candidates_cli
from marketplace.candidates.routes import bp as candidates_bp
from marketplace.config import (
    Config,
    ConfigurationError,
    check_job_recovery,
    check_production_safety,
    settle_public_address,
)
from marketplace.database import (
    configure_engine_events,
    install_read_replica,
    render_migration_item,
)
from marketplace.demo.cli import demo_cli
from marketplace.extensions import babel, csrf, db, login_manager, migrate
from marketplace.insights.routes import bp as insights_bp
from marketplace.jobs.cli import jobs_cli
from marketplace.jobs.queue import configure_queue
from marketplace.jobs.routes import bp as jobs_bp
from marketplace.jobs.tasks import install_delivery_after_requests
from marketplace.mail.routes import bp as mail_bp
from marketplace.news.routes import bp as news_bp
from marketplace.opportunities.routes import bp as opportunities_bp
from marketplace.proposals.routes import bp as proposals_bp
from marketplace.ranking.cli import match_cli
from marketplace.ranking.routes import bp as ranking_bp
from marketplace.records.cli import records_cli
from marketplace.records.routes import bp as records_bp
from marketplace.security import install_access_control
from marketplace.shared_cache import install_shared_cache
from marketplace.suggestions.routes import bp as suggestions_bp
from marketplace.taxonomy.cli import taxonomy_cli
from marketplace.taxonomy.routes import bp as taxonomy_bp
from marketplace.trajectories.routes import bp as trajectories_bp
from marketplace.tryouts.routes import bp as tryouts_bp
from marketplace.web import field_html, form_html, form_messages, table_cells
from marketplace.web.errors import register_error_handlers
from marketplace.web.headers import install_security_headers
from marketplace.web.i18n import install_template_helpers, select_locale
from marketplace.web.input import install_input_checks
from marketplace.web.numbers import DatabaseIntConverter
from marketplace.web.once_only import install_once_only
from marketplace.web.routes import bp as web_bp
from marketplace.web.template_environment import WerkbrugFlask

PACKAGE_DIR = os.path.dirname(__file__)
TEMPLATES_DIR = os.path.join(os.path.dirname(PACKAGE_DIR), "templates")

#: Every blueprint of the site and the API, in the order they are registered.
BLUEPRINTS = (
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
)

#: Every ``flask <group>`` command group.
COMMAND_GROUPS = (
    taxonomy_cli,
    demo_cli,
    users_cli,
    mail_cli,
    candidates_cli,
    match_cli,
    records_cli,
    backup_cli,
    jobs_cli,
)


def create_app(config: dict | type | None = None) -> Flask:
    """Build the app. ``config`` (a class or dict) overrides the environment's settings."""
    app = WerkbrugFlask(
        # The package's name, as when the factory was in its __init__: the app's name
        # (its logger's too) and the root and instance folders it finds from it.
        "marketplace",
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
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    for group in COMMAND_GROUPS:
        app.cli.add_command(group)

    install_input_checks(app)  # first: no other hook should read such data
    # Before access control: on /api/v1 the session's user is made anonymous.
    install_api(app)
    install_access_control(app)
    # After access control, so a refused token never reaches a view its user may not see.
    csrf.exempt(api_bp)  # a bearer token, never a cookie, authenticates API calls
    csrf.init_app(app)
    register_error_handlers(app)
    install_once_only(app)
    install_security_headers(app)
    install_template_helpers(app)
    table_cells.install(app)
    field_html.install(app)
    form_html.install()
    form_messages.install()
    configure_queue(app)
    install_delivery_after_requests(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind ``PROXY_COUNT`` proxies, take the client's address, the scheme (https),
    host, port and path prefix from their X-Forwarded-* headers: login throttling and
    the audit log then see the real address, and links and secure cookies the real
    scheme. Without proxies those headers are ignored (anyone could send them)."""
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count < 0:
        raise ConfigurationError("PROXY_COUNT must be 0 or more")
    if count:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count, x_prefix=count
        )


def _init_extensions(app: Flask) -> None:
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
        default_translation_directories=os.path.join(PACKAGE_DIR, "translations"),
    )
    login_manager.init_app(app)
    configure_login_manager(login_manager)
