"""Try-outs ("Proeven van jobs"): coaches enrol candidates in a try-out session that an
employer or a sector federation organises; the organiser marks who came.

A try-out is joined by enrolment, never by proposal, whoever organises it: the
proposals refuse a try-out (``proposals.operations.check_can_propose``) and the
suggestion pages offer "Enrol" for it where other kinds offer "Propose". Enrolling a
candidate withdraws their proposal for the try-out that still waits for an answer
(made before this rule).

A try-out is an ``Opportunity`` of kind ``tryout`` (browsing, its page, publication and
suggestions are the opportunities' and suggestions' own); this package holds what is
its own:

* ``vocab.py``: the enrolment's states (pure Python).
* ``models.py``: ``TryoutEnrolment``, one per candidate and try-out.
* ``operations.py``: enrolling (never over the seats, never twice, never after the
  session), cancelling (the first on the waiting list moves up), marking attendance.
* ``queries.py``: what a coach or an organiser may see.
* ``forms.py``, ``routes.py``: the coach's and the organiser's pages (thin views).

The blueprint is in ``routes.py``: importing this package (its models, its queries for
the suggestion pages) must not load the pages, whose operations close proposals.
"""
