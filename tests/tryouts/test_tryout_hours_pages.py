"""A try-out's hours per week are stored but shown on none of the opportunity pages
(``rules.asks_weekly_hours``): not its page, its history, the employer's list nor a
conflict notice, in Dutch or English. Where an opportunity changed kind, its history
shows the hours only on the side that had them: "38 → -" when a job became a try-out."""

from __future__ import annotations

from marketplace.extensions import db
from marketplace.opportunities import operations
from marketplace.opportunities.history import opportunity_history
from tests.factories import make_opportunity, make_tryout, opportunity_data, tryout_data
from tests.opportunities.conftest import text
from tests.proposals.test_undone_placement import pages
from tests.tryouts.test_organiser_pages import tryout_form

HOURS_LABELS = ("Uren per week", "Hours per week", "uren per week", "hours per week")


def _change(opportunity, data) -> None:
    """Someone saves ``data`` over ``opportunity`` (as the form or the API would)."""
    operations.update_opportunity(opportunity, data, expected_version=opportunity.version)
    db.session.commit()


def test_no_opportunity_page_shows_a_tryouts_hours(client, login_as, organisations):
    tryout = make_tryout(organisations["employer_a"], hours_per_week=16, commit=True)
    # Hours given for a try-out (the API and the records may) are stored, and logged.
    _change(tryout, tryout_data(title="Proeven van jobs: de haven", hours_per_week=4))
    assert tryout.hours_per_week == 4
    urls = [f"/opportunities/{tryout.id}", f"/opportunities/{tryout.id}/history",
            "/opportunities/"]
    for url, language, page in pages(login_as("employer_a"), urls):
        assert "Proeven van jobs: de haven" in page, (url, language)
        assert not [label for label in HOURS_LABELS if label in page], (url, language)


def _hours_lines(opportunity) -> list[tuple[str, str]]:
    """The history's lines about the hours per week, newest first: (before, after)."""
    return [(str(change.old), str(change.new))
            for entry in opportunity_history(opportunity.id, opportunity.kind)
            for change in entry.changes if change.label == "Uren per week"]


def test_the_history_shows_the_hours_of_the_side_that_had_them(app, organisations):
    job = make_opportunity(organisations["employer_a"], status="draft", hours_per_week=38,
                           commit=True)
    _change(job, tryout_data(hours_per_week=4))  # a job became a try-out, hours given
    _change(job, tryout_data(hours_per_week=6, title="Proeven van jobs: magazijn (2)"))
    _change(job, opportunity_data(hours_per_week=20, contract_type="interim"))  # a job again
    with app.test_request_context():
        assert _hours_lines(job) == [("-", "20"), ("38", "-"), ("-", "38")]


def test_a_conflict_on_a_tryout_does_not_show_its_hours(client, login_as, organisations):
    tryout = make_tryout(organisations["employer_a"], hours_per_week=16, commit=True)
    opened = tryout.version
    # Someone else (a system through the API) changes its title and hours meanwhile.
    _change(tryout, tryout_data(title="Proeven van jobs: haven (nieuw)", hours_per_week=4))
    login_as("employer_a")
    second = client.post(f"/opportunities/{tryout.id}/edit", data=tryout_form(
        title="Mijn eigen titel", version=str(opened)))
    assert second.status_code == 409
    # The notice above the form (an employer's form still has the field, for its jobs).
    page = text(second)
    notice = page[page.index('class="error-summary"'):page.index("data-kind-form")]
    assert "Iemand anders heeft dit intussen veranderd" in notice
    assert "Proeven van jobs: haven (nieuw)" in notice
    assert not [label for label in HOURS_LABELS if label in notice]
