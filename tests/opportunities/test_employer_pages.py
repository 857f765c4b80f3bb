"""The employer's pages: the form (with every kind of bad input), the life cycle
buttons, the list, the history, the home page; and that nobody else's opportunities
can be reached."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import event, select
from werkzeug.datastructures import MultiDict

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals import operations as proposals
from tests.factories import FORKLIFT, make_candidate, make_proposal
from tests.opportunities.conftest import form_data, in_days
from tests.security.helpers import error_next_to


def text(response) -> str:
    return response.get_data(as_text=True)


def newest(organisation) -> Opportunity:
    return db.session.scalars(
        select(Opportunity).where(Opportunity.organisation_id == organisation.id)
        .order_by(Opportunity.id.desc())
    ).first()


@pytest.fixture
def employer(client, login_as):
    return login_as("employer_a")


# --- creating ------------------------------------------------------------------------


def test_the_form_asks_everything_in_plain_dutch(employer):
    page = text(employer.get("/opportunities/new?kind=internship"))
    for words in ("Wat bied je aan?", "Titel", "Beroep", "Postcode van de werkplek",
                  "Uren per week", "Wanneer wordt er gewerkt?", "Niveau Nederlands",
                  "taalondersteuning", "Aantal plaatsen", "Sluitingsdatum", "Rijbewijs",
                  "Attesten", "Wat moet een coach nog weten?"):
        assert words in page, words
    assert re.search(r'<input checked id="kind-\d" name="kind" type="radio" value="internship">',
                     page)
    assert page.count("<h1") == 1
    # One empty row each to fill in; the buttons add more.
    assert 'id="languages-0-language_code"' in page and 'id="languages-1-' not in page
    assert 'id="skills-0-skill"' in page and 'id="skills-1-' not in page


def test_employer_saves_a_draft(employer, organisations):
    response = employer.post("/opportunities/new", data=form_data())
    assert response.status_code == 302
    opportunity = newest(organisations["employer_a"])
    assert response.headers["Location"].endswith(f"/opportunities/{opportunity.id}")
    assert opportunity.status == "draft"
    assert opportunity.occupation.uri == FORKLIFT
    assert opportunity.hours_per_week == 38
    assert [(r.language_code, r.level, r.required) for r in opportunity.languages] == [
        ("en", "B1", False)]
    assert [(r.skill.label_en, r.required) for r in opportunity.skills] == [
        ("operating lifting or moving equipment", True)]
    assert "Bewaard als ontwerp" in text(employer.get(response.headers["Location"]))


def test_employer_saves_and_publishes_at_once(employer, organisations):
    response = employer.post("/opportunities/new", data=form_data(publish="1"))
    assert response.status_code == 302
    opportunity = newest(organisations["employer_a"])
    assert opportunity.status == "published" and opportunity.published_at is not None


def test_belgian_numbers_and_dates_are_understood(employer, organisations):
    employer.post("/opportunities/new", data=form_data(
        hours_per_week="19,5", starts_on="1/2/2031", closes_on="28/02/2031"))
    opportunity = newest(organisations["employer_a"])
    assert opportunity.hours_per_week == 19.5
    assert (opportunity.starts_on.isoformat(), opportunity.closes_on.isoformat()) == (
        "2031-02-01", "2031-02-28")


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"title": ""}, "title", "Vul dit veld in."),
        ({"title": "x" * 201}, "title", "Gebruik hoogstens 200 tekens."),
        ({"kind": "gig"}, "kind", "Kies een van de soorten die je organisatie aanbiedt."),
        ({"occupation": ""}, "occupation", "Kies het beroep dat het best past."),
        ({"occupation": "ruimtevaartpiraat"}, "occupation", "We kennen dit beroep niet."),
        ({"postcode": ""}, "postcode", "Vul de postcode van de werkplek in."),
        ({"postcode": "9999"}, "postcode", "geen Belgische postcode"),
        ({"postcode": "20a0"}, "postcode", "geen Belgische postcode"),
        ({"hours_per_week": "0"}, "hours_per_week", "tussen 1 en 60"),
        ({"hours_per_week": "61"}, "hours_per_week", "tussen 1 en 60"),
        ({"hours_per_week": "veel"}, "hours_per_week", "tussen 1 en 60"),
        ({"hours_per_week": ""}, "hours_per_week", "tussen 1 en 60"),
        ({"works_day": None}, "works_day", "Kies minstens één moment."),
        ({"places": "0"}, "places", "tussen 1 en 1000"),
        ({"places": "-3"}, "places", "tussen 1 en 1000"),
        ({"places": "twee"}, "places", "tussen 1 en 1000"),
        ({"places": "1001"}, "places", "tussen 1 en 1000"),
        ({"description": "x" * 5001}, "description", "Gebruik hoogstens 5.000 tekens."),
        ({"starts_on": in_days(30), "closes_on": in_days(10)}, "closes_on",
         "De sluitingsdatum kan niet voor de startdatum liggen."),
        ({"closes_on": "31/02/2031"}, "closes_on", "Schrijf een datum zoals 31/12/2026."),
        ({"starts_on": "morgen"}, "starts_on", "Schrijf een datum zoals 31/12/2026."),
        ({"dutch_level": "A3"}, "dutch_level", "Kies een niveau uit de lijst"),
        ({"dutch_level": ""}, "dutch_level", "Kies een niveau uit de lijst"),
        ({"contract_type": "forever"}, "contract_type", "Kies een contract uit de lijst."),
        ({"languages-0-level": "Z9"}, "languages-0-level", "Kies een niveau van A1 tot C2."),
        ({"languages-0-level": "none"}, "languages-0-level", "Kies een niveau van A1 tot C2."),
        ({"languages-0-level": ""}, "languages-0-level", "Kies het niveau voor deze taal."),
        ({"languages-0-language_code": "xx"}, "languages-0-language_code",
         "Kies een taal uit de lijst."),
        ({"languages-0-language_code": "nl"}, "languages-0-language_code",
         "Kies een taal uit de lijst."),
        ({"languages-1-language_code": "en", "languages-1-level": "A2"},
         "languages-1-language_code", "Deze taal staat al in de lijst."),
        ({"skills-0-skill": "juggling chainsaws blindfolded"}, "skills-0-skill",
         "We kennen deze vaardigheid niet."),
        ({"skills-1-skill": "operating lifting or moving equipment"}, "skills-1-skill",
         "Deze vaardigheid staat al in de lijst."),
        ({"kind": "internship", "contract_type": "", "internship_weeks": "200"},
         "internship_weeks", "tussen 1 en 104"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field_and_keeps_what_was_typed(
    employer, organisations, overrides, field_id, message
):
    before = newest(organisations["employer_a"])
    data = form_data(**overrides)
    response = employer.post("/opportunities/new", data=data)
    page = text(response)
    assert response.status_code == 200
    assert message in error_next_to(page, field_id), error_next_to(page, field_id)
    assert 'class="error-summary"' in page
    assert f'href="#{field_id}"' in page
    if "description" not in overrides:  # a textarea keeps its text as content
        assert "Je laadt en lost containers met de heftruck.</textarea>" in page
    if overrides.get("title", "x") and len(overrides.get("title", "")) < 200:
        assert f'value="{data["title"]}"' in page
    typed = overrides.get("hours_per_week") or overrides.get("places")
    if typed:
        assert f'value="{typed}"' in page
    assert newest(organisations["employer_a"]) == before  # nothing saved


def test_messages_come_in_english_for_an_english_user(employer):
    employer.post("/language", data={"locale": "en"})
    page = text(employer.post("/opportunities/new", data=form_data(hours_per_week="99")))
    assert "Fill in a number of hours between 1 and 60." in error_next_to(page, "hours_per_week")


def test_an_empty_occupation_gets_suggestions_from_the_title(employer):
    page = text(employer.post("/opportunities/new", data=form_data(occupation="")))
    assert "Suggesties uit de titel:" in error_next_to(page, "occupation")
    assert "heftruckchauffeur" in error_next_to(page, "occupation")


def test_publishing_needs_the_fields_a_draft_may_leave_open(employer):
    data = form_data(description="", closes_on="", contract_type="", publish="1")
    page = text(employer.post("/opportunities/new", data=data))
    assert "Beschrijf het werk voor je publiceert." in error_next_to(page, "description")
    assert "Kies een sluitingsdatum" in error_next_to(page, "closes_on")
    assert "Kies het soort contract" in error_next_to(page, "contract_type")


def test_a_draft_may_leave_them_open(employer, organisations):
    data = form_data(description="", closes_on="", contract_type="")
    assert employer.post("/opportunities/new", data=data).status_code == 302
    assert newest(organisations["employer_a"]).closes_on is None


def test_markup_is_stored_as_text_and_shown_escaped(employer, organisations):
    title = "<script>alert('x')</script> Heftruck"
    notes = "<b>vet</b> & <img src=x onerror=alert(1)>"
    employer.post("/opportunities/new", data=form_data(title=title, notes_for_coaches=notes))
    opportunity = newest(organisations["employer_a"])
    assert (opportunity.title, opportunity.notes_for_coaches) == (title, notes)
    page = text(employer.get(f"/opportunities/{opportunity.id}"))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_occupation_suggestions_follow_the_title(employer):
    response = employer.get("/opportunities/occupation-suggestions",
                            query_string={"title": "heftruckchauffeur"},
                            headers={"HX-Request": "true"})
    fragment = text(response)
    assert response.status_code == 200 and "<html" not in fragment
    assert 'data-fill-input="occupation" data-fill-value="heftruckchauffeur"' in fragment


def test_no_title_no_suggestions(employer):
    assert text(employer.get("/opportunities/occupation-suggestions")).strip() == ""


# --- changing ------------------------------------------------------------------------


def test_the_edit_form_opens_with_the_saved_values(employer, make_opportunity):
    opportunity = make_opportunity(hours_per_week=19.5)
    page = text(employer.get(f"/opportunities/{opportunity.id}/edit"))
    assert 'value="heftruckchauffeur"' in page
    assert 'value="19,5"' in page
    assert f'name="version" type="hidden" value="{opportunity.version}"' in page
    assert '<option selected value="en">' in page


def test_employer_changes_an_opportunity(employer, make_opportunity):
    opportunity = make_opportunity()
    data = form_data(title="Heftruckchauffeur late ploeg", works_day=None,
                     works_evening="y", version=opportunity.version)
    response = employer.post(f"/opportunities/{opportunity.id}/edit", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(Opportunity, opportunity.id)
    assert changed.title == "Heftruckchauffeur late ploeg"
    assert changed.schedule == ["evening"]


def test_second_save_gets_a_conflict_page_that_shows_what_changed(
    client, app, make_opportunity, login_as
):
    from tests.conftest import login

    opportunity = make_opportunity()
    opened = opportunity.version
    colleague = app.test_client()
    login(colleague, "employer_a")
    first = colleague.post(f"/opportunities/{opportunity.id}/edit",
                           data=form_data(hours_per_week="24", version=opened))
    assert first.status_code == 302
    login_as("employer_a")
    second = client.post(f"/opportunities/{opportunity.id}/edit",
                         data=form_data(title="Mijn eigen titel", version=opened))
    page = text(second)
    assert second.status_code == 409
    assert "Iemand anders heeft dit intussen veranderd" in page
    assert "<td>Uren per week</td><td>38</td><td>24</td>" in page
    # The fields the colleague changed (the hours, and the title: the factory's
    # "Heftruckchauffeur" became the form's "... dagploeg") hold the saved values
    # again, so saving the page as it is keeps the colleague's changes; the notice
    # says what this person had there, to type again where theirs must win.
    assert 'je had <span translate="no">38</span>' in page
    assert 'je had <span translate="no">Mijn eigen titel</span>' in page
    assert 'value="Mijn eigen titel"' not in page
    assert re.search(r'<input[^>]*name="hours_per_week"[^>]*value="24"', page)
    db.session.expire_all()
    stored = db.session.get(Opportunity, opportunity.id)
    assert (stored.title, stored.hours_per_week) == ("Heftruckchauffeur dagploeg", 24)
    resend = client.post(f"/opportunities/{opportunity.id}/edit",
                         data=form_data(title="Mijn eigen titel", hours_per_week="24",
                                        version=stored.version))
    assert resend.status_code == 302


def test_a_status_change_by_someone_else_is_a_conflict_too(client, app, make_opportunity,
                                                          login_as):
    from tests.conftest import login

    opportunity = make_opportunity(status="published")
    opened = opportunity.version
    colleague = app.test_client()
    login(colleague, "employer_a")
    colleague.post(f"/opportunities/{opportunity.id}/status",
                   data={"action": "pause", "version": opened})
    login_as("employer_a")
    response = client.post(f"/opportunities/{opportunity.id}/status",
                           data={"action": "fill", "version": opened})
    assert response.status_code == 409
    page = text(response)
    assert "Iemand anders heeft dit intussen veranderd" in page
    assert "<td>Gepubliceerd</td><td>Gepauzeerd</td>" in page
    db.session.expire_all()
    assert db.session.get(Opportunity, opportunity.id).status == "paused"


def test_a_published_opportunity_cannot_lose_its_closing_date(employer, make_opportunity):
    opportunity = make_opportunity(status="published")
    response = employer.post(f"/opportunities/{opportunity.id}/edit",
                             data=form_data(closes_on="", version=opportunity.version))
    assert response.status_code == 200
    assert "Kies een sluitingsdatum" in error_next_to(text(response), "closes_on")


# --- the life cycle buttons ------------------------------------------------------------


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
    assert "<th scope=\"row\">Niveau Nederlands nodig</th>" in page
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
    assert '<td class="prewrap">Nee</td><td class="prewrap">Ja</td>' in page  # support


# --- the employer's list and home page ---------------------------------------------------


def test_the_list_shows_status_places_and_counts(employer, make_opportunity):
    make_opportunity(title="Alpha", places=3)
    make_opportunity(title="Beta", status="published")
    make_opportunity("employer_b", title="Gamma van B")
    page = text(employer.get("/opportunities/"))
    assert "Alpha" in page and "Beta" in page and "Gamma van B" not in page
    assert "Ontwerp (1)" in page and "Gepubliceerd (1)" in page
    published = text(employer.get("/opportunities/?status=published"))
    assert "Beta" in published and "Alpha" not in published


def test_the_lists_length_and_pages_follow_the_status_counts(employer, make_opportunity):
    # The list takes its length from the counts per status, not from a count of its own.
    for number in range(26):
        make_opportunity(title=f"Vacature {number}")
    make_opportunity(title="Beta", status="published")
    make_opportunity("employer_b", title="Gamma van B")
    first = text(employer.get("/opportunities/"))
    assert "27 vacatures" in first and "Ontwerp (26)" in first
    assert "pagina 2 van 2" in text(employer.get("/opportunities/?page=3"))
    drafts = text(employer.get("/opportunities/?status=draft&page=2"))
    assert "26 vacatures" in drafts and "Dat paginanummer" not in drafts
    published = text(employer.get("/opportunities/?status=published&page=2"))
    assert "1 vacature" in published and "pagina 1 van 1" in published


def test_the_list_reads_only_the_columns_it_shows_and_counts_hires_as_taken(
    employer, make_opportunity, users
):
    taken = make_opportunity(title="Magazijnier", status="published", places=3,
                             closes_on=local_today() + timedelta(days=20))
    make_opportunity(title="Magazijnier", status="published", postcode="2060")
    candidate = make_candidate(users["coach_a"], pseudonym="Amal")
    proposal = make_proposal(users["coach_a"], candidate, taken)
    proposals.answer_proposal(proposal, "hire", by=users["employer_a"],
                              expected_version=proposal.version)
    db.session.commit()
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        page = text(employer.get("/opportunities/"))
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    (listed,) = [s for s in seen if "ORDER BY opportunity.updated_at DESC" in s]
    # No description or notes, and no organisation, occupation or place joined.
    assert "opportunity.description" not in listed and " JOIN " not in listed
    assert not [s for s in seen if "FROM occupation" in s or "FROM postcode" in s]
    row = page[page.index(f'/opportunities/{taken.id}"'):]
    row = row[:row.index("</tr>")]
    # three places, one taken by the hire; the repeated title tells them apart
    assert "<td>3</td>" in row and "<td>2</td>" in row
    assert '<span class="second-detail" translate="no">2030 · sluit' in row
    assert "Aangenomen: 1" in row


def test_the_home_page_summarises_the_opportunities(employer, make_opportunity):
    make_opportunity(title="Alpha", status="published", places=3)
    page = text(employer.get("/start"))
    assert "Nieuwe vacature" in page
    assert "Gepubliceerd: 1" in page
    assert "3 plaatsen zijn open" in page
    assert "Alpha" in page


# --- who may see what ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("GET", "/edit"), ("POST", "/edit"), ("POST", "/status"),
     ("POST", "/duplicate"), ("GET", "/history")],
)
def test_employer_cannot_reach_other_organisations_opportunity(
    client, login_as, make_opportunity, method, path
):
    opportunity = make_opportunity("employer_b", status="published")
    login_as("employer_a")
    response = client.open(f"/opportunities/{opportunity.id}{path}", method=method,
                           data={"action": "pause", "version": opportunity.version})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Opportunity, opportunity.id).status == "published"


def test_coach_sees_published_opportunities_only(client, login_as, make_opportunity):
    published = make_opportunity(status="published")
    draft = make_opportunity()
    login_as("coach_b")
    assert client.get(f"/opportunities/{published.id}").status_code == 200
    assert client.get(f"/opportunities/{draft.id}").status_code == 404
    page = text(client.get(f"/opportunities/{published.id}"))
    assert 'name="action"' not in page  # no buttons for coaches


def test_admin_sees_every_opportunity_and_its_history(client, login_as, make_opportunity):
    draft = make_opportunity()
    login_as("admin")
    assert client.get(f"/opportunities/{draft.id}").status_code == 200
    assert client.get(f"/opportunities/{draft.id}/history").status_code == 200
    assert client.get(f"/opportunities/{draft.id}/edit").status_code == 403


def test_analyst_sees_no_single_opportunity_but_their_own_tryouts(client, login_as,
                                                                   make_opportunity):
    """A sector federation's analyst opens only their own try-outs: an employer's
    opportunity is not found."""
    opportunity = make_opportunity(status="published")
    login_as("analyst")
    for path in ("", "/history", "/edit"):
        assert client.get(f"/opportunities/{opportunity.id}{path}").status_code == 404
    assert client.get("/opportunities/browse").status_code == 403


class _FormValues(HTMLParser):
    """The values a browser would send with the opportunity form of a page."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._in_form = self._done = False
        self._select = self._textarea = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._done:
            return
        if tag == "form" and "opportunity-form" in attrs.get("class", ""):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit",):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.append((name, attrs.get("value", "on")))
            else:
                self.values.append((name, attrs.get("value", "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.values.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def test_saving_an_untouched_edit_form_changes_nothing(employer, make_opportunity):
    from marketplace.audit.models import AuditEvent
    from marketplace.opportunities.operations import LanguageWish

    opportunity = make_opportunity(
        hours_per_week=19.5, description="Regel één.\nRegel twee.", schedule={"evening", "night"},
        languages=[LanguageWish("fr", "A2", True), LanguageWish("ar", "B1", False)],
    )
    parser = _FormValues()
    parser.feed(text(employer.get(f"/opportunities/{opportunity.id}/edit")))
    response = employer.post(f"/opportunities/{opportunity.id}/edit",
                             data=MultiDict(parser.values))
    problems = re.findall(r"<li><a href=\"#([^\"]+)\">(.*?)</a></li>", text(response))
    assert response.status_code == 302, problems
    changes = db.session.scalars(select(AuditEvent).where(
        AuditEvent.subject_id == opportunity.id, AuditEvent.action == "opportunity_changed"
    )).all()
    assert changes == []
