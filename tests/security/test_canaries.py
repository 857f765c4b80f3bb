"""Canary test: candidates carry unique made-up values in every personal field; no
page, fragment, CSV or JSON that an employer or a federation analyst can reach ever
shows one, before or after a proposal. Their barriers' support texts are canaries too,
which no admin page shows either; the owning coach does see them. After the proposal
the employer who received it sees exactly the allowed fields: pseudonym, Dutch level,
languages, experience, skills, availability, the coach's motivation, and the coach's
name and organisation.

The pages are found by crawling, as each role, from every GET route the access matrix
lets that role open (links, htmx fragments and GET forms are followed), so pages added
later are read too.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from marketplace.barriers.queries import barriers_of
from marketplace.candidates.operations import (
    ExperienceEntry,
    hand_over_candidate,
)
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.taxonomy.models import Language
from marketplace.taxonomy.queries import get_occupation_by_uri, get_skill_by_uri
from marketplace.web.labels import choice_label
from tests.conftest import login
from tests.factories import (
    TEAMWORK,
    WAREHOUSE,
    make_barrier,
    make_candidate,
    make_proposal,
    occupation_id,
    skill,
)
from tests.security.helpers import crawl, reachable_get_routes, route_url

#: Roles that must never see a candidate's personal data.
#: ("provider": the user of a training provider, an employer of its own courses.)
OUTSIDERS = ("employer_a", "employer_b", "analyst", "provider")


def _canaries(tag: str) -> dict[str, str]:
    return {
        "pseudonym": f"Kanarie{tag}Pseudoniem",
        "email": f"kanarie.{tag.lower()}@voorbeeld.be",
        "phone": f"+32 470 {tag[:2]} 19 55",
        "coach_note": f"KANARIE-NOTITIE-{tag}",
        "title_as_said": f"KANARIE-TITEL-{tag}",
        "handover_note": f"KANARIE-OVERDRACHT-{tag}",
        "barrier_support": f"KANARIE-DREMPEL-{tag}",
        "solved_barrier_support": f"KANARIE-OPGELOST-{tag}",
    }


PROPOSED = _canaries("Vlinder")
NEVER_PROPOSED = _canaries("Nachtuil")
BIRTH_YEARS = {"Vlinder": 1937, "Nachtuil": 1941}
#: The labels of the gender both canary candidates declared, in both languages.
GENDER_LABELS = ("Non-binair (X)", "Non-binary (X)")
MOTIVATION = "Werkte vijf jaar in een magazijn en kan met een scanner werken."


def _seed(coach_from, coach_to, canaries: dict[str, str], birth_year: int):
    """A candidate with every personal field filled with a canary, made by one coach
    and handed over (with a note) to ``coach_to``, with active consent."""
    candidate = make_candidate(
        coach_from, pseudonym=canaries["pseudonym"], dutch_level="B1",
        email=canaries["email"], phone=canaries["phone"], languages={"ti": "C2", "en": "B1"},
        experiences=[ExperienceEntry(occupation_id(WAREHOUSE), canaries["title_as_said"], 5,
                                     "ER")],
        skills=frozenset({skill(TEAMWORK).id}), wished_kinds=frozenset({"job"}),
        hours_per_week=32, day_parts=frozenset({"mornings", "afternoons"}),
        available_from=date(2026, 2, 1), coach_note=canaries["coach_note"],
        gender="non_binary", birth_year=birth_year,
    )
    make_barrier(candidate, kind="childcare", support=canaries["barrier_support"])
    make_barrier(candidate, kind="residence_permit", status="solved",
                 solved_on=candidate.created_at.date(),
                 noted_on=candidate.created_at.date(),
                 support=canaries["solved_barrier_support"])
    hand_over_candidate(candidate, to_coach=coach_to, note=canaries["handover_note"])
    db.session.commit()
    return candidate


def _leaks(text: str, canaries: dict[str, str], birth_year: int,
           pseudonym_allowed: bool = False) -> list[str]:
    found = [value for key, value in canaries.items()
             if value in text and not (pseudonym_allowed and key == "pseudonym")]
    found += [label for label in GENDER_LABELS if label in text]
    if re.search(rf"\b{birth_year}\b", _without_ids(text)):
        found.append(str(birth_year))
    return found


#: Where a row's id stands in a page: a path or query ("/opportunities/1941",
#: "?page=1941"), an anchor or element id ("#proposal-1941") or a select's option.
#: A long run reaches ids that equal a canary birth year, which is no leak.
_ID_PLACES = re.compile(r'[/=#_-]\d+\b|<option value="\d+"')


def _without_ids(text: str) -> str:
    return _ID_PLACES.sub("", text)


def _start_urls(role: str, context: dict) -> list[str]:
    # The provider is no column of the access matrix: it opens what employer B opens.
    column = "employer_b" if role == "provider" else role
    return [route_url(endpoint, context)[1] for endpoint in reachable_get_routes(column)]


def _crawl_as(app, role: str, context: dict, extra: tuple[str, ...] = ()):
    client = app.test_client()
    assert login(client, role).status_code == 302
    pages = crawl(client, [*_start_urls(role, context), *extra])
    assert not [page.url for page in pages if page.status >= 500]
    return pages


@pytest.fixture
def canary_candidates(matrix_context, users):
    proposed = _seed(users["coach_b"], users["coach_a"], PROPOSED, BIRTH_YEARS["Vlinder"])
    never = _seed(users["coach_a"], users["coach_b"], NEVER_PROPOSED, BIRTH_YEARS["Nachtuil"])
    return proposed, never


def _assert_no_leak(pages, role, *, proposed_pseudonym_allowed: bool):
    for page in pages:
        leaks = _leaks(page.text, PROPOSED, BIRTH_YEARS["Vlinder"],
                       pseudonym_allowed=proposed_pseudonym_allowed)
        leaks += _leaks(page.text, NEVER_PROPOSED, BIRTH_YEARS["Nachtuil"])
        assert not leaks, f"{role} sees {leaks} on {page.url}"


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_personal_canary_reaches_employers_or_analysts_before_a_proposal(
    app, role, matrix_context, canary_candidates
):
    pages = _crawl_as(app, role, matrix_context)
    kinds = {page.mimetype for page in pages if page.status == 200}
    assert "text/html" in kinds
    if role == "analyst":
        assert "text/csv" in kinds  # the downloads were read too
    _assert_no_leak(pages, role, proposed_pseudonym_allowed=False)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_after_a_proposal_the_employer_sees_only_the_allowed_fields(
    app, role, users, matrix_context, canary_candidates
):
    proposed, _never = canary_candidates
    proposal = make_proposal(users["coach_a"], proposed, matrix_context["opportunity"],
                             motivation=MOTIVATION, commit=True)
    answer_page = f"/proposals/{proposal.id}/answer"
    pages = _crawl_as(app, role, matrix_context, extra=(answer_page,))
    receives = role == "employer_a"
    _assert_no_leak(pages, role, proposed_pseudonym_allowed=receives)

    shown = {page.url: page for page in pages}
    if not receives:
        assert all(PROPOSED["pseudonym"] not in page.text for page in pages)
        return
    assert shown[answer_page].status == 200
    assert any(PROPOSED["pseudonym"] in page.text for page in pages
               if page.url.startswith("/proposals/opportunities/"))  # the inbox lists it
    view = shown[answer_page].text
    with app.test_request_context():
        allowed = [
            PROPOSED["pseudonym"],
            str(choice_label("cefr", "B1")),
            db.session.get(Language, "ti").name_nl,
            get_occupation_by_uri(WAREHOUSE).label("nl"),
            get_skill_by_uri(TEAMWORK).label("nl"),
            "32 uur per week",
            MOTIVATION,
            users["coach_a"].name,
            users["coach_a"].organisation.name,
        ]
    assert [value for value in allowed if value not in view] == []


def test_the_mail_to_the_employer_holds_no_personal_data(
    app, users, matrix_context, canary_candidates
):
    proposed, _never = canary_candidates
    make_proposal(users["coach_a"], proposed, matrix_context["opportunity"],
                  motivation=MOTIVATION, commit=True)
    messages = db.session.scalars(select(OutgoingMessage).where(
        OutgoingMessage.recipient == users["employer_a"].email)).all()
    assert messages
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        assert _leaks(text, PROPOSED, BIRTH_YEARS["Vlinder"]) == []
        assert MOTIVATION not in text


#: The barriers' canaries: no admin page shows one (admins see no one's barriers).
BARRIER_CANARIES = ("barrier_support", "solved_barrier_support")


def test_no_barrier_reaches_an_admin_and_the_owning_coach_sees_them(
    app, users, matrix_context, canary_candidates
):
    proposed, _never = canary_candidates
    make_proposal(users["coach_a"], proposed, matrix_context["opportunity"],
                  motivation=MOTIVATION, commit=True)
    pages = _crawl_as(app, "admin", matrix_context)
    assert len(pages) > 20
    for page in pages:
        for canaries in (PROPOSED, NEVER_PROPOSED):
            leaks = [canaries[key] for key in BARRIER_CANARIES if canaries[key] in page.text]
            assert not leaks, f"admin sees {leaks} on {page.url}"
    owner = app.test_client()
    assert login(owner, "coach_a").status_code == 302
    profile = owner.get(f"/candidates/{proposed.id}").get_data(as_text=True)
    assert PROPOSED["barrier_support"] in profile
    assert PROPOSED["solved_barrier_support"] in profile


def test_another_partners_coach_gets_404_on_the_barrier_pages(
    app, users, canary_candidates
):
    proposed, _never = canary_candidates  # coach A's candidate, not shared
    barrier = barriers_of(proposed)[0]
    other = app.test_client()
    assert login(other, "coach_b").status_code == 302
    edit = f"/candidates/{proposed.id}/barriers/{barrier.id}/edit"
    assert other.get(f"/candidates/{proposed.id}/barriers/new").status_code == 404
    assert other.get(edit).status_code == 404
    assert other.post(edit, data={"kind": "childcare", "status": "solved"}).status_code == 404
    assert PROPOSED["barrier_support"] not in other.get(
        f"/candidates/{proposed.id}").get_data(as_text=True)
