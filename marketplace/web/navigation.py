"""The main menu: one list of pages, each shown to the roles that may open it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.accounts.permissions import Permission, granted, role_holds
from marketplace.translation_lookup import lazy_text
from marketplace.web.labels import LABELS
from marketplace.web.urls import fixed_url


@dataclass(frozen=True)
class MenuEntry:
    endpoint: str
    label: object
    permission: Permission
    #: Other pages of the same place: the entry is marked current on them too.
    also: tuple[str, ...] = ()
    #: The group the entry is shown in, when its user sees more than one of the group.
    group: object = None
    #: A vocabulary of ``web.labels`` that names the entry by the user's kind of
    #: organisation (a training provider's "Your courses"); ``label`` for other kinds.
    label_by_kind: str | None = None


PEOPLE, MAIL, REPORTS = _l("People"), _l("Mail and background work"), _l("Reports")

MENU: tuple[MenuEntry, ...] = (
    MenuEntry("candidates.caseload", _l("Caseload"), Permission.KEEP_CASELOAD),
    MenuEntry("proposals.mine", _l("Your proposals"), Permission.PROPOSE_CANDIDATES),
    MenuEntry("proposals.waiting", _l("Waiting for your answer"), Permission.ANSWER_PROPOSALS),
    MenuEntry("opportunities.mine", _l("Your opportunities"), Permission.MANAGE_OPPORTUNITIES,
              label_by_kind="own_opportunities"),
    MenuEntry("opportunities.browse", _l("Find opportunities"), Permission.BROWSE_OPPORTUNITIES),
    MenuEntry("admin.organisations", _l("Organisations"), Permission.MANAGE_ORGANISATIONS),
    MenuEntry("admin.users", _l("Users"), Permission.MANAGE_USERS, group=PEOPLE),
    MenuEntry("candidates.privacy_search", _l("Privacy requests"),
              Permission.FIND_CANDIDATES_FOR_PRIVACY, group=PEOPLE),
    MenuEntry("candidates.retention", _l("Retention"), Permission.REVIEW_RETENTION, group=PEOPLE),
    # One place for the ranking: the switch, the models and the blind-trust figures.
    MenuEntry("ranking.models", _l("Ranking"), Permission.MANAGE_RANKING,
              also=("suggestions.ranking", "ranking.activate", "ranking.cold_start",
                    "ranking.fairness")),
    MenuEntry("mail.outbox", _l("Outbox"), Permission.READ_OUTBOX, group=MAIL),
    MenuEntry("jobs.jobs", _l("Background jobs"), Permission.MANAGE_JOBS, group=MAIL),
    MenuEntry("records.imports", _l("Imports"), Permission.IMPORT_RECORDS,
              also=("records.detail",), group=MAIL),
    MenuEntry("insights.demand", _l("Insights"), Permission.VIEW_DEMAND_INSIGHTS, group=REPORTS),
    MenuEntry("barriers.report", _l("Barriers"), Permission.VIEW_BARRIER_REPORT,
              group=REPORTS),
    MenuEntry("insights.outcomes", _l("Outcomes"), Permission.VIEW_OUTCOMES_REPORT,
              group=REPORTS),
    MenuEntry("trajectories.report", _l("Trajectories"), Permission.VIEW_SUPPLY_INSIGHTS,
              group=REPORTS),
    MenuEntry("audit.log", _l("Audit log"), Permission.READ_AUDIT_LOG, group=REPORTS),
    MenuEntry("apitokens.tokens", _l("API keys"), Permission.MANAGE_API_TOKENS,
              also=("apitokens.new_token", "apitokens.revoke"), group=PEOPLE),
    MenuEntry("taxonomy.occupations", _l("Occupations"), Permission.SEARCH_TAXONOMY),
)


#: Counts shown beside a menu entry ("Waiting for your answer 3"), by endpoint; the
#: package that owns the page registers its counter (:func:`show_count`).
_COUNTS: dict[str, Callable[[], int]] = {}


def show_count(endpoint: str, counter: Callable[[], int]) -> None:
    """Show ``counter()`` beside the menu entry of ``endpoint`` (0 shows nothing)."""
    _COUNTS[endpoint] = counter


@dataclass(frozen=True)
class MenuLink:
    url: str
    label: str
    current: bool
    count: int = 0


@dataclass(frozen=True)
class MenuGroup:
    """Links shown together under a label (``label`` None: one link on its own)."""

    label: str | None
    links: list[MenuLink]


def navigation_items() -> list[MenuGroup]:
    """The menu entries the current user may open, in menu order; entries of a group
    stand together under its label when the user sees more than one of them (an admin's
    menu of fourteen pages reads as a few groups; a coach's stays a plain row)."""
    user = current_user._get_current_object()  # once: each proxy access costs a lookup
    if not user.is_authenticated:
        return []
    endpoint = request.endpoint
    items: list[MenuGroup] = []
    for group, entries in _arranged(user.role, granted(user)):
        links = []
        for entry in entries:
            counter = _COUNTS.get(entry.endpoint)
            label = entry.label
            if entry.label_by_kind:
                label = LABELS[entry.label_by_kind].get(user.organisation.kind, label)
            links.append(MenuLink(fixed_url(entry.endpoint), lazy_text(label),
                                  endpoint == entry.endpoint or endpoint in entry.also,
                                  counter() if counter else 0))
        items.append(MenuGroup(None if group is None else lazy_text(group), links))
    return items


#: A line of the menu: its group's label (None: one entry on its own) and its entries.
Arranged = tuple[object, tuple[MenuEntry, ...]]


@lru_cache(maxsize=64)
def _arranged(role: str, grants: frozenset[Permission]) -> tuple[Arranged, ...]:
    """The menu of a user of ``role`` with ``grants``, as (group label or None, entries)
    in menu order: the same for every request of such a user, so worked out once per
    process (labels stay lazy texts, translated per request)."""
    visible = [entry for entry in MENU if role_holds(role, grants, entry.permission)]
    # By identity: a lazy label's hash and equality need the request's language.
    per_group: dict[int, list[MenuEntry]] = {}
    for entry in visible:
        if entry.group is not None:
            per_group.setdefault(id(entry.group), []).append(entry)
    arranged: list[Arranged] = []
    for entry in visible:
        members = per_group.get(id(entry.group)) if entry.group is not None else None
        if not members or len(members) == 1:
            arranged.append((None, (entry,)))
        elif entry is members[0]:
            arranged.append((entry.group, tuple(members)))
    return tuple(arranged)
