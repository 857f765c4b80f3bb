"""The vocabulary of API token scopes, and which roles may hold each.

A scope names a resource and read or write. A token may only get the scopes that the
role of its organisation's kind can use: each scope lists the permissions of
``accounts.permissions.PERMISSIONS`` behind it, and a role that holds none of them cannot use the
scope (an employer's token gets no ``candidates:read``).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.accounts.permissions import PERMISSIONS, Permission
from marketplace.accounts.roles import Role

#: Every scope, in the order forms list them, with the permissions that use it.
SCOPE_PERMISSIONS: dict[str, tuple[Permission, ...]] = {
    "opportunities:read": (Permission.VIEW_OPPORTUNITY, Permission.BROWSE_OPPORTUNITIES),
    "opportunities:write": (Permission.MANAGE_OPPORTUNITIES,),
    "candidates:read": (Permission.KEEP_CASELOAD,),
    "candidates:write": (Permission.KEEP_CASELOAD,),
    "proposals:read": (Permission.PROPOSE_CANDIDATES, Permission.ANSWER_PROPOSALS),
    "proposals:write": (Permission.PROPOSE_CANDIDATES, Permission.ANSWER_PROPOSALS),
    "suggestions:read": (Permission.USE_SUGGESTIONS,),
    "insights:read": (Permission.VIEW_DEMAND_INSIGHTS, Permission.VIEW_SUPPLY_INSIGHTS),
    "imports:write": (Permission.IMPORT_RECORDS,),
}

SCOPES: tuple[str, ...] = tuple(SCOPE_PERMISSIONS)

#: What each scope lets a token do, in words for the forms and the list.
SCOPE_LABELS = {
    "opportunities:read": _l("Read opportunities"),
    "opportunities:write": _l("Create and change opportunities"),
    "candidates:read": _l("Read candidates"),
    "candidates:write": _l("Create and change candidates"),
    "proposals:read": _l("Read proposals"),
    "proposals:write": _l("Make and answer proposals"),
    "suggestions:read": _l("Read suggestions"),
    "insights:read": _l("Read insights"),
    "imports:write": _l("Import records files"),
}


def scopes_for_role(role: Role | str) -> tuple[str, ...]:
    """The scopes a token acting with ``role`` can use, in vocabulary order."""
    return tuple(
        scope for scope, permissions in SCOPE_PERMISSIONS.items()
        if any(Role(role) in PERMISSIONS[permission] for permission in permissions)
    )
