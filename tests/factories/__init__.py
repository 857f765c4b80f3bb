"""One way to make test data: organisations, users, candidates (and their barriers),
opportunities, proposals, trajectories, try-outs and their enrolments, API tokens.

Each factory takes keyword arguments whose defaults are what most tests want, and
returns the model flushed; ``commit=True`` commits it too (the test's transaction is
still rolled back afterwards), for tests whose requests, caches or other sessions must
see it as the app would. Candidates, opportunities and proposals are made through the
domain's operations, so the rules, audit events and data-version stamps apply as in
the app; organisations and users are rows of their own (as the test users are), and so
are what the operations no longer make or never write: a proposal for a try-out as
older databases hold them (``make_tryout_proposal``) and a try-out's day gone by
(``pass_tryout_day``).
Taxonomy rows are named by their ESCO URI (the constants of ``common.py``).

Import the factories from here (``from tests.factories import make_candidate``); the
modules hold them by domain: ``accounts`` (organisations, users, API tokens),
``candidates`` (with barriers), ``opportunities`` (jobs, courses, try-outs),
``proposals`` (with interviews and enrolments), ``trajectories``, and ``common`` (the
ESCO constants, the taxonomy rows by URI and how a factory saves).
"""

from tests.factories.accounts import (
    make_api_token,
    make_organisation,
    make_user,
)
from tests.factories.candidates import (
    candidate_profile,
    change_candidate,
    make_barrier,
    make_candidate,
    make_registered_candidate,
)
from tests.factories.common import (
    AGREED_ON,
    BUILDING_CLEANER,
    CARE_ASSISTANT,
    CONSENT_GIVEN_ON,
    FORKLIFT,
    KITCHEN_ASSISTANT,
    LIFTING,
    LOADING,
    MOTIVATION,
    TEAMWORK,
    TEST_PASSWORD,
    TRUCK_DRIVER,
    WAREHOUSE,
    occupation,
    occupation_id,
    skill,
)
from tests.factories.opportunities import (
    course_data,
    make_course,
    make_dated_opportunity,
    make_opportunity,
    make_tryout,
    opportunity_data,
    pass_tryout_day,
    tryout_data,
)
from tests.factories.proposals import (
    hire,
    interview_details,
    make_enrolment,
    make_interview,
    make_proposal,
    make_tryout_proposal,
)
from tests.factories.trajectories import (
    make_decision,
    make_step,
)

__all__ = [
    "AGREED_ON",
    "BUILDING_CLEANER",
    "CARE_ASSISTANT",
    "CONSENT_GIVEN_ON",
    "FORKLIFT",
    "KITCHEN_ASSISTANT",
    "LIFTING",
    "LOADING",
    "MOTIVATION",
    "TEAMWORK",
    "TEST_PASSWORD",
    "TRUCK_DRIVER",
    "WAREHOUSE",
    "candidate_profile",
    "change_candidate",
    "course_data",
    "hire",
    "interview_details",
    "make_api_token",
    "make_barrier",
    "make_candidate",
    "make_course",
    "make_dated_opportunity",
    "make_decision",
    "make_enrolment",
    "make_interview",
    "make_opportunity",
    "make_organisation",
    "make_proposal",
    "make_registered_candidate",
    "make_step",
    "make_tryout",
    "make_tryout_proposal",
    "make_user",
    "occupation",
    "occupation_id",
    "opportunity_data",
    "pass_tryout_day",
    "skill",
    "tryout_data",
]
