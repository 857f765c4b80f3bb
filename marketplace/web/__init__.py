"""The site's frame: home pages, health check, language switch and error pages."""

from flask import Blueprint

bp = Blueprint("web", __name__)

from marketplace.web import routes  # noqa: E402, F401
