"""Who someone is in the partnership: the roles of users and the kinds of
organisations, and which roles each kind of organisation can hold.

Plain vocabulary with no imports of the app, so that the models (``accounts``,
``apitokens``) and access control (``marketplace.security``) can all read it without
importing each other.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """The role of a user; it follows from the kind of their organisation."""

    ADMIN = "admin"
    EMPLOYER = "employer"
    COACH = "coach"
    ANALYST = "analyst"


class OrganisationKind(enum.StrEnum):
    """What an organisation is in the partnership."""

    EMPLOYER = "employer"
    PARTNER = "partner"
    FEDERATION = "federation"
    ADMIN_BODY = "admin"
    TRAINING_PROVIDER = "training_provider"


#: The roles a user of each kind of organisation can have; the first is the usual one.
#: A partner organisation (VDAB, Atlas, ...) can also hold the partnership's admins.
ROLES_FOR_KIND: dict[OrganisationKind, tuple[Role, ...]] = {
    OrganisationKind.EMPLOYER: (Role.EMPLOYER,),
    OrganisationKind.PARTNER: (Role.COACH, Role.ADMIN),
    OrganisationKind.FEDERATION: (Role.ANALYST,),
    OrganisationKind.ADMIN_BODY: (Role.ADMIN,),
    # A training provider offers courses and answers proposals as an employer does.
    OrganisationKind.TRAINING_PROVIDER: (Role.EMPLOYER,),
}
