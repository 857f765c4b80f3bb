"""The life cycle buttons of an opportunity (publish, pause, fill, close, reopen,
duplicate) and its history of who changed what and when."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from tests.opportunities.conftest import form_data, newest, text


@pytest.mark.parametrize(
    ("start", "action", "end", "flash"),
    [
        ("draft", "publish", "published", "Gepubliceerd."),
        ("published", "pause", "paused", "Gepauzeerd."),
        ("paused", "publish", "published", "Gepubliceerd."),
        ("published", "fill", "filled", "Ingevuld."),
        ("paused", "close", "closed", "Afgesloten."),
        ("filled", "reopen", "published", "Heropend en gepubliceerd."),
    ],
)
def test_life_cycle_buttons(employer, make_opportunity, start, action, end, flash):
    opportunity = make_opportunity(status=start)
    response = employer.post(f"/opportunities/{opportunity.id}/status",
                             data={"action": action, "version": opportunity.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Opportunity, opportunity.id).status == end
    assert flash in text(employer.get(response.headers["Location"]))


def test_a_filled_opportunity_shows_its_places_as_taken(employer, make_opportunity):
    """Marked filled, no place is left, whoever was hired ("2 of 2 left" said the
    opposite)."""
    filled = make_opportunity(status="filled")
    assert filled.places_left == 0
    page = text(employer.get(f"/opportunities/{filled.id}"))
    assert "Alle 2 plaatsen zijn ingevuld" in page and "nog 2 van de 2" not in page
    published = make_opportunity(status="published")
    assert "nog 2 van de 2" in text(employer.get(f"/opportunities/{published.id}"))


def test_publishing_an_incomplete_draft_says_what_is_missing(employer, make_opportunity):
    opportunity = make_opportunity(description="", closes_on=None)
    response = employer.post(f"/opportunities/{opportunity.id}/status",
                             data={"action": "publish", "version": opportunity.version},
                             follow_redirects=True)
    assert "Nog niet gepubliceerd. Vul eerst in: Beschrijving, Sluitingsdatum." in text(response)


def test_a_move_the_status_does_not_allow_is_refused_politely(employer, make_opportunity):
    opportunity = make_opportunity(status="draft")
    response = employer.post(f"/opportunities/{opportunity.id}/status",
                             data={"action": "fill", "version": opportunity.version},
                             follow_redirects=True)
    assert "Dat kan niet" in text(response)


def test_the_detail_page_offers_the_moves_of_the_status(employer, make_opportunity):
    page = text(employer.get(f"/opportunities/{make_opportunity(status='published').id}"))
    assert 'value="pause"' in page and 'value="fill"' in page and 'value="close"' in page
    assert 'value="publish"' not in page and 'value="reopen"' not in page


def test_duplicate_opens_the_copy_as_a_draft(employer, make_opportunity, organisations):
    original = make_opportunity(status="filled")
    response = employer.post(f"/opportunities/{original.id}/duplicate")
    copy = newest(organisations["employer_a"])
    assert response.headers["Location"].endswith(f"/opportunities/{copy.id}/edit")
    assert copy.title == "Heftruckchauffeur (kopie)" and copy.status == "draft"


def test_duplicate_in_english_says_copy(employer, make_opportunity, organisations):
    employer.post("/language", data={"locale": "en"})
    employer.post(f"/opportunities/{make_opportunity().id}/duplicate")
    assert newest(organisations["employer_a"]).title == "Heftruckchauffeur (copy)"


# --- history -------------------------------------------------------------------------


def test_history_shows_who_when_and_what_changed(employer, make_opportunity, users):
    opportunity = make_opportunity()
    employer.post(f"/opportunities/{opportunity.id}/edit",
                  data=form_data(dutch_level="A1", version=opportunity.version))
    db.session.expire_all()
    opportunity = db.session.get(Opportunity, opportunity.id)
    employer.post(f"/opportunities/{opportunity.id}/status",
                  data={"action": "publish", "version": opportunity.version})
    page = text(employer.get(f"/opportunities/{opportunity.id}/history"))
    assert page.index("Gepubliceerd") < page.index("Gewijzigd") < page.index("Aangemaakt")
    assert users["employer_a"].name in page
    assert "Employer A Logistics" in page
    assert '<th scope="row" role="rowheader">Niveau Nederlands nodig</th>' in page
    assert "A2 (basis)" in page and "A1 (beginner)" in page


def test_history_marks_what_was_typed_and_esco_labels_as_data(employer, make_opportunity):
    opportunity = make_opportunity()
    employer.post(f"/opportunities/{opportunity.id}/edit",
                  data=form_data(title="Heftruck <nacht>", version=opportunity.version))
    page = text(employer.get(f"/opportunities/{opportunity.id}/history"))
    # Typed text and ESCO labels are data (and escaped); interface words are not.
    assert '<span translate="no">Heftruck &lt;nacht&gt;</span>' in page
    # The skill's Dutch name from Werkbrug's catalogue (no lang: it is the page's).
    assert ('<span translate="no">hef- en transporttoestellen bedienen</span> '
            "(noodzakelijk)") in page
    # support: on a phone each value on a line labelled "before" or "after"
    assert ('<td role="cell" class="prewrap"><span class="cell-label" aria-hidden="true">'
            'Eerst</span><span class="cell-value">Nee</span></td>'
            '<td role="cell" class="prewrap"><span class="cell-label" aria-hidden="true">'
            'Daarna</span><span class="cell-value">Ja</span></td>') in page
