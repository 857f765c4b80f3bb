"""A try-out is joined by enrolment, not by proposal, whoever organises it: the rule
in the operations, the site's propose route and what the coach sees of proposals for
try-outs that older databases still hold."""

from __future__ import annotations

from marketplace.proposals import operations
from marketplace.security import Permission, has_permission
from tests.factories import make_candidate, make_tryout
from tests.proposals.conftest import counts


def _propose_form(opportunity, **overrides):
    data = {"opportunity": str(opportunity.id), "motivation": "Wil graag proeven.",
            "candidate_agreed": "y", "candidate_agreed_on": "2026-01-06"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_coach_cannot_propose_for_a_federations_tryout_that_nobody_could_answer(
    client, login_as, users, organisations
):
    """What went wrong: the coach's proposal for a sector federation's try-out was
    written and then waited forever. Nobody can answer it: the federation's users are
    analysts, who may not answer proposals, and nobody of the federation is told; an
    employer never reaches another organisation's proposal."""
    federation = organisations["federation"]
    tryout = make_tryout(federation, commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    assert not has_permission(users["analyst"], Permission.ANSWER_PROPOSALS)
    assert operations.employer_recipients(federation.id) == []

    login_as("coach_a")
    before = counts()
    response = client.post(f"/proposals/candidates/{candidate.id}/propose",
                           data=_propose_form(tryout))

    assert counts() == before  # no proposal, no mail
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/tryouts/{tryout.id}/enrol?candidate={candidate.id}")
