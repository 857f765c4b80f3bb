"""The try-out's own fields of the opportunity form: the session's day, start and end
time, the street address and further occupations to taste.

A mixin of ``OpportunityForm`` (``forms.py``), so the one form keeps the one rule of
``vocab.KIND_SPECIFIC_FIELDS``: for another kind these fields are ignored, and the
template wraps them in ``data-kinds`` so the script hides them.
"""

from __future__ import annotations

import re
from datetime import time

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length, ValidationError

from marketplace.opportunities.rules import tryout_closes_too_late, tryout_closing_date
from marketplace.opportunities.typed_input import parse_date
from marketplace.opportunities.vocab import MAX_FURTHER_OCCUPATIONS, OpportunityKind
from marketplace.taxonomy.fields import OccupationField
from marketplace.web.forms import SingleLine, strip_filter

_TIME = re.compile(r"^(\d{1,2})(?:[:.hu](\d{2})?)?$")

#: The names of the further-occupation inputs, in order.
FURTHER_OCCUPATION_FIELDS = tuple(
    f"further_occupation_{number}" for number in range(1, MAX_FURTHER_OCCUPATIONS + 1)
)

#: What keeps a try-out from being published, by field (see ``forms.PUBLISH_MESSAGES``).
TRYOUT_PUBLISH_MESSAGES = {
    "session_on": _l("Choose the day of the try-out, today or later, before you publish."),
    "session_starts": _l("Fill in when the try-out starts before you publish."),
    "session_ends": _l("Fill in when the try-out ends before you publish."),
    "street_address": _l("Fill in the street and number before you publish."),
}


def parse_time(text: str | None) -> time | None:
    """``"09:30"`` (what a time input sends), ``"9.30"``, ``"9u30"`` or ``"14u"``;
    None when empty; ``ValueError`` otherwise.

    >>> parse_time("9u30"), parse_time("14u"), parse_time("")
    (datetime.time(9, 30), datetime.time(14, 0), None)
    """
    text = (text or "").strip().lower()
    if not text:
        return None
    found = _TIME.match(text)
    if not found:
        raise ValueError(text)
    return time(int(found.group(1)), int(found.group(2) or 0))  # ValueError for 25:00


def _further_occupation(number: int) -> OccupationField:
    return OccupationField(
        _l("Other occupation to try %(number)d", number=number),
        description=_l("Optional. Only for try-outs."),
    )


class TryoutFields:
    """The fields and checks only a try-out has. ``self.parsed`` and ``applies`` come
    from ``OpportunityForm``."""

    session_on = StringField(
        _l("Day of the try-out"),
        filters=[strip_filter],
        description=_l("Only for try-outs. Needed to publish."),
        render_kw={"type": "date"},
    )
    session_starts = StringField(
        _l("Start time"), filters=[strip_filter], description=_l("For example 09:00."),
        render_kw={"type": "time"},
    )
    session_ends = StringField(
        _l("End time"), filters=[strip_filter], description=_l("For example 12:30."),
        render_kw={"type": "time"},
    )
    street_address = StringField(
        _l("Street and number"),
        validators=[SingleLine(), Length(max=200, message=_l("Use at most 200 characters."))],
        filters=[strip_filter],
        description=_l("Where the try-out takes place. Only for try-outs."),
    )
    further_occupation_1 = _further_occupation(1)
    further_occupation_2 = _further_occupation(2)
    further_occupation_3 = _further_occupation(3)

    def describe_for_tryouts_only(self) -> None:
        """Hints for an organisation that offers nothing but try-outs (a sector
        federation): "Only for try-outs" says nothing there, and coaches enrol people
        in a try-out rather than propose them."""
        self.session_on.description = _l("Needed to publish.")
        self.street_address.description = _l("Where the try-out takes place.")
        for number in (1, 2, 3):
            self[f"further_occupation_{number}"].description = _l("Optional.")
        self.closes_on.description = _l(
            "Until when coaches can enrol someone. Needed to publish.")

    def validate_session_on(self, field):
        if not self.applies("session_on"):
            return
        try:
            self.parsed["session_on"] = parse_date(field.data)
        except ValueError:
            raise ValidationError(_l("Write a date like 31/12/2026.")) from None

    def validate_session_starts(self, field):
        self._time(field)

    def validate_session_ends(self, field):
        ends = self._time(field)
        starts = self.parsed.get("session_starts")
        if ends is not None and starts is not None and ends <= starts:
            raise ValidationError(_l("The end time must be later than the start time."))

    def _time(self, field) -> time | None:
        if not self.applies(field.name):
            return None
        try:
            value = parse_time(field.data)
        except ValueError:
            raise ValidationError(_l("Write a time like 09:30.")) from None
        self.parsed[field.name] = value
        return value

    def check_tryout_closing(self) -> None:
        """A try-out takes enrolments until its day at the latest: a closing date after
        it is refused at the field; an empty one becomes the day itself."""
        if self.kind.data != OpportunityKind.TRYOUT:
            return
        session_on, closes_on = self.parsed.get("session_on"), self.parsed.get("closes_on")
        kind = self.kind.data
        if tryout_closes_too_late(kind, session_on, closes_on) and not self.closes_on.errors:
            self.closes_on.errors = [
                *self.closes_on.errors,
                _l("Enrolments close on the day of the try-out at the latest."),
            ]
        if not self.closes_on.errors:
            self.parsed["closes_on"] = tryout_closing_date(kind, session_on, closes_on)

    def tryout_data(self) -> dict:
        """The try-out's values for ``OpportunityData`` (empty for other kinds)."""
        if self.kind.data != OpportunityKind.TRYOUT:
            return {}
        return {
            "session_on": self.parsed.get("session_on"),
            "session_starts": self.parsed.get("session_starts"),
            "session_ends": self.parsed.get("session_ends"),
            "street_address": self.street_address.data or None,
            "further_occupations": [self[name].data for name in FURTHER_OCCUPATION_FIELDS
                                    if self[name].data is not None],
        }


def tryout_form_data(opportunity) -> dict:
    """A try-out's values as the form shows them, to open it for editing."""
    data = {
        "session_on": opportunity.session_on.isoformat() if opportunity.session_on else "",
        "session_starts": opportunity.session_starts.strftime("%H:%M")
        if opportunity.session_starts else "",
        "session_ends": opportunity.session_ends.strftime("%H:%M")
        if opportunity.session_ends else "",
        "street_address": opportunity.street_address or "",
    }
    further = list(opportunity.further_occupations)
    for number, name in enumerate(FURTHER_OCCUPATION_FIELDS):
        data[name] = further[number] if number < len(further) else None
    return data
