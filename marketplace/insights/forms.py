"""The dashboards' filters: period, sector, region, kind and occupation group.

A GET form (nothing changes, so no CSRF token). A filter with a bad value gets a
message next to its field and is left out; the page answers with the other filters.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import ValidationError

from marketplace.insights.queries import InsightFilters
from marketplace.opportunities.browse_forms import BrowseForm, parse_number_or_none
from marketplace.opportunities.queries import isco_group_exists, postcodes_around
from marketplace.web.forms import strip_filter
from marketplace.web.labels import choices

MAX_PERIOD_DAYS = 5 * 366
FIRST_YEAR, LAST_YEAR = 2000, 2100
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class BadDate(ValueError):
    """Text that is no month or day we can use; ``message`` says why."""

    def __init__(self, message):
        super().__init__(message)  # lazy: translated when shown
        self.message = message


def parse_period_bound(text: str | None, end: bool) -> date | None:
    """``"2026-03"`` (a month) or ``"2026-03-15"`` (a day) as a day: a month is its
    first day as a start and its last day as an end. None for empty text; ``BadDate``
    with a message for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    day_match, month_match = _DAY.fullmatch(text), _MONTH.fullmatch(text)
    if not (day_match or month_match):
        raise BadDate(_l("Fill in a month as 2026-03 or a day as 2026-03-15."))
    year, month = int((day_match or month_match)[1]), int((day_match or month_match)[2])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadDate(
            _l("Choose a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR)
        )
    try:
        if day_match:
            return date(year, month, int(day_match[3]))
        first = date(year, month, 1)
    except ValueError:
        raise BadDate(_l("This date does not exist. Check the day and the month.")) from None
    return last_day_of_month(first) if end else first


def last_day_of_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def default_period(today: date) -> tuple[date, date]:
    """The last twelve months: from the first day of the month eleven months ago to
    today."""
    year, month = divmod(today.year * 12 + today.month - 1 - 11, 12)
    return date(year, month + 1, 1), today


class PeriodForm(FlaskForm):
    """A period of months or days (both included), with the last twelve months as the
    default: the part every report's filters share."""

    class Meta:
        csrf = False

    period_start = StringField(
        _l("Period from"),
        filters=[strip_filter],
        description=_l("A month (2026-01) or a day (2026-01-15). Empty: twelve months ago."),
    )
    period_end = StringField(
        _l("Period until"),
        filters=[strip_filter],
        description=_l("A month or a day, included. Empty: today."),
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self._today = today
        self._bounds: dict[str, date | None] = {}

    def _bound(self, field, end: bool) -> None:
        try:
            self._bounds[field.name] = parse_period_bound(field.data, end=end)
        except BadDate as error:
            raise ValidationError(error.message) from None

    def validate_period_start(self, field):
        self._bound(field, end=False)

    def validate_period_end(self, field):
        self._bound(field, end=True)
        start, end = self._resolved_period()
        if start is None:
            return
        if end < start:
            message = _l("The period cannot end before it starts.")
            if field.data:
                raise ValidationError(message)
            self.period_start.errors.append(message)
        elif (end - start).days > MAX_PERIOD_DAYS:
            raise ValidationError(_l("Choose a period of at most 5 years."))

    def _resolved_period(self) -> tuple[date | None, date]:
        """Start and end with the defaults filled in; start None when it was bad."""
        first, last = default_period(self._today)
        if self.period_start.errors:
            return None, last
        start = self._bounds.get("period_start") or first
        end = self._bounds.get("period_end") or last
        return start, end

    def period(self) -> tuple[date, date]:
        """The period with a good value (the default period for a bad one). Call after
        ``validate``."""
        first, last = default_period(self._today)
        start = first if self.period_start.errors else self._bounds.get("period_start") or first
        end = last if self.period_end.errors else self._bounds.get("period_end") or last
        if end < start or (end - start).days > MAX_PERIOD_DAYS:
            start, end = first, last
        return start, end


class InsightFilterForm(PeriodForm):
    """The filters above every dashboard."""

    # The same sector, place, distance and kind filters as the browse page of
    # opportunities: its fields and checks, shared (the names of the attributes they
    # use, ``place_postcodes`` and ``_sector_codes``, are the same here).
    sector = BrowseForm.sector
    place = BrowseForm.place
    radius = BrowseForm.radius
    kind = BrowseForm.kind
    group = StringField(
        _l("Occupation group (ISCO)"),
        filters=[strip_filter],
        description=_l("1 to 4 digits, for example 83. Empty: all groups."),
        render_kw={"inputmode": "numeric"},
    )

    def __init__(self, *args, sectors=(), today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.sector.choices = [("", _l("All sectors")), *sectors]
        self.kind.choices = [("", _l("All kinds")), *choices("opportunity_kind")]
        self._sector_codes = {code for code, _label in sectors}
        self.place_postcodes: list[str] = []

    def validate_group(self, field):
        known = field.data and field.data.isdigit() and len(field.data) <= 4
        if field.data and not (known and isco_group_exists(field.data)):
            raise ValidationError(_l("We do not know this ISCO group. Use 1 to 4 digits."))

    validate_sector = BrowseForm.validate_sector
    validate_kind = BrowseForm.validate_kind
    validate_place = BrowseForm.validate_place
    validate_radius = BrowseForm.validate_radius

    def value_if_valid(self, name: str):
        """The field's value when it has no error, else None (the filter is left out)."""
        field = getattr(self, name)
        return None if field.errors else (field.data or None)

    def filters(self) -> InsightFilters:
        """The filters with a good value (the default period for a bad one). Call
        after ``validate``."""
        start, end = self.period()
        postcodes = None
        if self.value_if_valid("place"):
            radius = parse_number_or_none(self.value_if_valid("radius"))
            postcodes = tuple(postcodes_around(self.place_postcodes, radius))
        return InsightFilters(
            start=start,
            end=end,
            sector=self.value_if_valid("sector"),
            postcodes=postcodes,
            kind=self.value_if_valid("kind"),
            group=self.value_if_valid("group") or "",
        )
