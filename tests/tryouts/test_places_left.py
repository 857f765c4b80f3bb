"""A try-out's places left are its free seats: the browse list, the organiser's list
and the employer's open places count the seats taken, as the try-out's page does
(``Opportunity.seats_taken``, one definition of a taken seat; the API reads the same
``places_left``)."""

from __future__ import annotations

import re

from marketplace.extensions import db
from marketplace.opportunities.queries import open_places
from marketplace.tryouts.operations import cancel_enrolment
from tests.factories import make_candidate, make_enrolment


def _enrol(users, tryout, names, *, waiting_list=False):
    coach = users["coach_a"]
    return [make_enrolment(coach, make_candidate(coach, pseudonym=name), tryout,
                           waiting_list=waiting_list) for name in names]


def _places_left_on_browse(page: str) -> str:
    match = re.search(r"Proeven van jobs: magazijn</a></h3>.*?<dt>Plaatsen over</dt><dd>(\d+)</dd>",
                      page, re.S)
    assert match, "the try-out is listed with its places left"
    return match.group(1)


def test_browse_counts_the_seats_taken_of_a_tryout(client, login_as, users, organisations,
                                                   tryout):
    _enrol(users, tryout, ["Amal", "Bilal", "Chadia"])
    _enrol(users, tryout, ["Dawit", "Eden"], waiting_list=True)
    db.session.commit()
    login_as("coach_a")
    assert _places_left_on_browse(client.get("/opportunities/browse?kind=tryout").get_data(
        as_text=True)) == "0"
    page = client.get(f"/opportunities/{tryout.id}").get_data(as_text=True)
    assert "3 van 3 bezet, 2 personen op de wachtlijst" in page


def test_a_seat_freed_and_given_to_the_waiting_list_stays_taken(client, login_as, users,
                                                                  tryout):
    first, _second = _enrol(users, tryout, ["Amal", "Bilal"])
    db.session.commit()
    assert tryout.places_left == 1
    cancel_enrolment(first, by=users["coach_a"], expected_version=first.version)
    db.session.commit()
    assert tryout.places_left == 2
    login_as("coach_a")
    assert _places_left_on_browse(client.get("/opportunities/browse?kind=tryout").get_data(
        as_text=True)) == "2"


def test_the_organisers_list_and_open_places_count_seats(client, login_as, users,
                                                        organisations, tryout):
    _enrol(users, tryout, ["Amal", "Bilal"])
    db.session.commit()
    login_as("employer_a")
    row = re.search(rf'/opportunities/{tryout.id}".*?</tr>',
                    client.get("/opportunities/").get_data(as_text=True), re.S).group(0)
    cells = re.findall(r'<span class="cell-value">(\d+)</span>', row)
    assert cells[:2] == ["3", "1"]  # places, places left
    assert open_places(organisations["employer_a"].id) == 1
