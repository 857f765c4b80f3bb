"""The filters of the browse page (and the ones the insights pages share with it)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    StringField,
)
from wtforms.validators import ValidationError

from marketplace.opportunities.browse_queries import BrowseFilters
from marketplace.opportunities.queries import (
    isco_group_exists,
    postcodes_around,
    postcodes_for_place,
)
from marketplace.opportunities.typed_input import parse_number, schedule_fields
from marketplace.opportunities.vocab import (
    SCHEDULE_COLUMNS,
    OpportunityKind,
    OpportunityStatus,
    is_member,
)
from marketplace.taxonomy.levels import Cefr
from marketplace.web.forms import SelectField, strip_filter
from marketplace.web.labels import choices


class BrowseForm(FlaskForm):
    """The filters of the browse page (a GET form: no CSRF token, nothing changes).

    A filter with a bad value gets a message and is left out; the others still work.
    """

    class Meta:
        csrf = False

    q = StringField(_l("Search in title and description"), filters=[strip_filter])
    kind = SelectField(_l("Kind"), choices=[], validate_choice=False)
    occupation = StringField(
        _l("Occupation or ISCO code"),
        filters=[strip_filter],
        description=_l("A word of the occupation, or an ISCO group of 1 to 4 digits."),
    )
    sector = SelectField(_l("Sector of the organisation"), choices=[], validate_choice=False)
    place = StringField(
        _l("Postcode or municipality"),
        filters=[strip_filter],
        description=_l("For example 2060 or Deurne."),
    )
    radius = StringField(
        _l("Distance in km"),
        filters=[strip_filter],
        description=_l("Also places up to this distance, as the crow flies."),
        render_kw={"inputmode": "decimal"},
    )
    dutch_level = SelectField(
        _l("Dutch level of the candidate"),
        choices=[],
        validate_choice=False,
        description=_l("Shows places this level can do, also with language support."),
    )
    support_only = BooleanField(_l("Only places with language support"))
    # Either hours filter leaves every try-out in (browse_queries._hours_fit); the hint says it
    # once, at "at most", the one people use to fit work around their Dutch lessons.
    hours_min = StringField(_l("At least hours per week"), filters=[strip_filter],
                            render_kw={"inputmode": "decimal"})
    hours_max = StringField(
        _l("At most hours per week"),
        filters=[strip_filter],
        description=_l("Try-outs always stay in the list: a try-out is one session, "
                       "not work every week."),
        render_kw={"inputmode": "decimal"},
    )
    works_day, works_evening, works_night, works_weekend, works_shifts = schedule_fields()
    status = SelectField(_l("Status"), choices=[], validate_choice=False)

    def __init__(self, *args, sectors=(), with_status=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _l("All kinds")), *choices("opportunity_kind")]
        self.sector.choices = [("", _l("All sectors")), *sectors]
        self.dutch_level.choices = [("", _l("Any level")), *choices("cefr")]
        self.status.choices = [("", _l("Published")), ("all", _l("All statuses")),
                               *((value, label) for value, label in choices("opportunity_status")
                                 if value != OpportunityStatus.PUBLISHED)]
        if not with_status:
            del self.status
        self.place_postcodes: list[str] = []
        self._sector_codes = {code for code, _label in sectors}

    def validate_kind(self, field):
        if field.data and not is_member(field.data, OpportunityKind):
            raise ValidationError(_l("Choose a kind from the list."))

    def validate_sector(self, field):
        if field.data and field.data not in self._sector_codes:
            raise ValidationError(_l("Choose a sector from the list."))

    def validate_dutch_level(self, field):
        if field.data and not is_member(field.data, Cefr):
            raise ValidationError(_l("Choose a level from the list."))

    def validate_status(self, field):
        if field.data and field.data != "all" and not is_member(field.data, OpportunityStatus):
            raise ValidationError(_l("Choose a status from the list."))

    def validate_occupation(self, field):
        known = field.data and len(field.data) <= 4 and isco_group_exists(field.data)
        if field.data and field.data.isdigit() and not known:
            raise ValidationError(_l("We do not know this ISCO group. Use 1 to 4 digits."))

    def validate_place(self, field):
        self.place_postcodes = postcodes_for_place(field.data) if field.data else []
        if field.data and not self.place_postcodes:
            raise ValidationError(_l("We do not know this postcode or municipality."))

    def validate_radius(self, field):
        message = _l("Fill in a distance of 0 to 200 km.")
        try:
            radius = parse_number(field.data)
        except ValueError:
            raise ValidationError(message) from None
        if radius is not None and radius > 200:
            raise ValidationError(message)
        if radius is not None and not self.place.data:
            raise ValidationError(_l("Fill in a postcode or municipality to search around."))

    def validate_hours_min(self, field):
        self._hours(field)

    def validate_hours_max(self, field):
        self._hours(field)
        low, high = parse_number_or_none(self.hours_min.data), parse_number_or_none(field.data)
        if low is not None and high is not None and high < low:
            raise ValidationError(_l("The most hours cannot be fewer than the least hours."))

    @staticmethod
    def _hours(field) -> None:
        try:
            parse_number(field.data)
        except ValueError:
            raise ValidationError(
                _l("Fill in a number of hours, for example 20.")
            ) from None

    def _valid(self, name: str):
        """The field's value when it has no error, else None (the filter is left out)."""
        field = getattr(self, name, None)
        if field is None or field.errors:
            return None
        return field.data or None

    def filters(self) -> BrowseFilters:
        """The filters with a good value, for ``browse_queries.browse_opportunities``. Call
        after ``validate``."""
        occupation = self._valid("occupation")
        postcodes = None
        if self._valid("place"):
            radius = parse_number_or_none(self._valid("radius"))
            postcodes = postcodes_around(self.place_postcodes, radius)
        return BrowseFilters(
            q=self._valid("q"),
            kind=self._valid("kind"),
            occupation_text=occupation if occupation and not occupation.isdigit() else None,
            isco_prefix=occupation if occupation and occupation.isdigit() else None,
            sector=self._valid("sector"),
            postcodes=postcodes,
            dutch_level=self._valid("dutch_level"),
            support_only=bool(self.support_only.data),
            hours_min=parse_number_or_none(self._valid("hours_min")),
            hours_max=parse_number_or_none(self._valid("hours_max")),
            schedule=[moment for moment, column in SCHEDULE_COLUMNS.items()
                      if self[column].data],
            status=self._valid("status"),
        )


def parse_number_or_none(text: str | None) -> float | None:
    try:
        return parse_number(text)
    except ValueError:
        return None
