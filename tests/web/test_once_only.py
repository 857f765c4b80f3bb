"""Create forms make their record once (``web/once_only.py``): the same form sent twice
(a double click without JavaScript, a reload after a slow answer) makes one record and
the second send is sent to it; another person's copy of the token never leads to the
first person's record; a form shown again with its errors keeps its token.

Each wired form is a ``Case``: who sends it, the page that shows it, where it posts,
valid (and, where the form has any, invalid) data, and the rows it makes. The
simultaneous sends, on a committed database, are in ``test_once_only_race.py``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Organisation
from marketplace.apitokens.models import ApiToken
from marketplace.candidates.models import Candidate
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.records.models import RecordImport
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.web import once_only
from marketplace.web.models import FormSubmission
from marketplace.web.once_only import KEPT_FOR, prune_submissions
from tests.candidates.conftest import valid_form
from tests.conftest import login
from tests.factories import TEST_PASSWORD, make_opportunity, make_registered_candidate, make_user
from tests.opportunities.conftest import form_data

NOTICE = "Je had dit formulier al verstuurd, dus er is niets nieuws gemaakt."
TOKEN = re.compile(r'name="submission_token" type="hidden" value="([A-Za-z0-9_-]{32})"')


def token_in(page: str) -> str:
    [token] = TOKEN.findall(page)
    return token


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@dataclass
class Sender:
    """One person sending the form: a logged-in client and their own objects."""

    client: object
    user: object
    candidate: Candidate | None = None
    opportunity: Opportunity | None = None


@dataclass
class Case:
    name: str
    made: type  #: the model of the rows the form makes
    page: Callable[[Sender], str]  #: the page that shows the form
    target: Callable[[Sender], str]  #: where it posts
    data: Callable[[], dict]
    invalid: dict | None = None  #: overrides that fail validation (None: no such field)
    multipart: bool = False


def _candidate_url(sender: Sender, tail: str) -> str:
    return f"/candidates/{sender.candidate.id}/{tail}"


def _day(days_ago: int) -> str:
    return (local_today() - timedelta(days=days_ago)).isoformat()


def _a_partner() -> int:
    return db.session.scalar(
        select(Organisation.id)
        .where(Organisation.kind == "partner")
        .order_by(Organisation.id)
        .limit(1)
    )


def _records_file() -> dict:
    line = (
        b'{"type": "organisation", "ref": "org-once", "name": "Eenmalig BV", "kind": "employer"}\n'
    )
    return {"records_file": (io.BytesIO(line), "records.jsonl")}


CASES = [
    Case(
        "opportunity",
        Opportunity,
        lambda s: "/opportunities/new?kind=job",
        lambda s: "/opportunities/new",
        form_data,
        invalid={"hours_per_week": "99"},
    ),
    Case(
        "try-out",
        Opportunity,
        lambda s: "/opportunities/new?kind=tryout",
        lambda s: "/opportunities/new",
        lambda: form_data(
            kind="tryout",
            title="Proefsessie magazijn",
            hours_per_week=None,
            contract_type=None,
            starts_on=None,
            works_day=None,
        ),
        invalid={"title": ""},
    ),
    Case(
        "copy of an opportunity",
        Opportunity,
        lambda s: f"/opportunities/{s.opportunity.id}",
        lambda s: f"/opportunities/{s.opportunity.id}/duplicate",
        dict,
    ),
    Case(
        "candidate",
        Candidate,
        lambda s: "/candidates/new",
        lambda s: "/candidates/new",
        valid_form,
        invalid={"pseudonym": ""},
    ),
    Case(
        "trajectory step",
        TrajectoryStep,
        lambda s: _candidate_url(s, "trajectory/steps/new"),
        lambda s: _candidate_url(s, "trajectory/steps/new"),
        lambda: {"kind": "volunteering", "started_on": _day(30), "note": "Twee dagen."},
        invalid={"started_on": ""},
    ),
    Case(
        "trajectory decision",
        TrajectoryDecision,
        lambda s: _candidate_url(s, "trajectory/decision"),
        lambda s: _candidate_url(s, "trajectory/decision"),
        lambda: {
            "trajectory": "linear",
            "decided_on": _day(100),
            "note": "Eerst les.",
            "partner": str(_a_partner()),
        },
        invalid={"decided_on": ""},
    ),
    Case(
        "API key",
        ApiToken,
        lambda s: f"/api-keys/new?organisation={s.user.organisation_id}",
        lambda s: f"/api-keys/new?organisation={s.user.organisation_id}",
        lambda: {
            "name": "ATS",
            "scopes": ["opportunities:read"],
            "expires_on": (local_today() + timedelta(days=30)).isoformat(),
        },
        invalid={"name": ""},
    ),
    Case(
        "records import",
        RecordImport,
        lambda s: "/admin/imports/",
        lambda s: "/admin/imports/",
        _records_file,
        invalid={"records_file": ""},
        multipart=True,
    ),
]

#: Who sends each form, and the other person (another organisation where there is one).
SENDERS = {
    "opportunity": ("employer_a", "employer_b"),
    "try-out": ("employer_a", "employer_b"),
    "copy of an opportunity": ("employer_a", "employer_b"),
    "candidate": ("coach_a", "coach_b"),
    "trajectory step": ("coach_a", "coach_b"),
    "trajectory decision": ("coach_a", "coach_b"),
    "API key": ("admin", None),
    "records import": ("admin", None),
}


@pytest.fixture
def sender(app, app_ctx, users, organisations):
    """``sender(key)``: a new client logged in as that test user (None: a second admin),
    with a candidate and an opportunity of their own."""

    def make(key: str | None) -> Sender:
        client = app.test_client()
        if key is None:
            user = make_user(
                organisations["admin_body"],
                role="admin",
                email="second.admin@test.example",
                commit=True,
            )
            assert login(client, user.email, TEST_PASSWORD).status_code == 302
        else:
            user = users[key]
            assert login(client, key).status_code == 302
        found = Sender(client, user)
        if user.role == "coach":
            with app.test_request_context():
                found.candidate = make_registered_candidate(
                    user, registered_on=local_today() - timedelta(days=200), commit=True
                )
        elif user.role == "employer":
            found.opportunity = make_opportunity(user.organisation, commit=True)
        return found

    return make


def send(case: Case, who: Sender, token: str, **overrides):
    data = {**case.data(), "submission_token": token, **overrides}
    kwargs = {"content_type": "multipart/form-data"} if case.multipart else {}
    return who.client.post(case.target(who), data=data, **kwargs)


def shown_token(case: Case, who: Sender) -> str:
    return token_in(who.client.get(case.page(who)).get_data(as_text=True))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_same_form_sent_twice_makes_one_record_and_leads_to_it(case, sender):
    who = sender(SENDERS[case.name][0])
    token = shown_token(case, who)
    before = count(case.made)

    first = send(case, who, token)
    assert first.status_code in (200, 302), first.get_data(as_text=True)[:2000]
    assert count(case.made) == before + 1
    [remembered] = db.session.scalars(
        select(FormSubmission).where(FormSubmission.token == token)
    ).all()
    assert remembered.user_id == who.user.id

    again = send(case, who, token)
    assert again.status_code == 303
    assert again.headers["Location"] == remembered.result_url
    assert count(case.made) == before + 1
    landed = who.client.get(again.headers["Location"])
    assert landed.status_code == 200
    assert NOTICE in landed.get_data(as_text=True)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_another_persons_copy_of_the_token_makes_their_own_record(case, sender):
    first_key, other_key = SENDERS[case.name]
    who, other = sender(first_key), sender(other_key)
    token = shown_token(case, who)
    first = send(case, who, token)
    assert first.status_code in (200, 302)
    before = count(case.made)

    copied = send(case, other, token)

    assert copied.status_code in (200, 302), copied.get_data(as_text=True)[:2000]
    assert count(case.made) == before + 1
    if copied.status_code == 302 and first.status_code == 302:
        assert copied.headers["Location"] != first.headers["Location"]
    assert NOTICE not in other.client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "case", [case for case in CASES if case.invalid is not None], ids=lambda case: case.name
)
def test_a_form_shown_again_with_its_errors_keeps_its_token(case, sender):
    who = sender(SENDERS[case.name][0])
    token = shown_token(case, who)
    before = count(case.made)

    refused = send(case, who, token, **case.invalid)

    assert refused.status_code in (200, 400)
    assert token_in(refused.get_data(as_text=True)) == token
    assert count(case.made) == before
    assert send(case, who, token).status_code in (200, 302)
    assert count(case.made) == before + 1
    assert send(case, who, token).status_code == 303
    assert count(case.made) == before + 1


def test_a_form_without_a_token_or_with_a_bad_one_still_makes_its_record(sender):
    case = CASES[3]  # the candidate
    who = sender("coach_a")
    before = count(Candidate)
    for token in ("", "<x-canary>", "a" * 200):
        assert send(case, who, token).status_code == 302
    assert count(Candidate) == before + 3
    refused = send(case, who, "not a token", pseudonym="")
    assert len(token_in(refused.get_data(as_text=True))) == 32


def test_each_showing_of_a_form_has_its_own_token(sender):
    who = sender("employer_a")
    tokens = {
        token_in(who.client.get("/opportunities/new").get_data(as_text=True)) for _ in range(3)
    }
    assert len(tokens) == 3


def test_tokens_older_than_a_week_are_forgotten(sender, users):
    case = CASES[3]
    who = sender("coach_a")
    old, new = shown_token(case, who), shown_token(case, who)
    send(case, who, old)
    send(case, who, new)
    row = db.session.scalar(select(FormSubmission).where(FormSubmission.token == old))
    row.sent_at = row.sent_at - KEPT_FOR - timedelta(minutes=1)
    db.session.commit()

    assert prune_submissions() == 1

    tokens = set(db.session.scalars(select(FormSubmission.token)))
    assert old not in tokens and new in tokens


def test_a_send_that_passed_the_check_with_the_first_still_open_makes_nothing(sender, monkeypatch):
    """The second of two simultaneous sends: the token was not there yet when it checked
    (the first had not committed), so it makes its record, then the unique pair refuses
    its token: everything it did is rolled back and it is sent to the first's record."""
    case = CASES[0]  # the opportunity
    who = sender("employer_a")
    token = shown_token(case, who)
    first = send(case, who, token)
    before = count(Opportunity)
    checks = iter([None])
    real_check = once_only._earlier_result
    monkeypatch.setattr(
        once_only, "_earlier_result", lambda sent: next(checks, None) or real_check(sent)
    )

    again = send(case, who, token)

    assert again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    assert count(Opportunity) == before
