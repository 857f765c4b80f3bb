"""The dashboards' sections (everything under the page's frame) are kept as HTML per
query string, language, role and data stamps: a kept page is byte for byte the page
written afresh, and a change in the data shows at the next request."""

from __future__ import annotations

import re

import pytest
from flask import template_rendered

from marketplace.extensions import db
from marketplace.insights import cache
from tests.conftest import login
from tests.insights.conftest import PERIOD

ALL = {**PERIOD, "sector": ""}
_TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')


@pytest.fixture
def written(app, monkeypatch):
    """The cache on for this test; returns the sections templates written (not served
    kept) since the last call."""
    app.config["INSIGHTS_CACHE_SIZE"] = 64
    cache.forget_all()
    names: list[str] = []

    def record(_sender, template, context, **_extra):
        if template.name.startswith("insights/_") and template.name != "insights/_macros.html":
            names.append(template.name)

    def since_last() -> list[str]:
        found = list(names)
        names.clear()
        return found

    with template_rendered.connected_to(record, app):
        yield since_last
    app.config["INSIGHTS_CACHE_SIZE"] = 0
    cache.forget_all()


def _page(client, path="/insights/", **query) -> str:
    response = client.get(path, query_string=query)
    assert response.status_code == 200
    # The frame's CSRF token is the only part that may differ between two requests.
    return _TOKEN.sub('name="csrf_token" value=""', response.get_data(as_text=True))


def _open_opportunities(page: str) -> str:
    return re.search(r"Open aanbod: <strong>([^<]*)</strong>", page)[1]


def test_a_kept_page_is_the_page_written_afresh(written, app, login_as, make_opportunities):
    analyst = login_as("analyst")
    make_opportunities(7)
    for path, sections in (("/insights/", "_demand"), ("/insights/supply", "_supply")):
        first = _page(analyst, path, **ALL, group="8")
        assert written() == [f"insights/{sections}.html"]
        kept = _page(analyst, path, **ALL, group="8")
        assert written() == []
        app.config["INSIGHTS_CACHE_SIZE"] = 0
        afresh = _page(analyst, path, **ALL, group="8")
        app.config["INSIGHTS_CACHE_SIZE"] = 64
        assert written() == [f"insights/{sections}.html"]
        assert kept == first == afresh


def test_a_new_opportunity_shows_at_the_next_request(written, login_as, make_opportunities):
    analyst = login_as("analyst")
    make_opportunities(5)
    assert _open_opportunities(_page(analyst, **ALL)) == "5"
    assert _open_opportunities(_page(analyst, **ALL)) == "5"
    assert written() == ["insights/_demand.html"]
    make_opportunities(5)  # raises the opportunities' stamp
    assert _open_opportunities(_page(analyst, **ALL)) == "10"
    assert written() == ["insights/_demand.html"]


def test_each_question_language_and_role_has_its_own_sections(
    written, app, client, login_as, make_opportunities
):
    make_opportunities(5)
    analyst = login_as("analyst")
    everything = _page(analyst, **ALL)
    inside = _page(analyst, **ALL, group="8")
    assert "Je kijkt binnen de groep" not in everything and "Je kijkt binnen de groep" in inside
    coach = app.test_client()
    login(coach, "coach_a")
    for_coach = _page(coach, **ALL)
    assert 'aria-current="page">Vraag<' in everything  # the analyst's tabs to supply
    assert 'class="tabs"' not in for_coach
    analyst.post("/language", data={"locale": "en"})
    english = _page(analyst, **ALL)
    assert "Demand: the open opportunities" in english
    assert written() == ["insights/_demand.html"] * 4
    assert _page(analyst, **ALL) == english
    assert written() == []


def test_an_analysts_first_sector_follows_their_federation(
    written, login_as, organisations
):
    """The sector an analyst starts with is kept with the sections, and changes with
    the organisations' stamp."""
    analyst = login_as("analyst")
    assert '<option selected value="H">' in _page(analyst)
    organisations["federation"].sector = "Q"
    db.session.commit()
    assert '<option selected value="Q">' in _page(analyst)
