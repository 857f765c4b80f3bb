"""Creates that make their record once, however often a partner sends them.

A partner whose create call times out cannot know whether it made the record; sent
again it made a second one. So the creates (``POST /opportunities``, ``/candidates``,
``/proposals``, ``/imports``) read an optional ``Idempotency-Key`` header, as Stripe
does and the IETF draft "The Idempotency-Key HTTP Header Field" describes: the API's
counterpart of the site's one-time form tokens (``web/once_only.py``).

- The first call with a key that succeeds stores the key with its API key, the
  operation, a hash of the query and body, and the answer (status, body, ``Location``,
  ``ETag``) in ``api_idempotency_key``, in the transaction that made the record
  (``answer_once``, called by the view before its commit).
- The same key again, with the same operation and request: the stored answer, with
  ``Idempotent-Replayed: true``; nothing runs, nothing is made.
- The same key with another operation or request: 422, the key was used for another
  request.
- A key is looked up for its own API key only, so another partner's (or another key's)
  identical key makes its own record.
- A call that fails stores nothing (its transaction rolls back), so a corrected retry
  may use the same key.
- Two sends at once: the unique (token, key) pair decides. Both find no key and run;
  the later one's insert of the key (or of its record, where that is unique: a
  proposal) waits for the first transaction and fails once it commits. The later
  call then rolls back everything it did and answers the first one's answer. It never
  sees a key whose call is still running, so there is no "still being processed" 409.
  On SQLite the write lock taken at the start of every POST orders them anyway.

Keys are kept as long as the form tokens (``once_only.KEPT_FOR``, the nightly
``web/jobs.py``). Usage::

    @bp.post("/opportunities")
    @api_requires(...)
    @idempotent
    @spec.validate(...)
    def create_opportunity():
        row = operations.create_opportunity(...)
        answer = answer_once(lambda: _answer(row, 201))
        db.session.commit()
        return answer
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from flask import current_app, g, request
from flask_babel import gettext as _
from sqlalchemy import delete, select

from marketplace.api.models import MAX_KEY, ApiIdempotencyKey
from marketplace.api.problems import ApiProblem
from marketplace.api.spec import (
    IDEMPOTENCY_KEY,
    IDEMPOTENT_OPERATIONS,
    IDEMPOTENT_REPLAYED,
    spec,
)
from marketplace.candidates.lifecycle import candidate_erasing, export_sections
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.web.once_only import KEPT_FOR

_PRINTABLE = re.compile(rf"[\x20-\x7e]{{1,{MAX_KEY}}}")
#: A Structured Field string (RFC 8941), as the IETF draft writes the key: in double
#: quotes, with ``\"`` and ``\\`` the only escapes.
_QUOTED = re.compile(r'"((?:[^"\\]|\\["\\])+)"')
_ESCAPE = re.compile(r"\\([\"\\])")


@dataclass(frozen=True)
class Sent:
    """The key of this call, and what it must match in a stored answer."""

    key: str
    endpoint: str
    request_hash: str


def sent_key() -> str | None:
    """The call's ``Idempotency-Key``, None without one; a 400 problem when it is not 1
    to 255 printable ASCII characters. A quoted string is read without its quotes, so
    ``"abc"`` (the draft) and ``abc`` (Stripe) are one key. (The header sent twice
    arrives as one value, the two joined by a comma, as WSGI joins repeated headers.)"""
    value = request.headers.get(IDEMPOTENCY_KEY)
    if value is None:
        return None
    if not _PRINTABLE.fullmatch(value):
        raise ApiProblem(400, _("Send an Idempotency-Key of 1 to 255 printable ASCII "
                                "characters (letters, digits, punctuation, spaces)."))
    quoted = _QUOTED.fullmatch(value)
    return _ESCAPE.sub(r"\1", quoted[1]) if quoted else value


def _request_hash() -> str:
    """SHA-256 of what the call sent besides its headers: the query and the body."""
    digest = hashlib.sha256(request.query_string)
    digest.update(b"\n")
    digest.update(request.get_data())
    return digest.hexdigest()


def _stored(key: str) -> ApiIdempotencyKey | None:
    return db.session.scalar(select(ApiIdempotencyKey).where(
        ApiIdempotencyKey.token_id == g.api_token.id, ApiIdempotencyKey.key == key))


def _replay(stored: ApiIdempotencyKey, sent: Sent):
    """The stored answer again; a 422 problem when the key was used for another call."""
    if (stored.endpoint, stored.request_hash) != (sent.endpoint, sent.request_hash):
        message = _("This Idempotency-Key was already used for another request. Use a new "
                    "key for a new request.")
        raise ApiProblem(422, message, errors=[{
            "location": ["headers", IDEMPOTENCY_KEY], "message": message,
            "code": "idempotency_key_reused"}])
    response = current_app.response_class(stored.body, status=stored.status,
                                          mimetype="application/json")
    for name, value in (("Location", stored.location), ("ETag", stored.etag)):
        if value is not None:
            response.headers[name] = value
    response.headers[IDEMPOTENT_REPLAYED] = "true"
    return response


def idempotent(view: Callable) -> Callable:
    """Make a create read ``Idempotency-Key`` (see the module's docstring). Put it under
    ``api_requires`` (so the key is checked, with the body, after the API key) and
    above ``spec.validate``; the view calls ``answer_once`` before it commits."""
    IDEMPOTENT_OPERATIONS.add(spec.get_function_metadata(view).operation_id)

    @wraps(view)
    def once(*args, **kwargs):
        key = sent_key()
        if key is None:
            return view(*args, **kwargs)
        sent = g.idempotency_sent = Sent(key, request.endpoint, _request_hash())
        stored = _stored(key)
        if stored is not None:
            return _replay(stored, sent)
        try:
            return view(*args, **kwargs)
        except Exception:
            # The loser of two sends at once fails on the key's unique pair (or its
            # record's, a proposal's); by then the winner has committed: its answer.
            db.session.rollback()
            stored = _stored(key)
            if stored is None:
                raise
            return _replay(stored, sent)

    return once


def answer_once(build: Callable[[], tuple], *, about_candidate: int | None = None) -> tuple:
    """The create's answer ``(model, status, headers)``, made by ``build`` from what
    the database holds now (flushed and expired, as a commit would, so the answer is
    the record as later reads see it), and stored with the call's ``Idempotency-Key``
    when it sent one, in this transaction. Flushed here: the loser of two sends at once
    fails now, and ``idempotent`` answers it. ``about_candidate``: the candidate whose
    data the answer holds, forgotten with them (``forget_answers_about``)."""
    db.session.flush()
    db.session.expire_all()
    answer = build()
    sent: Sent | None = g.get("idempotency_sent")
    if sent is not None:
        model, status, headers = answer
        db.session.add(ApiIdempotencyKey(
            token_id=g.api_token.id, key=sent.key, endpoint=sent.endpoint,
            request_hash=sent.request_hash, status=status, location=headers.get("Location"),
            etag=headers.get("ETag"), body=model.model_dump_json(),
            candidate_id=about_candidate))
        db.session.flush()
    return answer


def prune_idempotency_keys(now: datetime | None = None) -> int:
    """Forget keys sent longer than ``KEPT_FOR`` ago; returns how many. Only flushes."""
    cutoff = (now or utcnow()) - KEPT_FOR
    result = db.session.execute(
        delete(ApiIdempotencyKey).where(ApiIdempotencyKey.sent_at < cutoff))
    return result.rowcount


def _answers_about(candidate_id: int):
    return select(ApiIdempotencyKey).where(ApiIdempotencyKey.candidate_id == candidate_id)


@export_sections.connect
def _kept_answers_section(candidate, **_facts) -> dict:
    """The ``api_answers_kept_for_retries`` section of the candidate's privacy export:
    the stored answers that hold their data are copies, kept at most ``KEPT_FOR``, but
    held all the same (right of access)."""
    rows = db.session.scalars(_answers_about(candidate.id).order_by(ApiIdempotencyKey.id))
    return {"api_answers_kept_for_retries": [
        {"sent_at": row.sent_at.isoformat(), "operation": row.endpoint,
         "status": row.status, "answer": json.loads(row.body)}
        for row in rows
    ]}


@candidate_erasing.connect
def forget_answers_about(candidate, **_facts) -> None:
    """Erasing a candidate deletes the stored answers that hold their data (their
    creation, proposals for them). Only flushes."""
    db.session.execute(
        delete(ApiIdempotencyKey).where(ApiIdempotencyKey.candidate_id == candidate.id))
