"""Reference data: ESCO occupations and skills (Dutch and English), ISCO groups, CEFR
levels, languages, NACE sections and Belgian postcodes.

* ``models.py``: the tables; ``levels.py``: CEFR levels and skill kinds as Python.
* ``loader.py`` and ``cli.py``: ``flask taxonomy load`` fills the tables from ``data/``,
  read and checked by ``reader.py`` (each table's rows) and ``records.py`` (the CSV
  records); ``sources.py`` names the files and holds the NACE sections.
* ``labelindex.py``: the pure, forgiving label search (typos, accents, gender markers).
* ``label_text.py``: the comparable form of typed text and labels (pure): folded, no
  gender markers, words only.
* ``typos.py``: words one typing error apart (pure), for the label search and titles.
* ``queries.py``: lookups and searches for other domains, with a cached search index.
* ``routes.py``: search pages and htmx autocomplete fragments under ``/taxonomy``, with
  their blueprint (importing this package, as the models do, loads no page).
"""
