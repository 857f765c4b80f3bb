"""The barriers' blueprint, shared by their two modules of pages: ``routes.py`` (the
coach's pages) and ``report_routes.py`` (the partnership's report, ``/insights/barriers``).

The app registers it as ``routes.bp``: ``routes.py`` imports ``report_routes.py``, so
the blueprint taken from there carries every page of the barriers.
"""

from flask import Blueprint

bp = Blueprint("barriers", __name__)
