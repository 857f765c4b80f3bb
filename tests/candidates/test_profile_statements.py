"""What a candidate's profile asks the database: the same statements however much the
person has (no lazy load per list, no entity per proposal, barrier, step or try-out),
for their own coach and for a coach the profile is shared with."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.candidates.models import Candidate
from marketplace.extensions import db
from tests import factories
from tests.candidates.conftest import text
from tests.candidates.test_edit_flow_statements import statements
from tests.factories import FORKLIFT, WAREHOUSE

#: How the lazy loads of the profile's lists began.
LAZY_LOADS = ("SELECT candidate_language.", "SELECT candidate_experience.",
              "SELECT candidate_skill.", "SELECT candidate_wished_occupation.",
              "SELECT candidate_wished_sector.", "SELECT candidate_sensitive.")
#: Columns the page never shows, which only a load of whole entities reads, and the
#: lazy loads of the sharing coach and organisation.
UNSHOWN = ("FROM user_account WHERE user_account.id =",
           "FROM organisation WHERE organisation.id =",
           "candidate_barrier.recorded_by_id", "proposal.motivation",
           "trajectory_decision.recorded_by_id", "trajectory_step.recorded_by_id",
           "tryout_enrolment.enrolled_by_id", "opportunity.description", "organisation.ref")


def _full_candidate(app, users, organisations):
    coach = users["coach_a"]
    with app.test_request_context():
        candidate = factories.make_candidate(
            coach, pseudonym="Filmon", shared=True, wishes=[FORKLIFT, WAREHOUSE],
            experience=[WAREHOUSE], languages={"ar": "C2", "en": "B1"},
            wished_sectors=frozenset({"H"}), gender="man", birth_year=1990)
        factories.make_barrier(candidate, support="Kinderopvang geregeld",
                               referral=organisations["partner_a"])
        factories.make_decision(candidate, coach, partner=organisations["partner_a"])
        factories.make_step(candidate, coach)
        tryout = factories.make_tryout(organisations["employer_a"])
        factories.make_enrolment(coach, candidate, tryout)
        factories.make_proposal(coach, candidate,
                                factories.make_opportunity(organisations["employer_a"]))
        factories.make_candidate(coach, pseudonym="Bare", shared=True, commit=True)
    return candidate


def _read(client, candidate_id) -> tuple[str, list[str]]:
    client.get(f"/candidates/{candidate_id}")  # the first one warms the caches
    with statements() as seen:
        page = text(client.get(f"/candidates/{candidate_id}"))
    return page, seen


def test_the_profile_reads_as_many_statements_however_much_the_person_has(
        app, client, app_ctx, login_as, users, organisations):
    full = _full_candidate(app, users, organisations)
    bare = db.session.scalar(select(Candidate.id).where(Candidate.pseudonym == "Bare"))
    for reader in ("coach_a", "coach_b"):
        login_as(reader)
        page, full_seen = _read(client, full.id)
        assert "Filmon" in page and "Kinderopvang geregeld" in page
        _bare_page, bare_seen = _read(client, bare)
        assert len(full_seen) == len(bare_seen)
        assert not [s for s in full_seen if s.startswith(LAZY_LOADS)
                    or any(column in s for column in UNSHOWN)]
        client.post("/logout")
