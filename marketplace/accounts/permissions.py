"""Who may do what: the one table of permissions (``PERMISSIONS``), the flags on an
account that grant some of them too, and the checks on a user.

No Flask here: views are opened by the decorators of ``marketplace.security``, which
read this table; the API's token scopes and the menu read it too.
"""

from __future__ import annotations

import enum

from marketplace.accounts.roles import Role


class Permission(enum.StrEnum):
    """Named abilities; PERMISSIONS says which roles hold each."""

    MANAGE_ORGANISATIONS = "manage_organisations"
    MANAGE_USERS = "manage_users"
    READ_OUTBOX = "read_outbox"
    MANAGE_JOBS = "manage_jobs"
    READ_AUDIT_LOG = "read_audit_log"
    SEARCH_TAXONOMY = "search_taxonomy"
    MANAGE_OPPORTUNITIES = "manage_opportunities"
    BROWSE_OPPORTUNITIES = "browse_opportunities"
    VIEW_OPPORTUNITY = "view_opportunity"
    READ_OPPORTUNITY_HISTORY = "read_opportunity_history"
    KEEP_CASELOAD = "keep_caseload"
    HANDLE_PRIVACY_REQUESTS = "handle_privacy_requests"
    FIND_CANDIDATES_FOR_PRIVACY = "find_candidates_for_privacy"
    PROPOSE_CANDIDATES = "propose_candidates"
    ANSWER_PROPOSALS = "answer_proposals"
    VIEW_DEMAND_INSIGHTS = "view_demand_insights"
    VIEW_SUPPLY_INSIGHTS = "view_supply_insights"
    USE_SUGGESTIONS = "use_suggestions"
    VIEW_OUTCOMES_REPORT = "view_outcomes_report"
    MANAGE_RANKING = "manage_ranking"
    IMPORT_RECORDS = "import_records"
    REVIEW_RETENTION = "review_retention"
    READ_NEWS = "read_news"
    VIEW_BARRIER_REPORT = "view_barrier_report"
    ORGANISE_TRYOUTS = "organise_tryouts"
    ENROL_IN_TRYOUTS = "enrol_in_tryouts"
    MANAGE_API_TOKENS = "manage_api_tokens"


PERMISSIONS: dict[Permission, frozenset[Role]] = {
    Permission.MANAGE_ORGANISATIONS: frozenset({Role.ADMIN}),
    Permission.MANAGE_USERS: frozenset({Role.ADMIN}),
    Permission.READ_OUTBOX: frozenset({Role.ADMIN}),
    Permission.MANAGE_JOBS: frozenset({Role.ADMIN}),
    Permission.READ_AUDIT_LOG: frozenset({Role.ADMIN}),
    # Analysts too: a sector federation picks the occupations of its try-outs.
    Permission.SEARCH_TAXONOMY: frozenset({Role.ADMIN, Role.EMPLOYER, Role.COACH, Role.ANALYST}),
    # Employers manage their own organisation's opportunities (queries scope them);
    # sector federations (analysts) only the kinds vocab.KINDS_FOR_ORGANISATION gives
    # them (try-outs): the form offers only those, and queries reach no other.
    Permission.MANAGE_OPPORTUNITIES: frozenset({Role.EMPLOYER, Role.ANALYST}),
    # Coaches browse published opportunities; admins browse every status.
    Permission.BROWSE_OPPORTUNITIES: frozenset({Role.COACH, Role.ADMIN}),
    # One opportunity's page: the owner, coaches (published only) and admins.
    # Analysts see no single opportunity but their own federation's try-outs.
    Permission.VIEW_OPPORTUNITY: frozenset({Role.EMPLOYER, Role.COACH, Role.ADMIN, Role.ANALYST}),
    Permission.READ_OPPORTUNITY_HISTORY: frozenset({Role.EMPLOYER, Role.ADMIN, Role.ANALYST}),
    # Coaches keep their caseload; employers and analysts never see a candidate profile.
    Permission.KEEP_CASELOAD: frozenset({Role.COACH}),
    # Export and erasure: a coach for their own caseload, an admin for any candidate.
    Permission.HANDLE_PRIVACY_REQUESTS: frozenset({Role.ADMIN, Role.COACH}),
    Permission.FIND_CANDIDATES_FOR_PRIVACY: frozenset({Role.ADMIN}),
    # Coaches propose candidates of their own caseload and follow their proposals.
    Permission.PROPOSE_CANDIDATES: frozenset({Role.COACH}),
    # Employers read and answer the proposals for their own opportunities.
    Permission.ANSWER_PROPOSALS: frozenset({Role.EMPLOYER}),
    # Protected totals of demand: analysts and admins, and coaches to advise candidates.
    Permission.VIEW_DEMAND_INSIGHTS: frozenset({Role.ANALYST, Role.ADMIN, Role.COACH}),
    # Protected totals of the candidates and the gap: analysts and admins only.
    Permission.VIEW_SUPPLY_INSIGHTS: frozenset({Role.ANALYST, Role.ADMIN}),
    # Coaches see suggestions (their caseload and shared candidates), dismiss and
    # restore them for their own candidates; queries scope every id.
    Permission.USE_SUGGESTIONS: frozenset({Role.COACH}),
    # Switching the ranking of suggestions off and on: admins only.
    # The partnership's outcomes per partner organisation, exact figures: admins only
    # (a partner would see the others' figures; federations see protected totals).
    Permission.VIEW_OUTCOMES_REPORT: frozenset({Role.ADMIN}),
    # The ranking models: roll back, back to cold start, oversight of blind trust.
    Permission.MANAGE_RANKING: frozenset({Role.ADMIN}),
    # Uploading records files for import (and reading their results): admins only.
    Permission.IMPORT_RECORDS: frozenset({Role.ADMIN}),
    # The list of candidates past the retention period (refs, no personal data).
    Permission.REVIEW_RETENTION: frozenset({Role.ADMIN}),
    # A coach's news about their own caseload, and its settings (digest, days).
    Permission.READ_NEWS: frozenset({Role.COACH}),
    # The partnership's barriers report: protected totals of people (like the supply
    # side), analysts and admins. One person's barriers: their coaches only (queries).
    Permission.VIEW_BARRIER_REPORT: frozenset({Role.ANALYST, Role.ADMIN}),
    # Employers and sector federations (analysts) see who is enrolled in their own
    # try-outs and mark who came (queries scope them to their organisation).
    Permission.ORGANISE_TRYOUTS: frozenset({Role.EMPLOYER, Role.ANALYST}),
    # Coaches enrol candidates of their own caseload in try-outs and cancel.
    Permission.ENROL_IN_TRYOUTS: frozenset({Role.COACH}),
    # The partner API's keys: admins for every organisation; users whose admin gave them
    # USER_GRANTS' flag for their own organisation (queries scope them).
    Permission.MANAGE_API_TOKENS: frozenset({Role.ADMIN}),
}

#: Permissions a user can also hold by a flag on their account, whatever their role.
USER_GRANTS: dict[Permission, str] = {
    Permission.MANAGE_API_TOKENS: "manages_api_tokens",
}


def has_permission(user, permission: Permission) -> bool:
    """True when ``user`` is logged in, active and holds ``permission``."""
    if not getattr(user, "is_authenticated", False):
        return False
    if permission in USER_GRANTS and getattr(user, USER_GRANTS[permission], False):
        return True
    return user.role in PERMISSIONS[permission]


def granted(user) -> frozenset[Permission]:
    """The permissions of ``USER_GRANTS`` that the flags on ``user``'s account give."""
    return frozenset(permission for permission, flag in USER_GRANTS.items()
                     if getattr(user, flag, False))


def role_holds(role: str, grants: frozenset[Permission], permission: Permission) -> bool:
    """``has_permission`` for a logged-in user of ``role`` with ``grants`` (``granted``):
    what a result kept per role and flags (the menu's entries) may be computed with."""
    return permission in grants or role in PERMISSIONS[permission]
