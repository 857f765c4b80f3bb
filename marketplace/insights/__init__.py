"""Insights: anonymous demand for sector federations, and the gap with supply.

* ``sql.py``: the two SQL helpers that differ between SQLite and PostgreSQL (the month
  of a moment, the days between two moments), one place each.
* ``protection.py``: the disclosure rule, pure Python: counts of 1 to 4 are shown as
  "<5", every other count is rounded to 5, a 0 beside a hidden count is hidden too,
  and totals, shares and gaps are worked out from the shown figures only, so that no
  subtraction reveals a hidden one.
* ``forms.py``: the filters (period, sector, region, kind) as a GET form.
* ``queries.py``: the aggregates, each one ``GROUP BY`` query in the database;
  ``answers.py``: the raw figures they return, which ``cache.py`` keeps.
* ``tables.py``: the aggregates as protected tables, shared by pages, charts and CSV
  (the demand side); ``supply_tables.py``: the supply side, withheld for selections of
  fewer than ``INSIGHTS_MIN_POPULATION`` people.
* ``cells.py``: the body rows and figure cells of the tables as HTML (hundreds a page).
* ``routes.py``: the demand and supply dashboards and their CSV downloads, with their
  blueprint (which gives every page the ``table_rows`` filter, the barriers and
  trajectories reports too): importing this package loads none of the pages.

Analysts never see a single opportunity, employer or candidate: only protected totals.
"""
