"""The last step of the fairness report and of the outcomes report counts a proposal's
"hired" state of every kind: a training provider who accepts someone on a course counts
in it as an employer who hires. So the step is called "Aangenomen of aanvaard" ("Hired or
accepted"), on the page and in the CSV alike, never "Aangenomen" alone."""

from __future__ import annotations

import re

import pytest

from marketplace.extensions import db
from marketplace.proposals.operations import answer_proposal
from tests.factories import make_candidate, make_course, make_proposal
from tests.insights.conftest import csv_rows, read_csv


@pytest.fixture
def accepted_on_a_course(users, organisations):
    """One person of partner A, accepted on a course today (nobody hired for a job)."""
    course = make_course(organisations["provider"], commit=True)
    person = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    proposal = make_proposal(users["coach_a"], person, course, commit=True)
    answer_proposal(proposal, "hire", by=users["provider"], expected_version=proposal.version)
    db.session.commit()
    return proposal


def headers(page: str) -> list[str]:
    return re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', page)


def test_the_fairness_report_calls_its_last_step_hired_or_accepted(
    client, login_as, accepted_on_a_course
):
    login_as("admin")
    page = client.get("/admin/ranking/fairness").get_data(as_text=True)
    assert "Aangenomen of aanvaard" in headers(page)
    assert "Aangenomen" not in headers(page)
    assert "aanvaard voor een opleiding of proefsessie" in page
    header = read_csv(client.get("/admin/ranking/fairness.csv"))[0]
    assert "Aangenomen of aanvaard" in header
    assert len([cell for cell in header if cell.startswith("Aangenomen of aanvaard: ")]) == 3
    assert "Aangenomen" not in header
    client.post("/language", data={"locale": "en"})
    page = client.get("/admin/ranking/fairness").get_data(as_text=True)
    assert "Hired or accepted" in headers(page) and "Hired" not in headers(page)
    assert "Hired or accepted" in read_csv(client.get("/admin/ranking/fairness.csv"))[0]


def test_the_outcomes_report_counts_a_course_acceptance_as_hired_or_accepted(
    client, login_as, organisations, accepted_on_a_course
):
    login_as("admin")
    page = client.get("/insights/outcomes").get_data(as_text=True)
    assert "Aangenomen of aanvaard" in headers(page)
    assert "Aangenomen" not in headers(page)
    response = client.get("/insights/outcomes/partners.csv")
    header = read_csv(response)[0]
    assert header[-1] == "Aangenomen of aanvaard"
    assert csv_rows(response)[organisations["partner_a"].name][-1] == "1"
    client.post("/language", data={"locale": "en"})
    page = client.get("/insights/outcomes").get_data(as_text=True)
    assert "Hired or accepted" in headers(page) and "Hired" not in headers(page)
