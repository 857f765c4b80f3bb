"""The main menu: one list of pages, each shown to the roles that may open it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.security import Permission, has_permission


@dataclass(frozen=True)
class MenuEntry:
    endpoint: str
    label: object
    permission: Permission
    #: Other pages of the same place: the entry is marked current on them too.
    also: tuple[str, ...] = ()


MENU: tuple[MenuEntry, ...] = (
    MenuEntry("candidates.caseload", _l("Caseload"), Permission.KEEP_CASELOAD),
    MenuEntry("proposals.mine", _l("Your proposals"), Permission.PROPOSE_CANDIDATES),
    MenuEntry("admin.organisations", _l("Organisations"), Permission.MANAGE_ORGANISATIONS),
    MenuEntry("admin.users", _l("Users"), Permission.MANAGE_USERS),
    MenuEntry("mail.outbox", _l("Outbox"), Permission.READ_OUTBOX),
    MenuEntry("jobs.jobs", _l("Background jobs"), Permission.MANAGE_JOBS),
    MenuEntry("records.imports", _l("Imports"), Permission.IMPORT_RECORDS,
              also=("records.detail",)),
    MenuEntry("audit.log", _l("Audit log"), Permission.READ_AUDIT_LOG),
    MenuEntry("opportunities.mine", _l("Your opportunities"), Permission.MANAGE_OPPORTUNITIES),
    MenuEntry("opportunities.browse", _l("Find opportunities"), Permission.BROWSE_OPPORTUNITIES),
    MenuEntry("candidates.privacy_search", _l("Privacy requests"),
              Permission.FIND_CANDIDATES_FOR_PRIVACY),
    MenuEntry("candidates.retention", _l("Retention"), Permission.REVIEW_RETENTION),
    MenuEntry("insights.demand", _l("Insights"), Permission.VIEW_DEMAND_INSIGHTS),
    MenuEntry("insights.outcomes", _l("Outcomes"), Permission.VIEW_OUTCOMES_REPORT),
    # One place for the ranking: the switch, the models and the blind-trust figures.
    MenuEntry("ranking.models", _l("Ranking"), Permission.MANAGE_RANKING,
              also=("suggestions.ranking", "ranking.activate", "ranking.cold_start")),
    MenuEntry("taxonomy.occupations", _l("Occupations"), Permission.SEARCH_TAXONOMY),
)


@dataclass(frozen=True)
class MenuLink:
    url: str
    label: str
    current: bool


def navigation_items() -> list[MenuLink]:
    """The menu entries the current user may open, in menu order."""
    return [
        MenuLink(url_for(entry.endpoint), str(entry.label),
                 request.endpoint in (entry.endpoint, *entry.also))
        for entry in MENU
        if has_permission(current_user, entry.permission)
    ]
