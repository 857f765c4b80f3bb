"""A try-out's working time and start date are its session's, by the one rule of
``opportunities/rules.py``: the records import stores what the site's form
(``test_tryout_form.py``) and the API (``tests/api/test_tryout_timing.py``) store,
accepts those fields without needing them and ignores them for a try-out."""

from __future__ import annotations

import doctest
from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.opportunities import rules
from marketplace.opportunities.models import Opportunity
from marketplace.records.importer import RecordsRejected
from tests.records.test_import import RECORDS
from tests.tryouts.test_tryout_form import weekday_in
from tests.tryouts.test_tryout_hours import TRYOUT_RECORD, _import

MONDAY, SATURDAY = date(2030, 1, 7), date(2030, 1, 5)


def test_the_examples_of_the_session_rules_hold():
    assert doctest.testmod(rules).failed == 0


@pytest.mark.parametrize(("day", "starts", "ends", "moments"), [
    (MONDAY, time(6), time(18), {"day"}),
    (MONDAY, time(17, 59), time(18, 1), {"day", "evening"}),
    (MONDAY, time(18), time(22), {"evening"}),
    (MONDAY, time(21), time(23), {"evening", "night"}),
    (MONDAY, time(5), time(7), {"night", "day"}),
    (SATURDAY, time(19), time(21), {"weekend"}),
    (None, time(19), time(21), {"evening"}),
    (MONDAY, time(9), None, {"day"}),
])
def test_a_sessions_working_time_is_the_day_parts_it_overlaps(day, starts, ends, moments):
    assert rules.session_working_time(day, starts, ends) == moments


def test_only_a_tryout_takes_its_working_time_and_start_from_its_session():
    assert rules.working_time_to_store("tryout", {"night"}, MONDAY, time(9), time(12)) \
        == {"day"}
    assert rules.working_time_to_store("job", {"night"}, MONDAY, None, None) == {"night"}
    assert rules.start_date_to_store("tryout", date(2030, 1, 1), None) is None
    assert rules.start_date_to_store("training", date(2030, 1, 1), MONDAY) == date(2030, 1, 1)


# --- the records import -------------------------------------------------------------


def _stored(ref: str) -> Opportunity:
    return db.session.scalars(select(Opportunity).where(Opportunity.ref == ref)).one()


def test_the_records_give_a_tryout_its_sessions_working_time_and_start(app_ctx):
    day = weekday_in(20)
    _import({**TRYOUT_RECORD, "session_on": day.isoformat(), "session_starts": "16:00",
             "session_ends": "19:00", "schedule": ["night"], "starts_on": "2030-01-01",
             "closes_on": (day - timedelta(days=1)).isoformat()})
    tryout = _stored("proef-uren")
    assert (set(tryout.schedule), tryout.starts_on) == ({"day", "evening"}, day)
    # a later record without the times keeps the stored ones, and so the working time
    _import({**TRYOUT_RECORD, "title": "Proeven van jobs: de haven"})
    db.session.refresh(tryout)
    assert (set(tryout.schedule), tryout.starts_on) == ({"day", "evening"}, day)


def test_the_records_still_refuse_a_job_closing_before_it_starts(app_ctx):
    with pytest.raises(RecordsRejected) as rejected:
        _import({**RECORDS[3], "ref": "job-late", "starts_on": "2030-02-01",
                 "closes_on": "2030-01-01"})
    assert "closes_on is before starts_on" in str(rejected.value.problems[0])
