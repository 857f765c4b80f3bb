"""Optimistic locking for records that two people can edit at once.

A form carries the ``version`` of the record it was opened on. Saving checks it: if
someone saved in between, ``EditConflict`` is raised, nothing is written, and the view
answers 409 with the form as the person typed it plus what the other person changed
(read from the audit log, whose change events carry the version they produced). The
fields the other person changed show the saved value again (``take_saved_values``),
with what the person had typed there named in the notice: saving the form as shown
keeps both people's changes.
SQLAlchemy's ``version_id_col`` guards the moment between that check and the write.

Usage in an operation::

    ensure_version(opportunity, "opportunity", expected_version)
    ...change fields...
    record_change(opportunity, "opportunity", before, after)   # flushes, logs version

and in a view::

    except EditConflict as conflict:
        described = take_saved_values(form, describe_conflict(conflict), saved_form_data)
        return render_template(..., form=form, conflict=described), 409
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from wtforms import BooleanField, FieldList

from marketplace.accounts.models import User
from marketplace.audit.models import AuditEvent
from marketplace.audit.operations import changed_fields, record_event
from marketplace.extensions import db


class EditConflict(Exception):
    """The record was saved by someone else after the form was opened."""

    def __init__(self, subject_type: str, subject_id: int, since_version: int | None,
                 current_version: int | None):
        super().__init__(f"{subject_type} {subject_id} changed since version {since_version}")
        self.subject_type = subject_type
        self.subject_id = subject_id
        self.since_version = since_version
        self.current_version = current_version


def ensure_version(record, subject_type: str, expected_version) -> None:
    """Raise ``EditConflict`` unless ``expected_version`` is the record's version."""
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = None
    if expected != record.version:
        raise EditConflict(subject_type, record.id, expected, record.version)


def record_change(record, subject_type: str, before: dict[str, Any], after: dict[str, Any],
                  action: str | None = None) -> dict[str, list[Any]]:
    """Flush the change and log the changed fields with the version they produce.

    Values in ``before``/``after`` must be facts that may be shown to the record's
    editors (never free-text notes about a person). Records about people log
    ``{"fields": [names], "version": n}`` themselves instead (see candidates).
    """
    changes = changed_fields(before, after)
    if changes:
        db.session.flush()  # bumps the version (and fails if someone else just did)
        record_event(action or f"{subject_type}_changed", subject_type, record.id,
                     {"changes": changes, "version": record.version})
    return changes


@dataclass
class ConflictingChange:
    at: datetime
    actor_name: str
    field: str
    old: Any = None
    new: Any = None
    shows_values: bool = True


@dataclass
class TakenBack:
    """A field someone else changed that the form shows with the saved value again;
    ``typed`` is what the person had in it, in words."""

    field: str
    typed: str


@dataclass
class ConflictDescription:
    current_version: int | None
    changes: list[ConflictingChange]
    #: False: ``old`` and ``new`` are the values as stored, shown as data. True: they
    #: are HTML in words that mark their own data (see ``opportunities.display``).
    values_marked: bool = False
    #: Fields put back to the saved value (``take_saved_values``).
    taken_back: list[TakenBack] = dataclasses.field(default_factory=list)

    @property
    def shows_values(self) -> bool:
        """False when every change was logged by field name only (personal data)."""
        return any(change.shows_values for change in self.changes)


def describe_conflict(conflict: EditConflict, *, logged_under: tuple[str, int] | None = None,
                      named_as: str | None = None,
                      form_names: dict[str, str] | None = None) -> ConflictDescription:
    """What others changed since the version the form was opened on, oldest first.

    A record whose changes are logged on the record it belongs to (a trajectory step's
    on its candidate) names that one in ``logged_under`` (subject type and id) and the
    key of the details that holds its own id in ``named_as`` ("step"). ``form_names``
    gives the form's field for a column logged under another name (the form's
    ``organisation`` is logged as ``organisation_id``).
    """
    form_names = form_names or {}
    subject_type, subject_id = logged_under or (conflict.subject_type, conflict.subject_id)
    events = db.session.execute(
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.subject_type == subject_type, AuditEvent.subject_id == subject_id)
        .order_by(AuditEvent.id)
    ).all()
    since = conflict.since_version or 0
    changes = []
    for event, actor_name in events:
        if named_as is not None and event.details.get(named_as) != conflict.subject_id:
            continue
        version = event.details.get("version")
        if not isinstance(version, int) or version <= since:
            continue
        for field, (old, new) in event.details.get("changes", {}).items():
            changes.append(ConflictingChange(event.occurred_at, actor_name or "",
                                             form_names.get(field, field), old, new))
        # Records about people log only the names of changed fields, never their values.
        for field in event.details.get("fields", []):
            changes.append(ConflictingChange(event.occurred_at, actor_name or "",
                                             form_names.get(field, field), shows_values=False))
    return ConflictDescription(conflict.current_version, changes)


def take_saved_values(form, conflict: ConflictDescription, saved: dict) -> ConflictDescription:
    """Put the saved value back in each field of ``form`` that someone else changed
    (``saved``: the form's data as the record is now), noting what the person had typed
    there, so saving again keeps the other person's change unless the person types
    their own again on purpose. Without it a second click on "save" silently undid the
    other's change: a hire's "placed" set back to "active" by a form opened before it.
    Lists of rows (languages, skills) are left as typed; the notice names them."""
    for name in dict.fromkeys(change.field for change in conflict.changes):
        entry = form._fields.get(name)
        if entry is None or isinstance(entry, FieldList) or name not in saved:
            continue
        if entry.data == saved[name]:
            continue
        typed = _in_words(entry)
        entry.process(None, saved[name])
        entry.raw_data = None  # text fields show raw_data, what was sent, before data
        entry.errors = []
        conflict.taken_back.append(TakenBack(name, typed))
    return conflict


def _in_words(entry) -> str:
    """A field's value as the person had it: a choice's label (several for a list of
    checkboxes), yes or no, else the text as typed."""
    if isinstance(entry, BooleanField):
        return _("Yes") if entry.data else _("No")
    choices = getattr(entry, "choices", None)
    if isinstance(choices, list | tuple):
        chosen = {str(value) for value in (
            entry.data if isinstance(entry.data, list | tuple | set) else [entry.data])}
        return ", ".join(str(label) for value, label, *_rest in choices
                         if str(value) in chosen)
    return entry._value()  # what the field shows: the typed text, before any parsing
