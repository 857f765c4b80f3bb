"""Business rules for accounts. Functions change objects and flush; callers commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts import throttle
from marketplace.accounts.lifecycle import count_people_held, stop_what_waits_on
from marketplace.accounts.models import (
    ORGANISATION_NAME_INDEX,
    AttemptKind,
    Organisation,
    User,
    new_security_stamp,
)
from marketplace.accounts.passwords import hash_password, needs_rehash, verify_password
from marketplace.accounts.roles import OrganisationKind, Role
from marketplace.accounts.sessions import end_all_login_sessions
from marketplace.accounts.tokens import make_account_link_token
from marketplace.audit.operations import record_event
from marketplace.db_types import breaks_unique, breaks_unique_column
from marketplace.extensions import db
from marketplace.mail.operations import queue_templated_message
from marketplace.web.conflicts import ensure_version, record_change
from marketplace.web.urls import public_url


class AccountError(Exception):
    """A rule of the accounts domain was broken; ``str(error)`` is safe to show."""


class EmailTaken(AccountError):
    pass


class OrganisationNameTaken(AccountError):
    """Another organisation has this name: one added a moment ago, after the form's check."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


# --- logging in -------------------------------------------------------------------


@dataclass
class LoginResult:
    user: User | None
    #: Seconds to wait before the next attempt is checked (0: it was checked).
    wait: int = 0

    @property
    def throttled(self) -> bool:
        return self.wait > 0


def authenticate(email: str, password: str, remote_address: str) -> LoginResult:
    """Check credentials. A failure is counted; a throttled login is refused unchecked
    (``throttle.py``). Attempts for one account are handled one after the other."""
    email = normalise_email(email)
    throttle.one_attempt_at_a_time(email)
    user = find_user_by_email(email)
    wait = throttle.login_wait(email, remote_address, user)
    if wait:
        record_event("login_throttled", "user", user.id if user else None, actor=user)
        return LoginResult(None, wait=wait)
    # Verified for every address, known or not, active or not: equal work, equal time.
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None or not user.is_active or not password_ok:
        throttle.record_attempt(AttemptKind.LOGIN, email, remote_address)
        record_event("login_failed", "user", user.id if user else None, actor=user)
        return LoginResult(None)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    throttle.remember_login(user, remote_address)
    record_event("login", "user", user.id, actor=user)
    return LoginResult(user)


# --- passwords and links ------------------------------------------------------------


def account_link(user: User, endpoint: str = "accounts.set_password") -> str:
    return public_url(endpoint, token=make_account_link_token(user))


def set_password(user: User, password: str) -> None:
    """Set a new password; every earlier link and login session stops working."""
    user.password_hash = hash_password(password)
    user.security_stamp = new_security_stamp()
    end_all_login_sessions(user)
    record_event("password_set", "user", user.id, actor=user)


def request_password_reset(email: str, remote_address: str) -> int:
    """Mail a reset link when the address belongs to an active user; silent otherwise.

    Every request counts towards the throttle, known address or not, so the answer
    tells nothing. Returns the seconds to wait when throttled (nothing was sent), else 0.
    """
    email = normalise_email(email)
    throttle.one_attempt_at_a_time(email)
    wait = throttle.reset_wait(email, remote_address)
    if wait:
        return wait
    throttle.record_attempt(AttemptKind.RESET_REQUEST, email, remote_address)
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return 0
    queue_templated_message(
        user.email, user.locale or "nl", "password_reset", user=user, link=account_link(user)
    )
    record_event("password_reset_requested", "user", user.id, actor=user)
    return 0


# --- users --------------------------------------------------------------------------


def check_role_fits(role: str, organisation: Organisation) -> None:
    if Role(role) not in organisation.allowed_roles:
        raise AccountError("role does not fit organisation")


def invite_user(
    email: str,
    name: str,
    organisation: Organisation,
    role: str,
    invited_by: User,
    locale: str = "nl",
) -> User:
    """Create a user without password and mail them a link to choose one. Raises
    ``EmailTaken`` (nothing written) when the address has a user, also one invited a
    moment ago by a simultaneous request (the unique constraint answers; the savepoint
    keeps the transaction usable)."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise EmailTaken(email)
    check_role_fits(role, organisation)
    try:
        # Made inside the savepoint: it joins ``organisation.users`` when made, which
        # the savepoint's opening flush would find before the user is in the session.
        with db.session.begin_nested():
            user = User(
                email=email,
                name=name.strip(),
                organisation=organisation,
                role=role,
                invited_by_id=invited_by.id,
                locale=locale,
            )
            db.session.add(user)
            db.session.flush()
    except IntegrityError as error:
        if breaks_unique_column(error, "user_account", "email"):
            raise EmailTaken(email) from error
        raise
    queue_templated_message(
        user.email, locale, "invitation", user=user, inviter=invited_by, link=account_link(user)
    )
    record_event(
        "user_invited", "user", user.id, {"organisation_id": organisation.id, "role": role}
    )
    return user


def resend_invitation(user: User, invited_by: User) -> None:
    queue_templated_message(
        user.email,
        user.locale or "nl",
        "invitation",
        user=user,
        inviter=invited_by,
        link=account_link(user),
    )
    record_event("user_invitation_resent", "user", user.id)


class PeopleStillHeld(AccountError):
    """The user still holds people (a coach's caseload): ``count`` of them. They go to
    a colleague first (a handover), then the user can change organisation or role."""

    def __init__(self, count: int):
        super().__init__(f"{count} people still held")
        self.count = count


def check_people_handed_over(user: User, organisation: Organisation, role: str) -> None:
    """Refuse a move of ``user`` to another organisation or role while they still hold
    people: their organisation's records would go along to the other organisation (a
    coach keeps their caseload wherever they are), or stay with nobody."""
    if organisation.id == user.organisation_id and role == user.role:
        return
    held = count_people_held(user)
    if held:
        raise PeopleStillHeld(held)


def update_user(user: User, *, name: str, organisation: Organisation, role: str,
                expected_version, work_phone: str | None = None,
                manages_api_tokens: bool | None = None) -> None:
    """Change a user's name, organisation, role, work phone or whether they manage
    their organisation's API keys (None: unchanged). A change of access logs them out;
    it is refused while the user still holds people (``PeopleStillHeld``).

    Raises ``EditConflict`` when someone saved the user after ``expected_version``: a
    form opened before another admin took a role away would otherwise give it back.
    """
    ensure_version(user, "user", expected_version)
    check_role_fits(role, organisation)
    check_people_handed_over(user, organisation, role)
    before = {"name": user.name, "organisation_id": user.organisation_id, "role": user.role,
              "work_phone": user.work_phone, "manages_api_tokens": user.manages_api_tokens}
    user.name = name.strip()
    user.organisation = organisation
    user.role = role
    user.work_phone = work_phone or None
    if manages_api_tokens is not None:
        user.manages_api_tokens = manages_api_tokens
    after = {"name": user.name, "organisation_id": organisation.id, "role": role,
             "work_phone": user.work_phone, "manages_api_tokens": user.manages_api_tokens}
    changes = record_change(user, "user", before, after, action="user_changed")
    if "role" in changes or "organisation_id" in changes:
        end_all_login_sessions(user)


def set_work_phone(user: User, work_phone: str | None) -> None:
    """A user changes their own work phone (empty: none)."""
    before = user.work_phone
    user.work_phone = work_phone or None
    if before != user.work_phone:
        db.session.flush()
        record_event("user_changed", "user", user.id,
                     {"changes": {"work_phone": [before, user.work_phone]}})


def people_held_by(users) -> int:
    """How many people's records ``users`` hold together (their caseloads)."""
    return sum(count_people_held(user) for user in users)


def check_nobody_left_behind(users) -> None:
    """Refuse to take ``users`` out of use (deactivated, or their whole organisation)
    while they still hold people: nobody could keep those people's records then."""
    held = people_held_by(users)
    if held:
        raise PeopleStillHeld(held)


def set_user_active(user: User, active: bool, by: User) -> None:
    """Let ``user`` log in or not. Deactivating is refused for oneself and, while the
    user still holds people, with ``PeopleStillHeld``; it logs them out everywhere."""
    if user.id == by.id and not active:
        raise AccountError("cannot deactivate yourself")
    if user.active == active:
        return
    if not active:
        check_nobody_left_behind([user])
    user.active = active
    if not active:
        end_all_login_sessions(user)
    record_event("user_activated" if active else "user_deactivated", "user", user.id)


def set_user_locale(user: User, locale: str) -> None:
    user.locale = locale


# --- organisations ------------------------------------------------------------------


def organisation_name_taken(name: str, except_id: int | None = None) -> bool:
    query = select(Organisation.id).where(func.lower(Organisation.name) == name.strip().lower())
    if except_id is not None:
        query = query.where(Organisation.id != except_id)
    return db.session.scalar(query) is not None


def _breaks_unique_name(error: IntegrityError) -> bool:
    """Whether a simultaneous save took the name first: the same name, or one that
    differs only in capitals."""
    return (breaks_unique_column(error, "organisation", "name")
            or breaks_unique(error, ORGANISATION_NAME_INDEX))


def _sector_for(kind: str, sector: str | None) -> str | None:
    if kind in (OrganisationKind.EMPLOYER, OrganisationKind.FEDERATION):
        return sector or None
    return None


def create_organisation(name: str, kind: str, sector: str | None, postcode: str | None):
    """Add an organisation. Raises ``OrganisationNameTaken`` (nothing written) when one
    with this name was added a moment ago by a simultaneous request, after the form's
    check (the unique constraint answers; the savepoint keeps the transaction usable)."""
    organisation = Organisation(
        name=name.strip(), kind=kind, sector=_sector_for(kind, sector), postcode=postcode or None
    )
    try:
        with db.session.begin_nested():
            db.session.add(organisation)
            db.session.flush()
    except IntegrityError as error:
        if _breaks_unique_name(error):
            raise OrganisationNameTaken(organisation.name) from error
        raise
    record_event(
        "organisation_created",
        "organisation",
        organisation.id,
        {"kind": kind, "sector": organisation.sector},
    )
    return organisation


def update_organisation(
    organisation: Organisation,
    *,
    name: str,
    sector: str | None,
    postcode: str | None,
    is_active: bool,
    expected_version,
) -> int:
    """Change an organisation. Its kind is fixed: its users' roles depend on it.
    Returns how many of its records stopped because it was deactivated (its open
    opportunities, closed: ``lifecycle.stop_what_waits_on``), else 0.

    Raises ``EditConflict`` when someone saved it after ``expected_version``,
    ``PeopleStillHeld`` when it would be deactivated (none of its users can log in
    then) while its users still hold people, and ``OrganisationNameTaken`` when another
    organisation took the new name a moment ago, after the form's check.
    """
    ensure_version(organisation, "organisation", expected_version)
    deactivated = organisation.is_active and not is_active
    if deactivated:
        check_nobody_left_behind(organisation.users)
    fields = ("name", "sector", "postcode", "is_active")
    before = {field: getattr(organisation, field) for field in fields}
    organisation.name = name.strip()
    organisation.sector = _sector_for(organisation.kind, sector)
    organisation.postcode = postcode or None
    organisation.is_active = is_active
    try:
        record_change(organisation, "organisation", before,
                      {field: getattr(organisation, field) for field in fields})
    except IntegrityError as error:
        # The failed flush leaves the session to roll back: the name is the one asked for.
        if _breaks_unique_name(error):
            raise OrganisationNameTaken(name.strip()) from error
        raise
    return stop_what_waits_on(organisation) if deactivated else 0
