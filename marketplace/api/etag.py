"""ETag and If-Match: optimistic locking for API updates.

A single resource's answer carries ``ETag: "<version>"`` (its ``version`` column);
every update must send it back in ``If-Match``. Missing: 428; another version (someone
changed it since): 412; both problems, and nothing is written. ``"*"`` matches any
version (the client takes the risk knowingly).
"""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from marketplace.api.problems import ApiProblem


def etag_of(row) -> str:
    """The strong ETag of a row with a ``version`` column."""
    return f'"{row.version}"'


def etag_header(row) -> dict[str, str]:
    """Headers for a single resource's answer: ``{"ETag": ...}``."""
    return {"ETag": etag_of(row)}


def require_if_match(row) -> None:
    """Raise the 428 or 412 problem unless ``If-Match`` names the row's current ETag.

    Call it in every update before changing anything; the operation's own version
    check (``version_id_col``) still catches a save that overtakes this one.
    """
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        raise ApiProblem(428, _("Send the ETag you received in an If-Match header."))
    wanted = {part.strip() for part in header.split(",")}  # strong comparison: W/ never matches
    if "*" in wanted or etag_of(row) in wanted:
        return
    raise ApiProblem(412, _("The current ETag is %(etag)s: fetch it again and make "
                            "your change on that version.", etag=etag_of(row)))
