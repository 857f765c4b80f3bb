"""Dashboards' figures may be up to ``INSIGHTS_MAX_AGE_SECONDS`` old: a process reads
the data stamps at most once in that time, so saves all day long do not make every
dashboard request count everything afresh. The page says how old they may be."""

from __future__ import annotations

import pytest

from marketplace.insights import cache
from tests.insights.conftest import PERIOD, csv_rows

ALL = {**PERIOD, "sector": ""}


@pytest.fixture
def minute_old(app, monkeypatch):
    """Figures kept for up to 60 s, on a clock the test moves."""
    app.config.update(INSIGHTS_CACHE_SIZE=64, INSIGHTS_MAX_AGE_SECONDS=60)
    cache.forget_all()
    now = [1000.0]
    monkeypatch.setattr(cache, "clock", lambda: now[0])

    def wait(seconds: float) -> None:
        now[0] += seconds

    yield wait
    app.config.update(INSIGHTS_CACHE_SIZE=0, INSIGHTS_MAX_AGE_SECONDS=0)
    cache.forget_all()


def _jobs(client) -> str:
    return csv_rows(client.get("/insights/demand/kind.csv", query_string=ALL))["Job"][0]


def test_a_change_shows_once_the_figures_are_a_minute_old(
    minute_old, login_as, make_opportunities
):
    analyst = login_as("analyst")
    make_opportunities(5)
    assert _jobs(analyst) == "5"
    make_opportunities(5)
    minute_old(59)
    assert _jobs(analyst) == "5"  # kept: at most a minute old
    minute_old(2)
    assert _jobs(analyst) == "10"


def test_a_kept_dashboard_shows_a_change_once_the_figures_are_a_minute_old(
    minute_old, login_as, make_opportunities
):
    """The dashboards' sections are kept as HTML under the same stamps as the figures."""
    analyst = login_as("analyst")

    def open_opportunities() -> str:
        page = analyst.get("/insights/", query_string=ALL).get_data(as_text=True)
        return page.split("Open aanbod: <strong>", 1)[1].split("<", 1)[0]

    make_opportunities(5)
    assert open_opportunities() == "5"
    make_opportunities(5)
    minute_old(59)
    assert open_opportunities() == "5"
    minute_old(2)
    assert open_opportunities() == "10"


def test_figures_asked_first_within_the_minute_are_counted_then(
    minute_old, login_as, make_opportunities
):
    """Only the stamps are kept, never an answer beyond its stamp: a question nobody
    asked before is counted now, whatever the stamps' age."""
    analyst = login_as("analyst")
    make_opportunities(5)
    assert _jobs(analyst) == "5"
    make_opportunities(5)
    minute_old(10)
    rows = csv_rows(analyst.get("/insights/demand/kind.csv",
                                query_string={**ALL, "kind": "job"}))
    assert rows["Job"][0] == "10"


def test_without_kept_figures_every_change_shows_at_once(app, login_as, make_opportunities):
    app.config["INSIGHTS_MAX_AGE_SECONDS"] = 60  # nothing is kept (the cache size is 0)
    try:
        analyst = login_as("analyst")
        make_opportunities(5)
        assert _jobs(analyst) == "5"
        make_opportunities(5)
        assert _jobs(analyst) == "10"
        assert "minute" not in analyst.get("/insights/", query_string=ALL).get_data(True)
    finally:
        app.config["INSIGHTS_MAX_AGE_SECONDS"] = 0


@pytest.mark.parametrize("language, words", [
    ("nl", "Deze cijfers zijn hoogstens 1 minuut oud."),
    ("en", "These figures are at most 1 minute old."),
])
def test_the_dashboards_say_how_old_their_figures_may_be(
    minute_old, login_as, language, words
):
    analyst = login_as("analyst")
    analyst.post("/language", data={"locale": language})
    for path in ("/insights/", "/insights/supply"):
        assert words in analyst.get(path, query_string=ALL).get_data(True)
