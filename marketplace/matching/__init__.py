"""Matching: which candidates fit an opportunity, and which opportunities fit a candidate.

The package is pure maths (numpy, scipy, scikit-learn): no Flask, no database session.
``operations.py`` is the one bridge that loads rows, fills the data structures below,
calls the maths and stores the results.

* ``spaces.py``: the vocabularies that give every occupation, skill and language a
  column number (:class:`~marketplace.matching.spaces.Spaces`), with the ISCO/ESCO
  relation between occupations and the skill hierarchy.
* ``records.py``: plain candidate and opportunity records and the vocabularies (kinds,
  day parts, sectors) that turn their values into numbers.
* ``pool.py``: columnar data (:class:`~marketplace.matching.pool.CandidatePool`,
  :class:`~marketplace.matching.opportunity_table.OpportunitySpec`,
  :class:`~marketplace.matching.opportunity_table.OpportunityTable`).
* ``features.py``: the feature extraction shared by every scorer.
* ``requirements.py``: the hard requirements that keep a pair out of the default list.
* ``scoring.py``: the scorers (the documented cold-start score and an adapter for
  scikit-learn models) and the two rankings.
* ``explain.py``: structured reasons for a suggestion (text is rendered by the app).
* ``reference.py``: the same rules one pair at a time in plain Python, the readable
  specification that tests and the benchmark compare the vectorised code with.
* ``titles.py``: typed job titles (Dutch or English, messy) to ESCO occupations.
* ``word_forms.py``: masculine and feminine forms of Dutch job words.
* ``esco_data.py``: the shipped ESCO and postcode files, read without a database.
* ``evaluation.py``, ``benchdata.py`` and ``benchmodel.py``: NDCG, a generator of
  benchmark data, and the data it makes with their relevance grades.

What the bridge does, in short::

    spaces = Spaces(OccupationSpace.from_occupations(occupation_rows),
                    SkillSpace.from_codes(skill_ids, skill_codes),
                    Vocabulary(language_codes))
    resolver = TitleResolver.from_occupations(occupation_rows)   # for typed titles
    pool = CandidatePool.from_records(candidate_dicts, spaces)   # cache per process
    spec = OpportunitySpec.from_record(opportunity_dict, spaces)
    ranking = rank_candidates(pool, spec, top_k=20, include_near_misses=True)
    explanations = explain_candidates(pool, spec, ranking)       # structured reasons

and the other way round with :class:`~marketplace.matching.opportunity_table.OpportunityTable`,
:func:`~marketplace.matching.scoring.rank_opportunities` and
:func:`~marketplace.matching.explain.explain_opportunities`.
"""
