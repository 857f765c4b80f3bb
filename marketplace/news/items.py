"""What a coach reads as news: one ``NewsItem``.

An item has the moment it became worth telling (``at``), a kind, a sentence already
translated into the reader's language (with ``%(name)s`` places for the names, so the
page can mark names as data and the mail can print them plainly) and a link.

Two sorts of items:

* **news**: something happened (an employer answered). It is new when ``at`` is later
  than the coach's last visit (or last digest).
* **waiting**: something waits for the coach (a proposal without an answer for more
  than their number of days, data nearing the retention review). It stays listed
  until it is dealt with, whatever the visit; it is also *new* when it started to wait
  after the last visit, so the digest tells it once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import url_for
from markupsafe import Markup, escape

from marketplace.web.i18n import as_data
from marketplace.web.urls import public_url

#: How far back the page "the last 14 days" (and a first visit) looks.
RECENT_DAYS = 14


@dataclass(frozen=True)
class NewsItem:
    at: datetime
    kind: str
    #: The translated sentence with ``%(...)s`` places for ``params`` and ``words``.
    message: str
    #: Names and titles: data, marked as such on a page.
    params: dict = field(default_factory=dict)
    #: Dates and counts, already in the reader's language: part of the sentence.
    words: dict = field(default_factory=dict)
    endpoint: str = "web.start"
    values: dict = field(default_factory=dict)

    def html(self) -> Markup:
        """The sentence for a page: names and other values marked as data."""
        # The sentence is text (escaped); the values go in marked as data.
        return escape(self.message) % {
            **{key: as_data(value) for key, value in self.params.items()}, **self.words}

    def text(self) -> str:
        """The sentence for a plain-text mail."""
        return self.message % {**self.params, **self.words}

    def link(self) -> str:
        return url_for(self.endpoint, **self.values)

    def public_link(self) -> str:
        """The absolute link, for mail."""
        return public_url(self.endpoint, **self.values)


#: A builder: ``(coach, since, now) -> items``. News builders return what happened
#: after ``since``; waiting builders return everything that waits now.
Builder = Callable[[object, datetime, datetime], list[NewsItem]]
