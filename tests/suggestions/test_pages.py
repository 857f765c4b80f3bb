"""The coach's suggestion pages: ranked and logged, shared candidates, near misses,
dismissing and restoring, proposing from a suggestion, consent, the switch, the
fallback when the ranking fails or is too slow."""

from __future__ import annotations

import re
import time

from markupsafe import Markup
from sqlalchemy import event, func, select

from marketplace.audit.models import AuditEvent
from marketplace.candidates.erasure import erase_candidate
from marketplace.candidates.operations import withdraw_consent
from marketplace.extensions import db
from marketplace.matching.explain import Explanation, Reason
from marketplace.matching.features import FEATURE_NAMES
from marketplace.proposals.models import Proposal
from marketplace.proposals.operations import answer_proposal
from marketplace.suggestions import ranking
from marketplace.suggestions.display import fit_word, sentence_marker
from marketplace.suggestions.models import SuggestionDismissal, SuggestionEntry, SuggestionList
from marketplace.suggestions.sentences import Names
from tests.factories import make_candidate, make_opportunity, make_proposal
from tests.suggestions.conftest import driver, last_list


def switch_to(client, login_as, key: str) -> None:
    """Log out, then in as ``key`` (logging in while logged in keeps the old user)."""
    client.post("/logout")
    login_as(key)


def page(client, url, **query) -> str:
    response = client.get(url, query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def for_opportunity(client, opportunity, **query) -> str:
    return page(client, f"/suggestions/opportunities/{opportunity.id}", **query)


def entry_of(shown: SuggestionList, candidate_id: int):
    return next(e for e in shown.entries if e.candidate_id == candidate_id)


def test_a_coach_sees_ranked_candidates_with_reasons_and_the_list_is_logged(
        client, login_as, users, opportunity):
    amal = driver(users["coach_a"], "Amal")
    # Bert wishes nothing in particular.
    other = make_candidate(users["coach_a"], pseudonym="Bert", commit=True)
    login_as("coach_a")
    html = for_opportunity(client, opportunity)
    assert html.index("Amal") < html.index("Bert")
    assert "Sterke match" in html and re.search(r"score 0,\d\d op 1", html)
    assert "Wil werken als" in html  # an explanation sentence
    shown = last_list()
    assert (shown.subject, shown.opportunity_id, shown.candidate_id) == (
        "opportunity", opportunity.id, None)
    assert shown.coach_id == users["coach_a"].id
    assert shown.ranked is True and shown.scorer_version == "cold-start-1"
    ranks = {e.candidate_id: e for e in shown.entries}
    assert ranks[amal.id].rank == 1 and ranks[other.id].rank == 2
    assert ranks[amal.id].score > ranks[other.id].score
    assert len(ranks[amal.id].features) == len(FEATURE_NAMES)
    assert f"entry={ranks[amal.id].id}" in html  # "Propose" carries the entry


def test_every_showing_is_logged_again(client, login_as, users, opportunity):
    driver(users["coach_a"], "Amal")
    login_as("coach_a")
    before = db.session.scalar(select(func.count()).select_from(SuggestionList))
    for_opportunity(client, opportunity)
    for_opportunity(client, opportunity)
    assert db.session.scalar(select(func.count()).select_from(SuggestionList)) == before + 2


def test_shared_candidates_of_other_coaches_show_but_only_their_coach_may_propose(
        client, login_as, users, opportunity):
    shared = driver(users["coach_b"], "Chloe", shared=True)
    driver(users["coach_b"], "Dirk")  # not shared: coach A never sees them
    login_as("coach_a")
    html = for_opportunity(client, opportunity)
    assert "Chloe" in html and "Dirk" not in html
    assert f"/proposals/candidates/{shared.id}/propose" not in html
    assert "Alleen hun coach kan voorstellen: <span translate=\"no\">" in html
    entry = entry_of(last_list(), shared.id)
    assert client.get(f"/suggestions/entries/{entry.id}/dismiss").status_code == 404
    # Opportunities for a shared candidate: only their own coach.
    assert client.get(f"/suggestions/candidates/{shared.id}").status_code == 404


def test_near_misses_on_request_name_the_unmet_requirement(client, login_as, users,
                                                          opportunity):
    driver(users["coach_a"], "Elif", dutch_level="none")
    login_as("coach_a")
    html = for_opportunity(client, opportunity)
    assert "Elif" not in html and "?near=1" in html
    html = for_opportunity(client, opportunity, near="1")
    assert "Elif" in html
    assert "Nederlands Geen is lager dan het gevraagde A2" in html.replace("  ", " ") or (
        "lager dan" in html)
    assert all(e.candidate_id != 0 for e in last_list().entries)  # near misses not logged
    assert "Elif" not in [e.candidate_id for e in last_list().entries]


def test_a_dismissed_suggestion_is_left_out_until_restored(client, login_as, users,
                                                          opportunity):
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    for_opportunity(client, opportunity)
    entry = entry_of(last_list(), amal.id)
    form = page(client, f"/suggestions/entries/{entry.id}/dismiss")
    assert "Amal" in form
    response = client.post(f"/suggestions/entries/{entry.id}/dismiss",
                           data={"reason": "practical", "note": "Kinderopvang pas in maart."})
    assert response.status_code == 302
    # Back at the place it held, where the next suggestion moves up.
    assert response.headers["Location"].endswith(
        f"/suggestions/opportunities/{opportunity.id}#place-{entry.rank}")
    dismissal = db.session.scalar(select(SuggestionDismissal))
    assert (dismissal.candidate_id, dismissal.opportunity_id, dismissal.entry_id) == (
        amal.id, opportunity.id, entry.id)
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "suggestion_dismissed"))
    assert event.details["rank"] == entry.rank and "Kinderopvang" not in str(event.details)

    html = for_opportunity(client, opportunity)
    assert amal.id not in [e.candidate_id for e in last_list().entries]
    assert "Kinderopvang pas in maart." in html  # the "set aside" section, for their coach
    response = client.post(f"/suggestions/dismissals/{dismissal.id}/restore",
                           data={"back": "opportunity"})
    assert response.status_code == 302
    db.session.refresh(dismissal)
    assert dismissal.restored_at is not None
    for_opportunity(client, opportunity)
    assert amal.id in [e.candidate_id for e in last_list().entries]
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "suggestion_restored")) == 1
    # Restoring twice says so.
    client.post(f"/suggestions/dismissals/{dismissal.id}/restore")
    assert "al teruggezet" in for_opportunity(client, opportunity)


def test_the_dismiss_form_needs_a_reason_and_keeps_the_note(client, login_as, users,
                                                           opportunity):
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    for_opportunity(client, opportunity)
    entry = entry_of(last_list(), amal.id)
    response = client.post(f"/suggestions/entries/{entry.id}/dismiss",
                           data={"reason": "", "note": "<script>alert(1)</script>"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="reason-error"' in html and "Kies waarom" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    bad = client.post(f"/suggestions/entries/{entry.id}/dismiss", data={"reason": "bored"})
    assert bad.status_code == 200 and 'id="reason-error"' in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SuggestionDismissal)) == 0


def test_a_proposal_from_a_suggestion_records_the_entry(client, login_as, users, opportunity):
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    for_opportunity(client, opportunity)
    entry = entry_of(last_list(), amal.id)
    url = f"/proposals/candidates/{amal.id}/propose"
    form = page(client, url, opportunity_id=opportunity.id, entry=entry.id)
    assert re.search(rf'name="suggestion_entry" type="hidden" value="{entry.id}"', form)
    response = client.post(url, data={
        "opportunity": str(opportunity.id), "motivation": "Wil heftruck rijden.",
        "candidate_agreed": "y", "candidate_agreed_on": "2026-01-06",
        "suggestion_entry": str(entry.id)})
    assert response.status_code == 302
    proposal = db.session.scalar(select(Proposal).where(Proposal.candidate_id == amal.id))
    assert proposal.suggestion_entry_id == entry.id
    assert proposal.suggestion_entry.rank == entry.rank
    detail = page(client, f"/proposals/{proposal.id}")
    assert "Voorgesteld" in detail and f"plaats {entry.rank}" in detail
    # Proposed: no longer suggested for this opportunity.
    for_opportunity(client, opportunity)
    assert amal.id not in [e.candidate_id for e in last_list().entries]


def test_an_entry_for_another_opportunity_is_not_recorded(client, login_as, users,
                                                         organisations, opportunity):
    amal = driver(users["coach_a"], "Amal")
    second = make_opportunity(organisations["employer_a"], title="Reachtruckchauffeur", commit=True)
    login_as("coach_a")
    for_opportunity(client, opportunity)
    entry = entry_of(last_list(), amal.id)
    client.post(f"/proposals/candidates/{amal.id}/propose", data={
        "opportunity": str(second.id), "motivation": "Wil heftruck rijden.",
        "candidate_agreed": "y", "candidate_agreed_on": "2026-01-06",
        "suggestion_entry": str(entry.id)})
    proposal = db.session.scalar(select(Proposal).where(Proposal.candidate_id == amal.id))
    assert proposal.opportunity_id == second.id and proposal.suggestion_entry_id is None


def test_a_candidate_whose_consent_is_withdrawn_disappears(client, login_as, users,
                                                          opportunity):
    from datetime import date

    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    assert "Amal" in for_opportunity(client, opportunity)
    withdraw_consent(amal, withdrawn_on=date(2026, 2, 1), recorded_by=users["coach_a"])
    db.session.commit()
    html = for_opportunity(client, opportunity)
    assert "Amal" not in html
    assert amal.id not in [e.candidate_id for e in last_list().entries]


def test_a_coach_sees_ranked_opportunities_for_their_candidate(client, login_as, users,
                                                              organisations, opportunity):
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    assert f"/suggestions/candidates/{amal.id}" in page(client, f"/candidates/{amal.id}")
    html = page(client, f"/suggestions/candidates/{amal.id}")
    assert "Heftruckchauffeur" in html and "Sterke match" in html
    shown = last_list()
    assert (shown.subject, shown.candidate_id, shown.opportunity_id) == (
        "candidate", amal.id, None)
    entry = entry_of(shown, amal.id)
    assert entry.opportunity_id == opportunity.id and entry.rank == 1
    client.post(f"/suggestions/entries/{entry.id}/dismiss", data={"reason": "not_interested"})
    html = page(client, f"/suggestions/candidates/{amal.id}")
    assert opportunity.id not in [e.opportunity_id for e in last_list().entries]
    assert "De kandidaat is niet geïnteresseerd" in html
    dismissal = db.session.scalar(select(SuggestionDismissal))
    response = client.post(f"/suggestions/dismissals/{dismissal.id}/restore",
                           data={"back": "candidate"})
    assert response.headers["Location"].endswith(
        f"/suggestions/candidates/{amal.id}#dismissed-heading")
    # Another coach cannot restore it.
    switch_to(client, login_as, "coach_b")
    assert client.post(f"/suggestions/dismissals/{dismissal.id}/restore").status_code == 404


def test_switched_off_the_coach_gets_an_unranked_list_with_a_notice(client, login_as, users,
                                                                   opportunity):
    amal = driver(users["coach_a"], "Amal")
    bert = make_candidate(users["coach_a"], pseudonym="Bert", commit=True)
    login_as("admin")
    assert "Bevestig" in client.post("/suggestions/ranking", data={"enabled": "off"}).get_data(
        as_text=True)  # no confirmation: nothing changes
    response = client.post("/suggestions/ranking", data={"enabled": "off", "confirm": "y"})
    assert response.status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "ranking_switched"))
    assert event.details == {"from": True, "to": False}
    switch_to(client, login_as, "coach_a")
    html = for_opportunity(client, opportunity)
    assert "De rangschikking staat uit." in html and "match__score" not in html
    shown = last_list()
    assert shown.ranked is False and shown.scorer_version == "unranked"
    # Registration order, no scores, no features.
    assert [e.candidate_id for e in shown.entries] == [amal.id, bert.id]
    assert all(e.score is None and e.features is None for e in shown.entries)
    stored = db.session.scalar(select(func.count()).select_from(SuggestionEntry).where(
        SuggestionEntry.list_id == shown.id, SuggestionEntry.features.is_(None)))
    assert stored == 2  # SQL NULL, not the JSON value null
    page(client, f"/suggestions/candidates/{amal.id}")
    assert last_list().ranked is False


def test_when_the_ranking_fails_the_page_shows_the_unranked_list(client, login_as, users,
                                                                opportunity, monkeypatch,
                                                                caplog):
    amal = driver(users["coach_a"], "Amal")

    def broken(*args, **kwargs):
        raise RuntimeError("model file unreadable")

    monkeypatch.setattr(ranking, "rank_candidates", broken)
    login_as("coach_a")
    html = for_opportunity(client, opportunity)
    assert "De rangschikking lukte nu niet." in html and "Amal" in html
    shown = last_list()
    assert shown.ranked is False and shown.scorer_version == "unranked"
    assert [e.candidate_id for e in shown.entries] == [amal.id]
    assert "RuntimeError" in caplog.text and "Amal" not in caplog.text


def test_when_the_ranking_is_too_slow_the_page_shows_the_unranked_list(
        app, client, login_as, users, opportunity, monkeypatch, caplog):
    amal = driver(users["coach_a"], "Amal")
    real = ranking.rank_opportunities

    def slow(*args, **kwargs):
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(ranking, "rank_opportunities", slow)
    monkeypatch.setitem(app.config, "SUGGESTION_RANKING_DEADLINE_SECONDS", 0.05)
    login_as("coach_a")
    html = page(client, f"/suggestions/candidates/{amal.id}")
    assert "De rangschikking lukte nu niet." in html and "Heftruckchauffeur" in html
    assert last_list().ranked is False
    assert "longer than" in caplog.text


def test_a_proposal_page_shows_its_history_to_its_coach_only(client, login_as, users,
                                                             opportunity):
    amal = driver(users["coach_a"], "Amal")
    proposal = make_proposal(users["coach_a"], amal, opportunity, motivation="Rijdt graag.")
    answer_proposal(proposal, "invite", by=users["employer_a"], expected_version=proposal.version)
    db.session.commit()
    login_as("coach_a")
    assert f"/proposals/{proposal.id}" in page(client, "/proposals/")
    html = page(client, f"/proposals/{proposal.id}")
    assert "Voorgesteld" in html and "Uitgenodigd voor een gesprek" in html
    assert users["employer_a"].name in html and "het profiel (niet vanuit een suggestie)" in html
    switch_to(client, login_as, "coach_b")
    assert client.get(f"/proposals/{proposal.id}").status_code == 404


def test_erasure_empties_the_notes_of_dismissals(client, login_as, users, opportunity):
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    for_opportunity(client, opportunity)
    entry = entry_of(last_list(), amal.id)
    client.post(f"/suggestions/entries/{entry.id}/dismiss",
                data={"reason": "other", "note": "Verhuist naar Gent."})
    erase_candidate(amal, reason="consent_withdrawn")
    db.session.commit()
    dismissal = db.session.scalar(select(SuggestionDismissal))
    assert dismissal.note is None and dismissal.reason == "other"


def test_skill_names_in_explanations_are_marked_english_and_escaped(app):
    explanation = Explanation(
        candidate_id=1, opportunity_id=2, score=0.5, scorer_version="cold-start-1",
        reasons=(Reason("skills_required", {"matched": [7], "partly": [], "missing": [8]}),),
        unmet=(), strongest_up=(), strongest_down=())
    names = Names({}, {7: "<b>drive</b>", 8: "work in teams"}, {}, {})
    with app.test_request_context():
        items = sentence_marker(names)(explanation)
    assert isinstance(items, Markup)
    assert str(items) == (
        '<li>Noodzakelijke vaardigheden: heeft <span lang="en" translate="no">&lt;b&gt;drive'
        '&lt;/b&gt;</span>; mist <span lang="en" translate="no">work in teams</span>.</li>')


def test_someone_who_cannot_work_at_the_working_time_is_a_near_miss_never_a_strong_match(
        client, login_as, users, opportunity):
    assert opportunity.works_day and not opportunity.works_evening  # a daytime job
    driver(users["coach_a"], "Amal")
    driver(users["coach_a"], "Nour", day_parts=frozenset({"evenings"}))
    login_as("coach_a")
    html = for_opportunity(client, opportunity)
    assert "Amal" in html and "Nour" not in html
    html = for_opportunity(client, opportunity, near="1")
    near = html[html.index('id="near-heading"'):]
    assert "Nour" in near and "nooit op de gevraagde werktijd" in near
    assert "Sterke match" not in near and "Goede match" not in near
    assert "Mogelijke match" in near
    assert "Harde eisen:" in html and "de werktijd" in html


def test_the_label_follows_the_requirements_and_the_must_have_skills():
    assert fit_word(0.95) == "strong"
    assert fit_word(0.95, lacks_must_have=True) == "good"
    assert fit_word(0.95, unmet=("allowed_to_work",)) == "possible"
    assert fit_word(0.55, lacks_must_have=True) == "good"
    assert fit_word(0.3) == "possible"
    assert fit_word(None) is None


def test_page_titles_hold_no_markup(client, login_as, users, opportunity):
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    for url in (f"/suggestions/opportunities/{opportunity.id}",
                f"/suggestions/candidates/{amal.id}"):
        title = re.search(r"<title>(.*?)</title>", page(client, url), re.S).group(1)
        assert "<" not in title and "&lt;" not in title, title


def test_the_opportunity_page_reads_its_opportunity_once(client, login_as, users, opportunity):
    """The rows of the page about one opportunity use the opportunity the page loaded
    (``page_rows(..., opportunity=...)``): no second statement reads it for the rows."""
    driver(users["coach_a"], "Amal")
    login_as("coach_a")
    for_opportunity(client, opportunity)  # the pools and caches are built
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        html = for_opportunity(client, opportunity)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    assert "Amal" in html
    assert len([s for s in seen if s.startswith("SELECT opportunity.id,")]) == 1

