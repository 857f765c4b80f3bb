"""Trajectories: the partners' decision (integrated or linear) and a person's steps.

* ``vocab.py``: the kinds of step, their source, the stages of the report (pure Python).
* ``models.py``: ``TrajectoryDecision`` (a history per candidate) and ``TrajectoryStep``.
* ``operations.py``: recording decisions, manual steps and automatic steps (only flush);
  ``record_automatic_step`` is the one entry other packages use.
* ``queries.py``: a candidate's timeline, the steps a coach may change, and the stage
  each person reached (``stage_select``), the one definition the reports use.
* ``forms.py``, ``routes.py``: the coach's pages (thin views); the report's page; their
  blueprint (importing this package loads no page).
* ``report.py``: the partnership's funnel, per partner and period, protected as the
  insights dashboards are.
"""
