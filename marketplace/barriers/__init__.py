"""Barriers (drempels): what stands between a newcomer and work, kept by their coach.

* ``vocab.py``: the fixed list of kinds and the statuses (pure Python).
* ``models.py``: ``candidate_barrier``, with its rules in the database.
* ``operations.py``: recording, changing and erasing barriers (only flush).
* ``queries.py``: one candidate's barriers, through the candidates the user may see.
* ``forms.py``, ``routes.py``: the coach's pages (thin views).
* ``report.py``, ``report_routes.py``: the partnership's protected barriers report
  (``/insights/barriers``), built on the insights' protection, tables and CSV.
* ``blueprint.py``: the blueprint both page modules add to; the app registers it from
  ``routes.py``, which imports ``report_routes.py``. Importing this package (its models,
  its export) loads none of the pages.
* ``export.py``: a candidate's barriers in their privacy export.

Barriers are special personal data: only the candidate's coach (and the coaches the
candidate is shared with, read-only) see one person's barriers; employers, analysts and
admins see protected totals at most, and the ranking never reads them.
"""
