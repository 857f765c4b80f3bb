"""Proposals: coaches put candidates forward for opportunities; employers answer.

* ``vocab.py``: states, decline reasons, answers (pure Python).
* ``models.py``: the proposal (one per candidate and opportunity) and its history.
* ``operations.py``: proposing, answering, withdrawing, erasing (only flush).
* ``queries.py``: what a coach or an employer may see; the employer's narrow view.
* ``forms.py``, ``routes.py``: the coach's and the employer's pages (thin views).
"""

from flask import Blueprint

bp = Blueprint("proposals", __name__, url_prefix="/proposals")

from marketplace.proposals import routes  # noqa: E402, F401
