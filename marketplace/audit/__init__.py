"""Append-only audit log: who saw or changed what, when, from where."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")

from marketplace.audit import routes  # noqa: E402, F401
