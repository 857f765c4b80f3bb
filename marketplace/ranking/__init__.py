"""The ranking models: the trained models' registry, rolling back, and the admin pages.

* ``models.py``: ``ranking_model``, one row per trained model (version, when and by
  whom it was trained, on how much data, its metrics and the fitted estimator). At most
  one row is active (a partial unique index); no active row means the cold-start
  scorer ranks.
* ``operations.py``: storing a trained model, activating an earlier one, going back to
  cold start; every switch is an audit event.
* ``routes.py``: the admin pages (the list, and a confirmation before each switch).

``marketplace.matching.operations.active_scorer`` reads the active row for every
ranking, so every worker switches at its next request.
"""

from flask import Blueprint

bp = Blueprint("ranking", __name__, url_prefix="/admin/ranking")

from marketplace.ranking import routes  # noqa: E402, F401
