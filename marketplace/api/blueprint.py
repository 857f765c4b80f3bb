"""The partner API's one blueprint, ``/api/v1``, which every resource module
(``opportunities.py``, ``candidates.py``, ...) and ``docs_routes.py`` add their
operations to. The app registers it from ``routes.py``, which imports them all.
"""

from flask import Blueprint

from marketplace.web.api_paths import API_PREFIX

bp = Blueprint("api", __name__, url_prefix=API_PREFIX)
