"""An enrolment made from a suggestion row records that suggestion (and so its rank),
as a proposal does; one made elsewhere, or naming an entry that is not this coach's
for this person and try-out, records none."""

from __future__ import annotations

import re

from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from marketplace.tryouts.models import TryoutEnrolment
from marketplace.tryouts.operations import cancel_enrolment
from tests.factories import make_enrolment
from tests.suggestions.conftest import driver, last_list
from tests.suggestions.test_pages import entry_of, for_opportunity, switch_to


def _enrol(client, tryout, who, entry_id=None):
    data = {"candidate": str(who.id), "candidate_agreed": "y"}
    if entry_id is not None:
        data["suggestion_entry"] = str(entry_id)
    return client.post(f"/tryouts/{tryout.id}/enrol", data=data)


def _enrolment(candidate) -> TryoutEnrolment:
    return db.session.scalars(select(TryoutEnrolment).where(
        TryoutEnrolment.candidate_id == candidate.id)).one()


def test_enrolling_from_a_suggestion_row_records_the_entry(client, login_as, users, tryout):
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    html = for_opportunity(client, tryout)
    entry = entry_of(last_list(), amal.id)
    link = f"/tryouts/{tryout.id}/enrol?candidate={amal.id}&amp;entry={entry.id}"
    assert f'href="{link}"' in html

    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert f'<option selected value="{amal.id}">' in form
    assert re.search(rf'name="suggestion_entry" type="hidden" value="{entry.id}"', form)
    assert _enrol(client, tryout, amal, entry.id).status_code == 302

    enrolment = _enrolment(amal)
    assert enrolment.suggestion_entry_id == entry.id
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "tryout_enrolled", AuditEvent.subject_id == enrolment.id)).one()
    assert event.details["suggestion_entry_id"] == entry.id


def test_enrolling_from_the_tryout_page_records_no_entry(client, login_as, users, tryout):
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    for_opportunity(client, tryout)  # a list was shown, but the coach enrols elsewhere
    assert _enrol(client, tryout, amal).status_code == 302
    assert _enrolment(amal).suggestion_entry_id is None


def test_an_entry_of_another_person_is_not_recorded(client, login_as, users, tryout):
    """The form came from Amal's row, but the coach chose Bert in it."""
    amal = driver(users["coach_a"], "Amal")
    bert = driver(users["coach_a"], "Bert")
    login_as("coach_a")
    for_opportunity(client, tryout)
    amal_entry = entry_of(last_list(), amal.id)
    assert _enrol(client, tryout, bert, amal_entry.id).status_code == 302
    assert _enrolment(bert).suggestion_entry_id is None


def test_a_forged_entry_of_another_coach_s_list_is_not_recorded(client, login_as, users,
                                                                tryout):
    amal = driver(users["coach_a"], "Amal", shared=True)
    login_as("coach_b")
    for_opportunity(client, tryout)  # Amal is shared: she is in coach B's list too
    shown_to_b = last_list()
    assert shown_to_b.coach_id == users["coach_b"].id
    forged = entry_of(shown_to_b, amal.id)

    switch_to(client, login_as, "coach_a")
    assert _enrol(client, tryout, amal, forged.id).status_code == 302
    assert _enrolment(amal).suggestion_entry_id is None


def test_an_entry_that_cannot_exist_is_no_entry(client, login_as, users, tryout):
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    assert _enrol(client, tryout, amal, 10**30).status_code == 302
    assert _enrolment(amal).suggestion_entry_id is None


def test_a_refused_enrolment_keeps_the_entry_in_the_form(client, login_as, users, tryout):
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    for_opportunity(client, tryout)
    entry = entry_of(last_list(), amal.id)
    response = client.post(f"/tryouts/{tryout.id}/enrol", data={
        "candidate": str(amal.id), "suggestion_entry": str(entry.id)})  # not agreed
    html = response.get_data(as_text=True)
    assert re.search(rf'name="suggestion_entry" type="hidden" value="{entry.id}"', html)
    assert db.session.scalar(select(TryoutEnrolment.id)) is None


def test_a_propose_link_for_a_tryout_takes_its_entry_to_the_enrol_form(
    client, login_as, users, tryout
):
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    for_opportunity(client, tryout)
    entry = entry_of(last_list(), amal.id)
    response = client.get(f"/proposals/candidates/{amal.id}/propose",
                          query_string={"opportunity_id": tryout.id, "entry": entry.id})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/tryouts/{tryout.id}/enrol?candidate={amal.id}&entry={entry.id}")


def test_enrolling_again_after_cancelling_takes_the_link_of_the_new_enrolment(
    client, login_as, users, tryout
):
    """The row is reused, and says where its latest enrolment came from, as it says who
    made it."""
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    for_opportunity(client, tryout)
    entry = entry_of(last_list(), amal.id)
    assert _enrol(client, tryout, amal, entry.id).status_code == 302
    enrolment = _enrolment(amal)
    cancel_enrolment(enrolment, by=users["coach_a"], expected_version=enrolment.version)
    again = make_enrolment(users["coach_a"], amal, tryout, commit=True)
    assert again.id == enrolment.id and again.suggestion_entry_id is None
