"""Changing an opportunity: the edit form opens with the saved values, a change is
saved, someone else's save in between is a conflict page, and a form saved untouched
changes nothing."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.operations import LanguageWish
from tests.conftest import login
from tests.opportunities.conftest import form_data, text
from tests.security.helpers import error_next_to


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
