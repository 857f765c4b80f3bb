"""The proposals' blueprint, shared by their two modules of pages: ``coach_routes.py``
(the coach proposes and follows) and ``routes.py`` (the employer reads and answers).

The app registers it as ``routes.bp``: ``routes.py`` imports ``coach_routes.py``, so the
blueprint taken from there carries every page of the proposals.
"""

from flask import Blueprint

bp = Blueprint("proposals", __name__, url_prefix="/proposals")
