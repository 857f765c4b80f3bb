"""Suggestions for coaches: ranked candidates for an opportunity, ranked opportunities
for a candidate, what coaches set aside, and the admins' switch for the ranking.

* ``vocab.py``: subjects and dismiss reasons (pure Python).
* ``models.py``: logged lists and entries, dismissals, the ranking switch.
* ``ranking.py``: the ranking with a deadline, and the unranked list it falls back to.
* ``operations.py``: logging a list, dismissing, restoring, switching (only flush).
* ``queries.py``: what a coach may see of suggestions and dismissals.
* ``forms.py``, ``routes.py``: the coach's pages and the admin's switch (thin views).
"""

from flask import Blueprint

bp = Blueprint("suggestions", __name__, url_prefix="/suggestions")

from marketplace.suggestions import routes  # noqa: E402, F401
