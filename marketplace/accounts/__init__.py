"""Accounts: organisations, users, login, invitations and password resets."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")

from marketplace.accounts import admin_routes, routes  # noqa: E402, F401
