"""The candidates' blueprint, shared by their two modules of pages: ``routes.py`` (the
coach's pages) and ``privacy_routes.py`` (export, erasure and the admins' privacy pages).

The app registers it as ``routes.bp``: ``routes.py`` imports ``privacy_routes.py``, so
the blueprint taken from there carries every page of the candidates.
"""

from flask import Blueprint

bp = Blueprint("candidates", __name__, url_prefix="/candidates")
