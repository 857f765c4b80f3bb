"""All the news of one coach: ``collect_news`` asks every builder for its items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from marketplace.news.builders import NEWS_BUILDERS, WAITING_BUILDERS
from marketplace.news.items import NewsItem


@dataclass(frozen=True)
class News:
    since: datetime
    #: What happened since ``since``, newest first.
    new: list[NewsItem]
    #: What waits for the coach, the longest waiting first.
    waiting: list[NewsItem]

    def is_new(self, item: NewsItem) -> bool:
        return item.at > self.since

    @property
    def new_count(self) -> int:
        """News since ``since`` plus what started to wait since then."""
        return len(self.new) + sum(1 for item in self.waiting if self.is_new(item))


def collect_news(coach, since: datetime, now: datetime) -> News:
    """Every builder's items for ``coach``, in the current language (the digest calls
    this inside the coach's ``force_locale``)."""
    new = [item for build in NEWS_BUILDERS for item in build(coach, since, now)]
    waiting = [item for build in WAITING_BUILDERS for item in build(coach, since, now)]
    return News(
        since=since,
        new=sorted(new, key=lambda item: item.at, reverse=True),
        waiting=sorted(waiting, key=lambda item: item.at),
    )
