"""The ranking models: the trained models' registry, rolling back, and the admin pages.

* ``models.py``: ``ranking_model``, one row per trained model (version, when and by
  whom it was trained, on how much data, its metrics and the fitted estimator). At most
  one row is active (a partial unique index); no active row means the cold-start
  scorer ranks.
* ``operations.py``: storing a trained model, activating an earlier one, going back to
  cold start; every switch is an audit event.
* ``routes.py``: the admin pages (the list, and a confirmation before each switch) and
  their blueprint, which lives there rather than here so that the rankings can use
  ``scorer.py`` without loading the pages (which show the suggestion settings).

* ``scorer.py``: ``active_scorer``, the scorer that ranks now; it reads the active row
  for every ranking, so every worker switches at its next request.
* ``training_rows.py``: the suggestion logs as graded training rows; ``train.py``
  trains on them (the ``match train`` command and the training job).
* ``cli.py``: the ``flask match`` commands (``rank``, ``train``).
"""
