"""Proposals: coaches put candidates forward for opportunities; employers answer.

* ``vocab.py``: states, decline reasons, answers (pure Python).
* ``models.py``: the proposal (one per candidate and opportunity) and its history.
* ``operations.py``: proposing, answering, withdrawing, erasing (only flush).
* ``queries.py``: what a coach or an employer may see; the employer's narrow view.
* ``forms.py``; ``coach_routes.py`` and ``routes.py``: the coach's and the employer's
  pages (thin views), on the blueprint of ``blueprint.py``: importing this package, as
  the ranking's view of opportunities does for ``Proposal``, must not load the pages,
  which import the ranking.

A try-out is joined by enrolment (``marketplace.tryouts``), not by proposal, whoever
organises it (an employer or a sector federation, whose users never answer
proposals): ``operations.check_can_propose`` refuses one, for the site and the API,
and where a coach would propose for a try-out the pages offer to enrol instead.
Proposals for try-outs made before this rule stay with their history: the coach reads
on them that try-outs go by enrolment (with the enrol link), an employer that
organises the try-out can still answer them, and enrolling the candidate withdraws one
still waiting for an answer.
"""
