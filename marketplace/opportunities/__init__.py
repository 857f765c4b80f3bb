"""Opportunities: the jobs, internships and volunteering places employers offer.

* ``vocab.py``: kinds, statuses, contract types and the Dutch-level rule (pure Python).
* ``models.py``: ``Opportunity`` with its languages and skills.
* ``operations.py``: creating, changing, duplicating and the life cycle (a transition
  table); every change goes to the audit log.
* ``queries.py``: what each user may see (employers: their organisation; coaches:
  published; admins: all); ``browse_queries.py``: the browse filters' select and counts.
* ``expiry.py``: closing what nobody can take up any more (past its closing date, or of
  an organisation made inactive).
* ``forms.py``, ``routes.py``: the employer's pages and the browse pages, with their
  blueprint (importing this package, as the models that name ``Opportunity`` do,
  loads no page). The opportunity form's parts: ``kind_fields.py`` (which kinds ask
  which field), ``form_problems.py`` (the errors for the summary), ``row_forms.py``,
  ``course_fields.py``, ``tryout_fields.py``; the browse filters: ``browse_forms.py``.
* ``found.py``: the browse list's count line, by kind.
* ``jsonld.py``: schema.org JobPosting data for job pages.
* ``history.py``: the change history read back from the audit log.
"""
