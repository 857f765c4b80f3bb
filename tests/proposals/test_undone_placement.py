"""An undone placement places nobody: after the coach undid it, the employer's pages
(waiting list, inbox, home, answer page) and the coach's say nothing of it. The hire
stays a hire (the outcomes count it), but it no longer makes the candidate "placed
with you": when the person is placed again, by another employer or by hand, the
employer whose placement was undone reads "placed elsewhere"."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import text

from marketplace.candidates import placement
from marketplace.candidates.operations import profile_of, update_candidate
from marketplace.extensions import db
from marketplace.proposals import operations
from tests.factories import hire, make_candidate, make_course, make_opportunity, make_proposal

MIGRATION = (Path(__file__).parents[2] / "migrations" / "versions"
             / "0039_proposal_placement_undone_at.py")

#: Every placed mark an employer or a coach can read, in both languages.
PLACED_WORDING = ("geplaatst", "placed elsewhere", "placed with you",
                  "placed through another opportunity")



def undo(candidate, coach):
    placement.undo_placement(candidate, by=coach, expected_version=candidate.version)
    db.session.commit()


@pytest.fixture
def hired_then_undone(opportunity, organisations, users):
    """Coach A's Yonas, proposed for two opportunities of employer A, hired for the
    first; then the coach undid the placement. Returns the one still open."""
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    other = make_opportunity(organisations["employer_a"], title="Magazijnier", commit=True)
    first = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    second = make_proposal(users["coach_a"], candidate, other, commit=True)
    hire(first, users["employer_a"])
    assert second.placed_by_same_employer
    undo(candidate, users["coach_a"])
    return second


def employer_pages(proposal):
    return ("/proposals/waiting", f"/proposals/opportunities/{proposal.opportunity_id}",
            "/start", f"/proposals/{proposal.id}/answer")


def coach_pages(proposal):
    return ("/proposals/", f"/proposals/{proposal.id}", f"/candidates/{proposal.candidate_id}")


def pages(client, urls):
    for language in ("nl", "en"):
        client.post("/language", data={"locale": language})
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            yield url, language, response.get_data(as_text=True)


def test_after_an_undo_the_employer_pages_show_no_placed_wording(hired_then_undone,
                                                                 login_as):
    assert not hired_then_undone.placed_elsewhere
    for url, language, page in pages(login_as("employer_a"), employer_pages(hired_then_undone)):
        assert "Yonas" in page, (url, language)
        assert not [word for word in PLACED_WORDING if word in page], (url, language)


def test_an_undone_hire_no_longer_places_the_candidate_with_that_employer(
    hired_then_undone, organisations, users, login_as
):
    # Placed again, now by employer B: employer A's placement was undone, so on its
    # open proposal Yonas is placed elsewhere, not "with you".
    candidate = hired_then_undone.candidate
    elsewhere = make_proposal(users["coach_a"], candidate,
                              make_opportunity(organisations["employer_b"], commit=True),
                              commit=True)
    hire(elsewhere, users["employer_b"])
    db.session.expire_all()
    assert hired_then_undone.placed_elsewhere
    assert not hired_then_undone.placed_by_same_employer
    client = login_as("employer_a")
    for url, language, page in pages(client, employer_pages(hired_then_undone)[:3]):
        assert ("elders geplaatst" if language == "nl" else "placed elsewhere") in page, url
        assert "bij jullie" not in page and "placed with you" not in page, (url, language)
    client.post("/logout")
    for url, language, page in pages(login_as("coach_a"), coach_pages(hired_then_undone)):
        assert ("elders geplaatst" if language == "nl" else "placed elsewhere") in page, url
        assert "van deze werkgever" not in page and "of this employer" not in page, url


def test_a_placement_by_hand_after_an_undo_is_not_with_the_employer(hired_then_undone,
                                                                    login_as):
    candidate = hired_then_undone.candidate
    profile = profile_of(candidate)
    profile.status = "placed"
    update_candidate(candidate, profile, expected_version=candidate.version)
    db.session.commit()
    db.session.expire_all()
    assert not hired_then_undone.placed_by_same_employer
    for url, language, page in pages(login_as("employer_a"),
                                     employer_pages(hired_then_undone)[:3]):
        assert "bij jullie" not in page and "placed with you" not in page, (url, language)
        assert ("elders geplaatst" if language == "nl" else "placed elsewhere") in page, url


def test_a_new_hire_by_the_same_employer_after_an_undo_places_with_them_again(
    hired_then_undone, organisations, users, login_as
):
    third = make_opportunity(organisations["employer_a"], title="Orderpicker", commit=True)
    again = make_proposal(users["coach_a"], hired_then_undone.candidate, third, commit=True)
    hire(again, users["employer_a"])
    db.session.expire_all()
    assert hired_then_undone.placed_by_same_employer
    client = login_as("employer_a")
    for url in employer_pages(hired_then_undone)[:3]:
        assert "geplaatst bij jullie" in client.get(url).get_data(as_text=True), url


def test_the_undo_marks_the_hire_and_leaves_it_a_hire(opportunity, users):
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    hire(proposal, users["employer_a"])
    assert proposal.placement_undone_at is None
    undo(candidate, users["coach_a"])
    assert proposal.state == "hired" and proposal.placement_undone_at is not None


def _backfill() -> str:
    """The statement with which revision 0039 marks the hires undone before it."""
    spec = importlib.util.spec_from_file_location("revision_0039", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.BACKFILL


def test_revision_0039_marks_the_hires_undone_before_it_from_the_audit_log(
    opportunity, organisations, users
):
    # Yonas: accepted on a course, hired by A, the placement undone, hired by B. Before
    # the revision no hire was marked; the revision marks A's hire only, with the undo.
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    course = make_proposal(users["coach_a"], candidate, make_course(organisations["provider"]))
    operations.answer_proposal(course, "hire", by=users["provider"],
                               expected_version=course.version)
    first = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    hire(first, users["employer_a"])
    undo(candidate, users["coach_a"])
    undone_at = first.placement_undone_at
    later = make_proposal(users["coach_a"], candidate,
                          make_opportunity(organisations["employer_b"]), commit=True)
    hire(later, users["employer_b"])
    db.session.execute(text("UPDATE proposal SET placement_undone_at = NULL"))
    db.session.execute(text(_backfill()))
    db.session.expire_all()
    assert first.placement_undone_at is not None
    assert abs((first.placement_undone_at - undone_at).total_seconds()) < 1
    assert course.placement_undone_at is None and later.placement_undone_at is None
