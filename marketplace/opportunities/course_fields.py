"""The fields of the opportunity form that only a training course has: its length in
weeks and a short note of when the lessons are (the start date, places, Dutch level,
hours and day parts are the form's own fields, shared with every kind).

Kept apart from ``forms.py`` so that the form stays readable; ``OpportunityForm``
assigns :func:`course_fields` in its class body (so the fields keep their place in
the form's order) and takes its checks from :class:`CourseChecks`.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length, ValidationError

from marketplace.opportunities.typed_input import parse_whole_number
from marketplace.opportunities.vocab import MAX_COURSE_WEEKS, MAX_SCHEDULE_NOTE
from marketplace.web.forms import SingleLine, strip_filter


def course_fields() -> tuple[StringField, StringField]:
    """``duration_weeks, schedule_note = course_fields()`` in a form's class body."""
    duration_weeks = StringField(
        _l("Length of the course in weeks"),
        filters=[strip_filter],
        description=_l("Only for training courses."),
        render_kw={"inputmode": "numeric"},
    )
    schedule_note = StringField(
        _l("When the lessons are"),
        validators=[
            SingleLine(),
            Length(max=MAX_SCHEDULE_NOTE,
                   message=_l("Use at most %(max)d characters.", max=MAX_SCHEDULE_NOTE)),
        ],
        filters=[strip_filter],
        description=_l("Only for training courses. For example: Monday to Thursday, "
                       "8.30 to 16.00. Optional."),
    )
    return duration_weeks, schedule_note


class CourseChecks:
    """The checks of :func:`course_fields`, for a form that has ``applies`` (whether a
    field belongs to the kind chosen) and ``parsed`` (the converted values)."""

    def validate_duration_weeks(self, field):
        if not self.applies("duration_weeks"):
            self.parsed["duration_weeks"] = None
            return
        message = _l("Fill in a number of weeks between 1 and %(max)d.", max=MAX_COURSE_WEEKS)
        try:
            weeks = parse_whole_number(field.data)
        except ValueError:
            raise ValidationError(message) from None
        if weeks is not None and not 1 <= weeks <= MAX_COURSE_WEEKS:
            raise ValidationError(message)
        self.parsed["duration_weeks"] = weeks

    def course_data(self) -> dict:
        """The course's own values for ``OpportunityData`` (None for other kinds)."""
        return {
            "duration_weeks": self.parsed.get("duration_weeks"),
            "schedule_note": (self.schedule_note.data or None)
            if self.applies("schedule_note") else None,
        }
