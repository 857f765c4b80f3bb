"""Words for the values of an opportunity, as the audit log stores them.

The audit log keeps codes (``"A2"``, ``"evening"``, an ESCO URI, ``"2026-12-31"``);
the history page and the conflict notice show them as a person reads them, in the
user's language. The log keeps every stored value, also a try-out's hours per week,
which the pages never show (``shown_changes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from itertools import groupby
from operator import attrgetter
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.opportunities.rules import asks_weekly_hours
from marketplace.opportunities.typed_input import format_number
from marketplace.taxonomy.models import Language, Occupation, Skill
from marketplace.web.conflicts import ConflictDescription
from marketplace.web.i18n import as_data, current_language, format_day
from marketplace.web.labels import choice_label

FIELD_LABELS = {
    "kind": _l("Kind"),
    "title": _l("Title"),
    "occupation": _l("Occupation"),
    "description": _l("Description"),
    "postcode": _l("Postcode of the workplace"),
    "hours_per_week": _l("Hours per week"),
    "schedule": _l("When the work happens"),
    "contract_type": _l("Contract"),
    "internship_weeks": _l("Length of the internship in weeks"),
    "duration_weeks": _l("Length of the course in weeks"),
    "schedule_note": _l("When the lessons are"),
    "places": _l("Number of places"),
    "starts_on": _l("Start date"),
    "closes_on": _l("Closing date"),
    "dutch_level": _l("Dutch level needed"),
    "language_support": _l("Language support on the job"),
    "driving_licence": _l("Driving licence needed"),
    "certificates": _l("Certificates asked"),
    "notes_for_coaches": _l("Anything else a coach should know"),
    "languages": _l("Other languages"),
    "skills": _l("Skills"),
    "status": _l("Status"),
    "session_on": _l("Day of the try-out"),
    "session_starts": _l("Start time"),
    "session_ends": _l("End time"),
    "street_address": _l("Street and number"),
    "further_occupations": _l("Other occupations to try"),
}

_VOCABULARY = {
    "kind": "opportunity_kind",
    "status": "opportunity_status",
    "contract_type": "contract_type",
    "dutch_level": "cefr",
}
_DATES = ("starts_on", "closes_on", "session_on")
_BOOLEANS = ("language_support", "driving_licence")
_NUMBERS = ("places", "internship_weeks", "duration_weeks")


def field_labels() -> dict[str, str]:
    return {name: str(label) for name, label in FIELD_LABELS.items()}


class ValueFormatter:
    """Formats stored values; looks up occupation, skill and language names in batches."""

    def __init__(self, values: list[tuple[str, Any]]):
        locale = current_language()
        self._locale = locale
        uris = {value for name, value in values if name == "occupation" and value}
        uris |= {uri for name, value in values if name == "further_occupations"
                 for uri in value or []}
        skill_uris = {row[0] for name, value in values if name == "skills" for row in value or []}
        language_codes = {
            row[0] for name, value in values if name == "languages" for row in value or []
        }
        self._occupations = _names(Occupation, Occupation.uri, uris,
                                   lambda o: o.label(locale))
        self._skills = _names(Skill, Skill.uri, skill_uris,
                              lambda s: (s.label(locale), s.label_lang(locale)))
        self._languages = _names(Language, Language.code, language_codes,
                                 lambda lang: lang.name_en if locale == "en" else lang.name_nl)

    def format(self, name: str, value: Any) -> Markup:
        """``value`` in words, as HTML: interface words as text, data (what the employer
        typed, ESCO labels) marked as data (see ``web.i18n.as_data``)."""
        if value is None or value == "" or value == []:
            return Markup("-")
        if name in _VOCABULARY:
            return escape(choice_label(_VOCABULARY[name], value))
        if name in _BOOLEANS:
            return escape(_("Yes") if value else _("No"))
        if name in _DATES:
            return escape(format_day(date.fromisoformat(value)))
        if name == "hours_per_week":
            return escape(format_number(value))
        if name in _NUMBERS:
            return escape(str(value))
        if name == "schedule":
            return escape(", ".join(choice_label("schedule", moment) for moment in value))
        if name == "occupation":
            return as_data(self._occupations.get(value, value))
        if name == "further_occupations":
            return Markup("; ").join(as_data(self._occupations.get(uri, uri)) for uri in value)
        if name == "languages":
            required_words = (_("an advantage"), _("required"))
            return escape("; ".join(
                f"{self._languages.get(code, code)} {level} ({required_words[bool(required)]})"
                for code, level, required in value
            ))
        if name == "skills":
            required_words = (_("nice-to-have"), _("must-have"))
            return Markup("; ").join(
                Markup("%s (%s)") % (self._skill(uri), required_words[bool(required)])
                for uri, required in value
            )
        return as_data(str(value))  # title, description, postcode...: what was typed

    def _skill(self, uri: str) -> Markup:
        """A skill's name as data; English names (no Dutch in the catalogue, or an
        English page) carry ``lang="en"``; an unknown uri stands as itself."""
        label, lang = self._skills.get(uri, (uri, "en"))
        return as_data(label, lang="en" if lang == "en" else None)


def _names(model, key_column, keys, name_of) -> dict:
    if not keys:
        return {}
    rows = db.session.scalars(select(model).where(key_column.in_(keys)))
    return {getattr(row, key_column.key): name_of(row) for row in rows}


def kind_before(changes: dict[str, Sequence], kind_after: str | None) -> str | None:
    """The kind an opportunity had before a logged change (``{field: [old, new]}``) that
    left it ``kind_after``: the change's own old kind, else the same one."""
    kind = changes.get("kind")
    return kind[0] if kind and kind[0] else kind_after


def shown_changes(changes: dict[str, Sequence],
                  kind_after: str | None) -> dict[str, Sequence]:
    """One logged change as the pages may show it: the hours per week only on the side
    whose kind has them (``rules.asks_weekly_hours``; a try-out's are stored but shown
    nowhere), so "38 → -" when a job became a try-out; a change of hours that neither
    side shows is left out."""
    if "hours_per_week" not in changes:
        return changes
    old, new = changes["hours_per_week"]
    old = old if asks_weekly_hours(kind_before(changes, kind_after)) else None
    new = new if asks_weekly_hours(kind_after) else None
    return {name: ([old, new] if name == "hours_per_week" else pair)
            for name, pair in changes.items()
            if name != "hours_per_week" or old is not None or new is not None}


def shown_conflict(conflict: ConflictDescription, kind: str) -> ConflictDescription:
    """The changes of ``conflict`` as the pages may show them (``shown_changes``), read
    newest first from the ``kind`` the opportunity has now (they come oldest first, an
    event's changes side by side with its moment). Before ``take_saved_values``, so a
    try-out's hours are not put back in the form either."""
    events = [list(event) for _at, event in groupby(conflict.changes, key=attrgetter("at"))]
    shown = []
    for event in reversed(events):
        logged = {change.field: [change.old, change.new] for change in event}
        visible = shown_changes(logged, kind)
        kind = kind_before(logged, kind)
        shown[:0] = [replace(change, old=visible[change.field][0], new=visible[change.field][1])
                     for change in event if change.field in visible]
    return replace(conflict, changes=shown)


def readable_conflict(conflict: ConflictDescription) -> ConflictDescription:
    """The conflict with its old and new values in words."""
    formatter = ValueFormatter(
        [(c.field, c.old) for c in conflict.changes] + [(c.field, c.new) for c in conflict.changes]
    )
    return replace(
        conflict,
        values_marked=True,
        changes=[
            replace(c, old=formatter.format(c.field, c.old), new=formatter.format(c.field, c.new))
            for c in conflict.changes
        ],
    )


def telling_detail(opportunity, with_employer: bool = True) -> str:
    """"Scheldepoort Logistics · 2030 · sluit 18 okt. 2026": what sets an opportunity
    apart from others with the same title (three "Magazijnier" jobs). Without the
    employer on the employer's own lists."""
    parts = [opportunity.organisation.name if with_employer else "", opportunity.postcode or ""]
    if opportunity.closes_on:
        parts.append(_("closes %(date)s", date=format_day(opportunity.closes_on)))
    return " · ".join(part for part in parts if part)
