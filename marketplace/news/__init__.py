"""News for coaches: what changed for the candidates of their caseload, on their home
page, on the page of the last 14 days and in a daily digest e-mail.

* ``items.py``: ``NewsItem`` (a moment, a kind, a sentence, a link) and
  ``collect_news``, which asks every builder of ``builders.py`` for its items.
* ``builders.py``: one small function per kind of news: employers' answers, a
  colleague's caseload handed over to the coach, proposals
  without an answer, data nearing the retention review, a placed person still enrolled
  in a try-out to come. A new kind (interviews coming up) is one more function in
  ``NEWS_BUILDERS`` or ``WAITING_BUILDERS``.
* ``operations.py``: remembering when the coach saw the news and when a digest went
  out (plain UPDATEs that leave the user's version alone; only flush).
* ``digest.py``, ``jobs.py``: the daily digest and its periodic job.
* ``routes.py``: the coach's home page context and the page of the last 14 days, with
  their blueprint (importing this package loads no page).
"""
