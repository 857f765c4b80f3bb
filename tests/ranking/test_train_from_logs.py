"""``flask match train`` end to end on the real suggestion logs.

The logs are written through the real operations: ``log_suggestion_list`` stores each
shown list with its entries' features, coaches propose from an entry
(``suggestion_entry_id``), employers invite and hire (``answer_proposal``) and coaches
dismiss the top suggestion they pass over (``dismiss_suggestion``). The features and
the choices come from simulated coaches (``matching/simulation.py``), so the expected
training rows are known exactly.
"""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import func, select

from marketplace.candidates.placement import undo_placement
from marketplace.extensions import db
from marketplace.matching.benchdata import BenchConfig, generate
from marketplace.matching.scoring import COLD_START_VERSION
from marketplace.matching.simulation import simulate_logs
from marketplace.matching.training import GRADES, TrainingData
from marketplace.proposals.operations import answer_proposal
from marketplace.ranking import scorer, training_rows
from marketplace.ranking.models import RankingModel
from marketplace.ranking.train import MIN_PROMOTION_LISTS
from marketplace.suggestions.models import SuggestionDismissal
from marketplace.suggestions.operations import dismiss_suggestion, log_suggestion_list
from marketplace.suggestions.ranking import PAGE_SIZE, Entry, SuggestionResult
from tests.factories import (
    make_candidate,
    make_enrolment,
    make_opportunity,
    make_proposal,
    make_tryout,
)

LISTS = 30
SHOWN = 10


@pytest.fixture(scope="module")
def simulated() -> TrainingData:
    """Thirty lists of ten with the decisions of coaches who weigh commute and required
    skills more than the cold-start scorer does."""
    data = simulate_logs(generate(BenchConfig(seed=11, opportunities=LISTS, candidates=800)),
                         seed=3)
    assert data.list_count == LISTS and data.rows == LISTS * SHOWN
    return data


def _lists(data: TrainingData) -> list[np.ndarray]:
    return [np.flatnonzero(data.lists == number) for number in np.unique(data.lists)]


def write_logs(coach, employer, organisation, data: TrainingData, pages: int = 1) -> None:
    """Each list of ``data`` as a logged list for a real opportunity with real
    candidates, and each grade as what happened: 1 proposed, 2 invited, 3 hired; a top
    entry that was not chosen is dismissed. With ``pages`` above 1, that many lists in
    a row are the pages of one opportunity's list, as "Toon de volgende 20" logs them:
    the second starts at place 21 (of its 20 places, the simulation gives the first 10),
    with other people."""
    candidates = [make_candidate(coach, pseudonym=f"Kandidaat {k}", commit=True)
                  for k in range(SHOWN * pages)]
    lists = _lists(data)
    for start in range(0, len(lists), pages):
        # Room for a hire on every page.
        opportunity = make_opportunity(organisation, commit=True, places=pages)
        for page, rows in enumerate(lists[start:start + pages]):
            people = candidates[page * SHOWN:(page + 1) * SHOWN]
            _write_list(coach, employer, opportunity, people, data, rows,
                        first_rank=page * PAGE_SIZE + 1)


def _write_list(coach, employer, opportunity, people, data, rows, first_rank):
    result = SuggestionResult(
        ranked=True, scorer_version=COLD_START_VERSION, first_rank=first_rank,
        entries=[
            Entry(candidate.id, opportunity.id, score=float(k), features=list(data.X[row]))
            for k, (candidate, row) in enumerate(zip(people, rows, strict=False))
        ],
    )
    shown = log_suggestion_list(coach, result, opportunity_id=opportunity.id)
    answers = []
    for entry, row in zip(shown.entries, rows, strict=True):
        grade = int(data.grades[row])
        if grade == 0 and entry.rank == 1:
            dismiss_suggestion(entry, coach, reason="other")
        if grade > 0:
            proposal = make_proposal(
                coach, people[entry.rank - first_rank], opportunity, motivation="Past goed.",
                suggestion_entry_id=entry.id,
            )
            answers.append((proposal, grade))
    # The employer answers once every proposal is in (a hire fills a place).
    for proposal, grade in answers:
        if grade >= GRADES["interview"]:
            answer_proposal(proposal, "invite", by=employer,
                            expected_version=proposal.version)
        if grade == GRADES["hired"]:
            answer_proposal(proposal, "hire", by=employer,
                            expected_version=proposal.version)
            # The simulated lists show the same people again: back to work-seeking.
            person = proposal.candidate
            undo_placement(person, by=coach, expected_version=person.version)
    db.session.commit()


def top_choices(data: TrainingData) -> TrainingData:
    """The same lists, with coaches who always propose the top suggestion."""
    grades = np.zeros_like(data.grades)
    for rows in _lists(data):
        grades[rows[0]] = GRADES["proposed"]
    return TrainingData(data.X, grades, data.lists, data.opportunities)


@pytest.fixture
def logs(users, organisations):
    def write(data: TrainingData, pages: int = 1) -> TrainingData:
        write_logs(users["coach_a"], users["employer_a"], organisations["employer_a"], data,
                   pages)
        return data

    return write


def _train(app, *args):
    return app.test_cli_runner().invoke(args=["match", "train", "--min-rows", "100", *args])


def _models() -> list[RankingModel]:
    return list(db.session.scalars(select(RankingModel).order_by(RankingModel.id)))


def test_training_rows_are_read_from_the_logs_with_their_grades(logs, simulated):
    logs(simulated)
    data = training_rows.training_data()
    assert data.rows == LISTS * SHOWN and data.list_count == LISTS
    np.testing.assert_allclose(data.X, simulated.X)
    np.testing.assert_array_equal(data.grades, simulated.grades)
    # One fold group per opportunity: every list was about another opportunity.
    assert len(np.unique(data.opportunities)) == LISTS
    dismissed = db.session.scalar(select(func.count(SuggestionDismissal.id)))
    assert dismissed == sum(1 for rows in _lists(simulated) if simulated.grades[rows[0]] == 0)
    assert dismissed > 0  # dismissed top entries are negatives, not left out


def test_a_tryouts_suggestions_give_no_training_rows(logs, users, organisations, simulated):
    """A try-out goes by enrolment: its entries have no proposal to grade them, so read
    as proposals, the coach's choice would be a negative."""
    coach = users["coach_a"]
    tryout = make_tryout(organisations["employer_a"], commit=True)
    candidates = [make_candidate(coach, pseudonym=f"Proever {k}", commit=True)
                  for k in range(3)]
    shown = log_suggestion_list(coach, SuggestionResult(
        ranked=True, scorer_version=COLD_START_VERSION,
        entries=[Entry(candidate.id, tryout.id, score=1.0 - k / 10,
                       features=list(simulated.X[k]))
                 for k, candidate in enumerate(candidates)]), opportunity_id=tryout.id)
    make_enrolment(coach, candidates[0], tryout, suggestion_entry_id=shown.entries[0].id)
    db.session.commit()
    assert training_rows.training_data().rows == 0


def test_an_unranked_list_gives_no_training_rows(logs, users, organisations, simulated):
    opportunity = make_opportunity(organisations["employer_a"], commit=True)
    candidate = make_candidate(users["coach_a"], commit=True)
    log_suggestion_list(users["coach_a"], SuggestionResult(
        ranked=False, scorer_version="unranked",
        entries=[Entry(candidate.id, opportunity.id)]), opportunity_id=opportunity.id)
    db.session.commit()
    assert training_rows.training_data().rows == 0


def test_train_promotes_a_model_that_ranks_the_coaches_choices_better(app, logs, simulated):
    logs(simulated)
    result = _train(app, "--seed", "1")
    assert result.exit_code == 0, result.output
    assert "reading the suggestion logs" in result.stderr
    assert "fold 5/5" in result.stderr
    positives = simulated.positives
    assert f"data:      300 entries, 30 lists, {positives} chosen" in result.stdout
    assert "decision:  promoted" in result.stdout
    [model] = _models()
    assert model.active and model.promoted
    assert (model.training_rows, model.training_lists) == (300, 30)
    assert model.metrics["current_version"] == COLD_START_VERSION
    assert model.metrics["ndcg10_new"] >= model.metrics["ndcg10_current"] + 0.01
    assert f"NDCG@10 {model.metrics['ndcg10_new']:.3f}  {model.version}" in result.stdout
    assert scorer.active_scorer().version == model.version


def test_train_keeps_the_scorer_when_coaches_follow_its_order(app, logs, simulated):
    logs(top_choices(simulated))
    result = _train(app, "--seed", "1")
    assert result.exit_code == 0, result.output
    assert f"current:   NDCG@10 1.000  {COLD_START_VERSION}" in result.stdout
    assert f"decision:  kept {COLD_START_VERSION}" in result.stdout
    [model] = _models()
    assert not model.active and not model.promoted
    assert model.metrics["ndcg10_current"] == 1.0
    assert scorer.active_scorer().version == COLD_START_VERSION


def test_a_dry_run_on_the_logs_stores_nothing(app, logs, simulated):
    logs(simulated)
    result = _train(app, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "decision:  promoted" in result.stdout
    assert "(dry run, not stored)" in result.stdout
    assert _models() == []


def test_too_few_logged_entries_train_nothing(app, logs, simulated):
    logs(simulated)
    result = _train(app, "--min-rows", "301")
    assert "Too little data: 300 entries" in result.stdout
    assert _models() == []


def test_a_later_page_is_no_list_more_towards_promotion(app, logs, simulated):
    """The same 300 entries and choices that promote a model from 30 lists, read by
    coaches as 15 lists of two pages each: 15 lists, too few to put the model in use.
    Each page is still a query of its own to learn from."""
    logs(simulated, pages=2)
    data = training_rows.training_data()
    assert data.rows == LISTS * SHOWN and len(np.unique(data.lists)) == LISTS
    assert data.list_count == LISTS // 2
    result = _train(app, "--seed", "1")
    assert result.exit_code == 0, result.output
    assert f"data:      300 entries, {LISTS // 2} lists" in result.stdout
    assert f"better, but learned from only {LISTS // 2} lists: too few" in result.stdout
    [model] = _models()
    assert not model.active and not model.promoted
    assert model.training_lists == LISTS // 2 < MIN_PROMOTION_LISTS
    assert scorer.active_scorer().version == COLD_START_VERSION


def test_a_first_page_counts_when_a_try_out_at_place_one_is_left_out(
    users, organisations, simulated
):
    """A list of opportunities for a candidate whose place 1 is a try-out: its rows
    start at place 2, and it is still a first page."""
    coach = users["coach_a"]
    person = make_candidate(coach, commit=True)
    tryout = make_tryout(organisations["employer_a"], commit=True)
    job = make_opportunity(organisations["employer_a"], commit=True)
    log_suggestion_list(coach, SuggestionResult(
        ranked=True, scorer_version=COLD_START_VERSION,
        entries=[Entry(person.id, tryout.id, score=0.9, features=list(simulated.X[0])),
                 Entry(person.id, job.id, score=0.8, features=list(simulated.X[1]))],
    ), candidate_id=person.id)
    db.session.commit()
    data = training_rows.training_data()
    assert (data.rows, data.list_count) == (1, 1)
