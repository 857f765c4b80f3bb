"""Demo try-outs ("Proeven van jobs"): two sessions, made through the operations so the
audit events, seats and waiting list are as in the app.

* The sector federation's "Proeven van jobs: magazijn en logistiek" in the port (2030),
  in three weeks: warehouse work with forklift driving and order picking to taste too;
  its seats are taken by the demo coach's candidates and two more wait.
* The cleaning company's "Proeven van jobs: schoonmaak" in 2100, last week: the
  organiser marked who came.

Deterministic: the candidates are the demo coach's first consenting active ones by id.
The days are working days (``dates.py``), whatever day the demo is loaded on.
"""

from __future__ import annotations

from datetime import time

from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.demo.dates import working_day_from_today
from marketplace.demo.esco import (
    BUILDING_CLEANER,
    FORKLIFT,
    ORDER_PICKER,
    WAREHOUSE,
    WINDOW_CLEANER,
)
from marketplace.extensions import db
from marketplace.opportunities import operations as opportunity_operations
from marketplace.opportunities.operations import OpportunityData
from marketplace.taxonomy.queries import get_occupation_by_uri
from marketplace.tryouts import operations

COACH_EMAIL = "coach@werkbrug.demo"
FEDERATION_EMAIL = "analist@werkbrug.demo"
CLEANING_EMAIL = "schoonmaak@werkbrug.demo"


def _tryout(organisation, *, title, occupation, further, postcode, street, days_ahead,
            starts, ends, places, description, dutch_level):
    session_on = working_day_from_today(days_ahead)
    data = OpportunityData(
        kind="tryout", title=title, occupation=get_occupation_by_uri(occupation),
        postcode=postcode, hours_per_week=None, schedule=set(), places=places,
        dutch_level=dutch_level, description=description, closes_on=session_on,
        session_on=session_on, session_starts=starts, session_ends=ends,
        street_address=street, language_support=True,
        further_occupations=[get_occupation_by_uri(uri) for uri in further],
    )
    return opportunity_operations.create_opportunity(organisation, data, publish=True)


def load_demo_tryouts(organisations: dict[str, Organisation]) -> int:
    """Make the two try-outs with their enrolments; returns how many enrolments."""
    coach = db.session.scalar(select(User).where(User.email == COACH_EMAIL))
    organiser = db.session.scalar(select(User).where(User.email == CLEANING_EMAIL))
    candidates = db.session.scalars(
        select(Candidate).where(Candidate.coach_id == coach.id,
                                Candidate.status == CandidateStatus.ACTIVE,
                                Candidate.has_active_consent)
        .order_by(Candidate.id).limit(8)
    ).all()
    port = _tryout(
        organisations["federation"], title="Proeven van jobs: magazijn en logistiek",
        occupation=WAREHOUSE, further=(FORKLIFT, ORDER_PICKER), postcode="2030",
        street="Noorderlaan 147", days_ahead=21, starts=time(9, 0), ends=time(13, 0),
        places=4, dutch_level="A1",
        description="Een voormiddag meedraaien bij drie bedrijven in de haven: je ziet "
                    "een magazijn van binnen, je rijdt een stukje met de heftruck (met "
                    "begeleiding) en je probeert orderpicken. Veiligheidsschoenen krijg je "
                    "ter plaatse.",
    )
    cleaning = _tryout(
        organisations["cleaning"], title="Proeven van jobs: schoonmaak",
        occupation=BUILDING_CLEANER, further=(WINDOW_CLEANER,), postcode="2100",
        street="Bisschoppenhoflaan 255", days_ahead=1, starts=time(13, 30),
        ends=time(16, 30), places=3, dutch_level="A1",
        description="Een namiddag mee op ronde in een kantoorgebouw: machines, producten "
                    "en veilig werken. Je werkt samen met een ervaren ploegbaas.",
    )
    made = 0
    # The port: four seats taken, two on the waiting list.
    for candidate in candidates[:6]:
        operations.enrol_candidate(coach, candidate, port, waiting_list=True)
        made += 1
    # The cleaning try-out: three enrolled before the day, which has passed since.
    enrolled = [operations.enrol_candidate(coach, candidate, cleaning)
                for candidate in candidates[5:8]]
    made += len(enrolled)
    # Its start date is its session's day (opportunities/rules.py): it moves along.
    cleaning.session_on = cleaning.closes_on = cleaning.starts_on = working_day_from_today(-6)
    db.session.flush()
    marks = {row.id: "attended" for row in enrolled[:2]}
    marks.update({row.id: "absent" for row in enrolled[2:]})
    operations.mark_attendance(cleaning, marks, by=organiser)
    # As the nightly closing would do once its closing date passed.
    opportunity_operations.apply_transition(cleaning, "close",
                                            expected_version=cleaning.version)
    return made
