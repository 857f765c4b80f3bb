"""Candidates and caseloads: coaches keep newcomers' profiles, with consent and privacy.

* ``vocabularies.py``: the fixed choices of a profile (pure Python).
* ``models.py``: the candidate, its child rows, consent records and handovers.
* ``forms.py``, ``routes.py``: the coach's pages (thin views).
* ``privacy_routes.py``: export and erasure of a candidate, the admins' privacy search
  and retention list.
* ``blueprint.py``: the blueprint both page modules add to; the app registers it from
  ``routes.py``, which imports ``privacy_routes.py``.
* ``operations.py``: creating, changing, consent, handover, erasure (only flush).
* ``placement.py``: a hire places the candidate; the coach's undo (only flush).
* ``lifecycle.py``: the signals other packages act on (consent withdrawn, erasure, the
  privacy export's sections); their receivers live in those packages.
* ``queries.py``: what the current user may see; another partner's id is a 404.
* ``export.py``: everything held about a candidate, for a privacy request.
* ``report_copies.py``: the narrow copies reports read (occupation groups, fairness
  traits and top-10 places).
* ``occupation_groups.py``: keeps ``candidate_occupation_group`` (the occupation groups
  of candidates who count in the insights) exact after every flush and bulk import.
* ``fairness_traits.py``: keeps ``candidate_fairness`` (what the fairness report groups
  each candidate it counts by) and ``fairness_place`` exact the same way.
* ``cli.py``: ``flask candidates inactive``, the retention review list.

Importing this package, as nearly every other domain's models do for ``Candidate``,
loads none of the pages.
"""
