"""The rows of the employer's list of opportunities (``opportunities/mine.html``), with
what each of its cells shows worked out in Python.

The list is the most requested page of an employer, 25 rows of eight columns. Written
in the template, each row asked for two URLs, a macro for the status tag and one for
the second detail, and the labels of its kind, status and proposal states one by one;
here the URLs are built once per page and each label once per value. The text is the
same as those macros and filters write (``status_tag`` in ``opportunities/_macros.html``,
``opportunity_detail`` in ``macros/repeats.html``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from marketplace.candidates.identity import repeated
from marketplace.opportunities.display import telling_detail
from marketplace.web.i18n import format_day
from marketplace.web.labels import choice_label, kind_label
from marketplace.web.urls import built_url


@dataclass(frozen=True, slots=True)
class ListedRow:
    """One opportunity of the list: its link and title, and each cell's value as the
    cell writes it (text is escaped there, Markup is written as it is)."""

    url: str
    title: str
    #: " <span class="second-detail" ...>" beside a title that repeats on the page.
    detail: Markup | str
    kind: str
    status: Markup
    places: Any
    left: Any
    closes: str
    proposals: Markup
    changed: str


def listed_rows(opportunities: Iterable, proposals: Mapping[int, Mapping[str, int]],
                none_yet: str) -> list[ListedRow]:
    """The rows of ``opportunities``; ``proposals``: per opportunity id, how many
    proposals it has in each state (``proposal_counts``); ``none_yet``: the words for an
    opportunity without proposals."""
    opportunities = list(opportunities)
    titles = repeated(opportunity.title for opportunity in opportunities)
    kinds = _Labels(lambda kind: choice_label("opportunity_kind", kind))
    tags = _Labels(_status_tag)
    states = _Labels(lambda state_kind: escape(kind_label("proposal_state", *state_kind)))
    no_proposals = escape(none_yet)
    rows = []
    for opportunity in opportunities:
        kind, counts = opportunity.kind, proposals[opportunity.id]
        if counts:
            said = ", ".join(f"{states[state, kind]}: {count}" for state, count in counts.items())
            link = escape(built_url("proposals.inbox", opportunity_id=opportunity.id))
            proposals_cell = Markup(f'<a href="{link}">{said}</a>')  # noqa: S704 - escaped
        else:
            proposals_cell = no_proposals
        rows.append(ListedRow(
            url=built_url("opportunities.detail", opportunity_id=opportunity.id),
            title=opportunity.title,
            detail=_second_detail(opportunity) if opportunity.title in titles else "",
            kind=kinds[kind],
            status=tags[opportunity.status],
            places=opportunity.places,
            left=opportunity.places_left,
            closes=format_day(opportunity.closes_on) if opportunity.closes_on else "",
            proposals=proposals_cell,
            changed=format_day(opportunity.updated_at),
        ))
    return rows


class _Labels(dict):
    """Labels made by ``make`` once per value on a page."""

    def __init__(self, make: Callable[[Any], Any]):
        super().__init__()
        self._make = make

    def __missing__(self, value):
        made = self[value] = self._make(value)
        return made


def _status_tag(status: str) -> Markup:
    """The status as words (``status_tag`` of ``opportunities/_macros.html``)."""
    label = escape(choice_label("opportunity_status", status))
    return Markup(f'<span class="status-tag status-tag--{escape(status)}">{label}</span>')  # noqa: S704 - escaped


def _second_detail(opportunity) -> Markup:
    """``opportunity_detail(opportunity, titles, with_employer=False)`` of
    ``macros/repeats.html`` for a title that repeats."""
    detail = escape(telling_detail(opportunity, with_employer=False))
    return Markup(f' <span class="second-detail" translate="no">{detail}</span>')  # noqa: S704 - escaped
