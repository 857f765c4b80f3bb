"""Suggestions for coaches: ranked candidates for an opportunity, ranked opportunities
for a candidate, what coaches set aside, and the admins' switch for the ranking.

* ``vocab.py``: subjects and dismiss reasons (pure Python).
* ``models.py``: logged lists and entries, dismissals, the ranking switch.
* ``ranking.py``: the ranking with a deadline, and the unranked list it falls back to.
* ``operations.py``: logging a list, dismissing, restoring, switching (only flush).
* ``queries.py``: what a coach may see of suggestions and dismissals.
* ``forms.py``, ``routes.py``: the coach's pages and the admin's switch (thin views).

The blueprint is in ``routes.py``: importing this package, as the proposal's model does
for ``SuggestionEntry``, must not load the pages (which show try-out enrolments, whose
operations close proposals).
"""
