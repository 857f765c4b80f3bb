"""Every page a role can open, derived from the app's routes and the access matrix.

``pages_for(role, ...)`` turns ``tests/access_matrix.py`` ROUTES into URLs on the
demo database: each GET route whose expected answer for the role is a status code (200,
or an error page such as 403 or 404), with its URL arguments filled from real demo
objects. A new route is in the access matrix, so the crawl covers it without a change
here. A new route whose URL arguments use a new key of the matrix's context (for
example ``ctx["opportunity_id"]``) needs one lookup in ``DEMO_LOOKUPS`` below; the
crawl fails with that advice until it has one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import Flask, url_for
from sqlalchemy import select

from marketplace.demo import accounts as demo_accounts
from marketplace.extensions import db
from marketplace.mail.models import OutgoingAttachment
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Interview, Proposal
from tests.access_matrix import ROUTES

#: The browser tests' roles and the access matrix's column that speaks for each: the
#: demo user of that role belongs to the organisation the matrix calls "A".
MATRIX_COLUMN = {
    "anonymous": "anonymous",
    "admin": "admin",
    "employer": "employer_a",
    "coach": "coach_a",
    "analyst": "analyst",
}

#: The access matrix's test users and organisations, played by demo ones.
DEMO_USER_FOR = {
    "admin": "admin@werkbrug.demo",
    "employer_a": "werkgever@werkbrug.demo",
    "employer_b": "ziekenhuis@werkbrug.demo",
    "coach_a": "coach@werkbrug.demo",
    "coach_b": "coach3@werkbrug.demo",
    "analyst": "analist@werkbrug.demo",
}
DEMO_ORGANISATION_FOR = {
    "admin_body": "admin",
    "employer_a": "port",
    "employer_b": "hospital",
    "partner_a": "vdab",
    "partner_b": "atlas",
    "federation": "federation",
}

#: Example searches, so that result lists are checked as well as empty search pages.
QUERY_EXAMPLES: dict[str, list[dict[str, str]]] = {
    "taxonomy.occupations": [{"q": "heftruck"}],
    "taxonomy.skills": [{"q": "welding"}],
    "admin.users": [{"q": "coach"}],
    "admin.organisations": [{"q": "Antwerpen"}],
    # Drill-down to ESCO occupations, all sectors, and a filter with a bad value.
    "insights.demand": [{"sector": "", "group": "8344"},
                        {"period_start": "2026-02-31", "radius": "-5", "place": "2060"}],
    "insights.supply": [{"sector": "", "group": "93"}],
    # A filter the page refuses with a message (the filters' error summary).
    "opportunities.browse": [{"place": "Atlantis", "radius": "ver"}],
    # Other coaches' shared candidates: their coaches' names are shown too.
    "candidates.caseload": [{"scope": "shared"}],
    "candidates.privacy_search": [{"q": "a"}],
    # The near misses, with the unmet requirement named.
    "suggestions.for_opportunity": [{"near": "1"}],
    "suggestions.for_candidate": [{"near": "1"}],
    # The blind-trust figures over a longer period, and a period the page refuses.
    "ranking.models": [{"period_start": "2025-01"}, {"period_start": "2026-02-31"}],
}

#: A page that exists for nobody: the not-found page, in every role's frame.
NOT_FOUND_PATH = "/this-page-does-not-exist"


def demo_user(email: str):
    from marketplace.accounts.models import User

    found = db.session.scalar(select(User).where(User.email == email))
    assert found is not None, f"demo user {email} is missing"
    return found


def _users(_data: DemoData):
    return {key: demo_user(email) for key, email in DEMO_USER_FOR.items()}


def _organisations(_data: DemoData):
    from marketplace.accounts.models import Organisation

    names = {spec.key: spec.name for spec in demo_accounts.ORGANISATIONS}
    found = {}
    for key, demo_key in DEMO_ORGANISATION_FOR.items():
        found[key] = db.session.scalar(
            select(Organisation).where(Organisation.name == names[demo_key])
        )
    return found


def _message_id(_data: DemoData) -> int:
    """The newest message in the outbox; when there is none, the demo analyst asks for
    a new password, which puts a real message there (its link points at the server)."""
    from marketplace.accounts.operations import request_password_reset
    from marketplace.mail.models import OutgoingMessage

    newest = select(OutgoingMessage.id).order_by(OutgoingMessage.id.desc()).limit(1)
    if db.session.scalar(newest) is None:
        request_password_reset(DEMO_USER_FOR["analyst"], "127.0.0.1")
        db.session.commit()
    return db.session.scalar(newest)


def _opportunity(data: DemoData):
    """A published demo opportunity of the organisation the matrix calls "A"."""
    from marketplace.opportunities.models import Opportunity

    return db.session.scalar(
        select(Opportunity)
        .where(Opportunity.organisation_id == data["organisations"]["employer_a"].id,
               Opportunity.status == "published")
        .order_by(Opportunity.id)
        .limit(1)
    )


def _token_id(data: DemoData) -> int:
    """A demo API key of the organisation the matrix calls employer A."""
    from marketplace.apitokens.models import ApiToken

    return db.session.scalar(
        select(ApiToken.id)
        .where(ApiToken.organisation_id == data["organisations"]["employer_a"].id)
        .order_by(ApiToken.id)
        .limit(1)
    )


def _candidate_id(data: DemoData) -> int:
    """An active candidate of the demo coach the matrix calls coach_a, with consent.

    Of those, the one whose profile shows the most (a note, experience, skills, other
    languages, wishes, data for fairness reports, handovers), so the crawl sees every
    part of the profile pages; ties go to the oldest id.
    """
    from sqlalchemy.orm import selectinload

    from marketplace.candidates.models import Candidate

    lists = ("experiences", "skills", "languages", "wished_occupations", "wished_sectors",
             "sensitive", "handovers")
    candidates = db.session.scalars(
        select(Candidate)
        .where(Candidate.coach_id == data["users"]["coach_a"].id,
               Candidate.status == "active",
               Candidate.has_active_consent)
        .options(*(selectinload(getattr(Candidate, name)) for name in lists))
        .order_by(Candidate.id)
    ).all()
    assert candidates, "the demo coach has no active candidate with consent"

    def shown(candidate) -> int:
        parts = [getattr(candidate, name) for name in lists]
        return sum(1 for part in (*parts, candidate.coach_note, candidate.available_from) if part)

    return max(candidates, key=shown).id


def _barrier_id(data: DemoData) -> int:
    """A barrier of the candidate above (the demo loader gives most candidates some;
    one is recorded through the operations when this one has none)."""
    from marketplace.barriers import operations
    from marketplace.barriers.queries import barriers_of
    from marketplace.candidates.models import Candidate

    candidate = db.session.get(Candidate, data["candidate_id"])
    found = barriers_of(candidate)
    if found:
        return found[0].id
    barrier = operations.add_barrier(candidate, operations.BarrierData(
        kind="no_bike", status="in_progress", noted_on=operations.registered_on(candidate),
        support="Ingeschreven voor een fietscursus."), recorded_by=candidate.coach)
    db.session.commit()
    return barrier.id
def _step_id(data: DemoData) -> int:
    """A manual trajectory step of the candidate of ``_candidate_id`` (the demo gives
    everyone registered more than a few days ago an intake)."""
    from marketplace.trajectories.models import TrajectoryStep

    step_id = db.session.scalar(
        select(TrajectoryStep.id)
        .where(TrajectoryStep.candidate_id == data["candidate_id"],
               TrajectoryStep.source == "manual")
        .order_by(TrajectoryStep.id).limit(1)
    )
    assert step_id is not None, "the demo candidate has no manual trajectory step"
    return step_id


def _proposal_id(data: DemoData) -> int:
    """A demo proposal for an opportunity of the organisation the matrix calls "A"."""
    from marketplace.opportunities.models import Opportunity
    from marketplace.proposals.models import Proposal

    return db.session.scalar(
        select(Proposal.id).join(Opportunity, Opportunity.id == Proposal.opportunity_id)
        .where(Opportunity.organisation_id == data["organisations"]["employer_a"].id)
        .order_by(Proposal.id).limit(1)
    )


def _interview_proposal_id(data: DemoData) -> int:
    """A demo proposal of organisation "A" with an interview planned (the demo loader's
    invitation)."""
    found = db.session.scalar(
        select(Proposal.id).join(Opportunity, Opportunity.id == Proposal.opportunity_id)
        .join(Interview, Interview.proposal_id == Proposal.id)
        .where(Opportunity.organisation_id == data["organisations"]["employer_a"].id,
               Interview.cancelled_at.is_(None))
        .order_by(Proposal.id).limit(1)
    )
    assert found is not None, "the demo has no planned interview"
    return found


def _attachment(_data: DemoData) -> dict[str, int]:
    """The first file attached to a message in the outbox (the demo invitation's .ics)."""
    found = db.session.scalar(select(OutgoingAttachment).order_by(OutgoingAttachment.id))
    assert found is not None, "the demo outbox has no attachment"
    return {"message_id": found.message_id, "attachment_id": found.id}


def _entry_id(data: DemoData) -> int:
    """An entry of a suggestion list shown to coach A, about one of coach A's own
    candidates (the demo loader logs such lists)."""
    from marketplace.candidates.models import Candidate
    from marketplace.suggestions.models import SuggestionEntry, SuggestionList

    coach_id = data["users"]["coach_a"].id
    return db.session.scalar(
        select(SuggestionEntry.id)
        .join(SuggestionList, SuggestionList.id == SuggestionEntry.list_id)
        .join(Candidate, Candidate.id == SuggestionEntry.candidate_id)
        .where(SuggestionList.coach_id == coach_id, Candidate.coach_id == coach_id)
        .order_by(SuggestionEntry.id).limit(1)
    )


def _dismissal_id(data: DemoData) -> int:
    """An open dismissal of one of coach A's candidates (the demo loader makes one)."""
    from marketplace.candidates.models import Candidate
    from marketplace.suggestions.models import SuggestionDismissal

    return db.session.scalar(
        select(SuggestionDismissal.id)
        .join(Candidate, Candidate.id == SuggestionDismissal.candidate_id)
        .where(Candidate.coach_id == data["users"]["coach_a"].id,
               SuggestionDismissal.restored_at.is_(None))
        .order_by(SuggestionDismissal.id).limit(1)
    )


def _ranking_model_id(_data: DemoData) -> int:
    """The demo's trained ranking model (not in use, so it can be switched to)."""
    from marketplace.ranking.models import RankingModel

    return db.session.scalar(select(RankingModel.id).order_by(RankingModel.id).limit(1))


def _record_import_id(_data: DemoData) -> int:
    """A rejected records import with a problem on line 1: the demo loads no import, so
    one is made through the operations, as an admin's upload and its job would (a
    rejected file writes nothing else). Made once per server."""
    from marketplace.records.models import RecordImport
    from marketplace.records.operations import run_import, store_upload

    found = db.session.scalar(select(RecordImport.id).order_by(RecordImport.id).limit(1))
    if found is not None:
        return found
    record = store_upload("records.jsonl", b"{oops\n")
    db.session.commit()  # as the upload's hand-over to the job does
    run_import(record.id)
    db.session.commit()
    return record.id


def _tryout_id(data: DemoData) -> int:
    """A published try-out of organisation "A" with two of coach A's candidates
    enrolled. The demo's try-outs belong to the sector federation and the cleaning
    company, so one is made through the operations for the port, as its employer and
    the demo coach would. Made once per server."""
    from marketplace.candidates.models import Candidate
    from tests.factories import make_enrolment, make_tryout

    organisation = data["organisations"]["employer_a"]
    found = db.session.scalar(
        select(Opportunity.id).where(Opportunity.organisation_id == organisation.id,
                                     Opportunity.kind == "tryout",
                                     Opportunity.status == "published").limit(1))
    if found is not None:
        return found
    coach = data["users"]["coach_a"]
    tryout = make_tryout(organisation, title="Proeven van jobs: heftruck")
    for candidate in db.session.scalars(
        select(Candidate).where(Candidate.coach_id == coach.id, Candidate.status == "active",
                                Candidate.has_active_consent).order_by(Candidate.id.desc())
        .limit(2)
    ):
        make_enrolment(coach, candidate, tryout)
    db.session.commit()
    return tryout.id


def _enrolment(data: DemoData):
    """An enrolment of one of coach A's candidates (the demo loader makes them)."""
    from marketplace.candidates.models import Candidate
    from marketplace.tryouts.models import TryoutEnrolment

    found = db.session.scalar(
        select(TryoutEnrolment).join(Candidate, Candidate.id == TryoutEnrolment.candidate_id)
        .where(Candidate.coach_id == data["users"]["coach_a"].id)
        .order_by(TryoutEnrolment.id).limit(1))
    assert found is not None, "the demo has no enrolment in a try-out"
    return found


#: The access matrix's context keys, looked up in the demo database.
DEMO_LOOKUPS: dict[str, Callable[[DemoData], object]] = {
    "users": _users,
    "organisations": _organisations,
    "message_id": _message_id,
    "opportunity": _opportunity,
    "token_id": _token_id,
    "proposal_id": _proposal_id,
    "interview_proposal_id": _interview_proposal_id,
    "attachment": _attachment,
    "candidate_id": _candidate_id,
    "barrier_id": _barrier_id,
    "step_id": _step_id,
    "entry_id": _entry_id,
    "dismissal_id": _dismissal_id,
    "ranking_model_id": _ranking_model_id,
    "record_import_id": _record_import_id,
    "tryout_id": _tryout_id,
    "enrolment_id": lambda data: _enrolment(data).id,
    "enrolment_version": lambda data: _enrolment(data).version,
}


class DemoData(Mapping):
    """The access matrix's context (``ctx["users"]["employer_a"]``...) on demo data.

    Use it inside one app context: it keeps the objects it looked up.
    """

    def __init__(self, app: Flask, base_url: str):
        self.app = app
        self.base_url = base_url
        self._found: dict[str, object] = {}

    def __getitem__(self, key: str):
        if key not in self._found:
            if key not in DEMO_LOOKUPS:
                raise KeyError(
                    f"the access matrix uses ctx[{key!r}]: add a lookup of a demo object "
                    "for it to DEMO_LOOKUPS in tests/browser/pages.py"
                )
            self._found[key] = DEMO_LOOKUPS[key](self)
        return self._found[key]

    def __iter__(self):
        return iter(DEMO_LOOKUPS)

    def __len__(self) -> int:
        return len(DEMO_LOOKUPS)


@dataclass(frozen=True)
class PageToVisit:
    endpoint: str
    url: str
    status: int


def pages_for(role: str, app: Flask, base_url: str) -> list[PageToVisit]:
    """The pages ``role`` can GET: every route the matrix answers with a status code.

    Error pages (403, 404) count once per status: they share one template.
    """
    column = MATRIX_COLUMN[role]
    pages: list[PageToVisit] = []
    error_statuses: set[int] = set()
    with app.test_request_context(base_url=base_url):
        data = DemoData(app, base_url)
        for endpoint, (method, args, _data, expected) in sorted(ROUTES.items()):
            status = expected[column]
            if method != "GET" or not isinstance(status, int) or 300 <= status < 400:
                continue
            if status != 200:
                if status in error_statuses:
                    continue
                error_statuses.add(status)
            arguments = args(data) if callable(args) else dict(args)
            pages.append(PageToVisit(endpoint, url_for(endpoint, **arguments), status))
            if status == 200:
                for query in QUERY_EXAMPLES.get(endpoint, []):
                    url = url_for(endpoint, **arguments, **query)
                    pages.append(PageToVisit(endpoint, url, status))
    pages.append(PageToVisit("(none)", NOT_FOUND_PATH, 404))
    return pages
