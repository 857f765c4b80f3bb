"""Authentication of API calls by bearer token, and the one decorator of operations.

``Authorization: Bearer wb_<prefix>_<secret>`` is the only way in: the site's session
cookie never authenticates an API call (``hooks.py`` makes the logged-in user
anonymous on every ``/api/v1`` path, so CSRF cannot matter either). A call acts as a
:class:`TokenPrincipal`: the token's organisation with the usual role of its kind,
under the same ``accounts.permissions.PERMISSIONS`` as the site, so the domains' scoped queries
(``visible_opportunities(principal)``, ...) work unchanged. The token's scopes narrow
that further.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

from marketplace.accounts.permissions import PERMISSIONS, Permission
from marketplace.accounts.roles import Role
from marketplace.api.limits import token_rate_limit
from marketplace.api.problems import ApiProblem
from marketplace.apitokens.models import ApiToken
from marketplace.apitokens.operations import find_token
from marketplace.apitokens.scopes import SCOPES
from marketplace.db_types import utcnow
from marketplace.web.input import nul_locations

#: The ``access`` marking of API operations (``security.install_access_control``
#: lets such calls through to this module's checks).
TOKEN_ACCESS = "token"  # noqa: S105 - a marking, not a secret
#: The largest JSON body an operation accepts unless it says otherwise (bytes).
DEFAULT_MAX_BODY = 256 * 1024
_CHALLENGE = 'Bearer realm="werkbrug-api"'


class TokenPrincipal:
    """Who acts in an API call: the token's organisation, with its kind's usual role.

    It has what the domains' queries and operations read of a user (``role``,
    ``organisation_id``, ``organisation``, ``is_authenticated``); ``id`` is None, as
    no person acts, and the audit log names the token instead.
    """

    id = None
    is_authenticated = True
    is_active = True
    is_anonymous = False
    locale = None

    def __init__(self, token: ApiToken):
        self.token = token
        self.role: Role = token.role
        self.organisation_id = token.organisation_id
        self.organisation = token.organisation
        self.name = token.name

    def __repr__(self) -> str:
        return f"<TokenPrincipal token={self.token.id} {self.role}>"


def current_principal() -> TokenPrincipal:
    """The principal of this API call (only inside an ``api_requires`` operation)."""
    return g.api_principal


def _unauthorized(detail: str, error: str | None = None) -> ApiProblem:
    challenge = f'{_CHALLENGE}, error="{error}"' if error else _CHALLENGE
    return ApiProblem(401, detail, headers={"WWW-Authenticate": challenge})


def authenticate() -> ApiToken:
    """The usable token of this call, set on ``g``; else a 401 problem.

    A known token that is revoked or expired is kept in ``g.api_refused_token`` so the
    audit log records the refused call under its name.
    """
    scheme, _space, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise _unauthorized(_("Send an API key: Authorization: Bearer <key>."))
    token = find_token(credentials.strip())
    if token is None:
        raise _unauthorized(_("This API key is not known."), "invalid_token")
    if token.revoked_at is not None:
        g.api_refused_token = token
        raise _unauthorized(_("This API key has been revoked."), "invalid_token")
    if token.expires_at <= utcnow():
        g.api_refused_token = token
        raise _unauthorized(_("This API key has expired."), "invalid_token")
    if not token.organisation.is_active:
        g.api_refused_token = token
        raise _unauthorized(_("This API key's organisation is no longer active."),
                            "invalid_token")
    g.api_token = token
    g.api_principal = TokenPrincipal(token)
    return token


def _check_body(max_body: int | Callable[[], int],
                content_type: str = "application/json") -> None:
    """A call with a body: ``content_type`` (JSON, well formed) of at most ``max_body``
    bytes (a number, or a function of the app's config)."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return
    if not request.content_length and "Transfer-Encoding" not in request.headers:
        return  # no body (a life-cycle move): an operation that needs one answers 422
    if callable(max_body):
        max_body = max_body()
    request.max_content_length = max_body
    if request.content_length is not None and request.content_length > max_body:
        raise ApiProblem(413, _("The body may be at most %(size)s bytes.", size=max_body))
    if request.mimetype != content_type:
        raise ApiProblem(415, _("Send the body as %(content_type)s.",
                                  content_type=content_type))
    if content_type != "application/json":
        return
    try:
        body = request.get_json(force=False, silent=False)
    except BadRequest as error:
        if getattr(error, "code", 400) == 413:
            raise
        raise ApiProblem(400, _("The body is not valid JSON.")) from None
    except RecursionError:  # "[[[[...]]]]": more levels than Python's parser can take
        raise ApiProblem(400, _("The body's JSON is nested too deeply.")) from None
    # Valid JSON, but PostgreSQL can neither store nor compare a NUL character in text.
    if found := nul_locations(body):
        raise ApiProblem(422, errors=[
            {"location": ["body", *(str(part) for part in where)], "code": "nul_character",
             "message": _("This text holds a NUL character (\\u0000), which cannot be "
                          "stored. Leave it out.")}
            for where in found])


def api_requires(permission: Permission, scope: str, *,
                 max_body: int | Callable[[], int] = DEFAULT_MAX_BODY,
                 content_type: str = "application/json") -> Callable[[Callable], Callable]:
    """Open an operation to tokens holding ``scope`` whose role holds ``permission``.

    In this order: 401 without a usable token, 403 without the scope or permission,
    429 over the token's rate limit, then 413/415/400 for the body; only then the
    view (and its request validation, 422). Put it under the route decorator and
    above ``@spec.validate``. An operation taking another ``content_type`` (the
    records import's JSON Lines) reads the body itself.
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args, **kwargs):
            _check_body(max_body, content_type)
            return view(*args, **kwargs)

        limited = token_rate_limit(checked)

        @wraps(view)
        def guarded(*args, **kwargs):
            token = authenticate()
            if scope not in token.scopes:
                raise ApiProblem(403, _("This API key lacks the scope %(scope)s.",
                                                  scope=scope))
            if token.role not in PERMISSIONS[permission]:
                raise ApiProblem(403, _("Your organisation's role may not do this."))
            return limited(*args, **kwargs)

        guarded.access = TOKEN_ACCESS
        guarded.api_scope = scope
        guarded.api_permission = permission
        return guarded

    return decorate
