"""The ranking models' registry: storing, activating (rolling back), cold start, the
scorer every ranking uses, and the admin pages with their confirmation."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from marketplace.matching.scoring import COLD_START_VERSION, SklearnScorer
from marketplace.ranking import operations
from marketplace.ranking.models import RankingModel
from marketplace.ranking.scorer import active_scorer


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_without_an_active_model_the_cold_start_scorer_ranks(app_ctx):
    assert active_scorer().version == COLD_START_VERSION


def test_a_promoted_model_ranks_and_its_estimator_comes_back_from_the_database(store):
    model = store()
    scorer = active_scorer()
    assert isinstance(scorer, SklearnScorer)
    assert scorer.version == model.version
    X = np.full((2, 10), 0.5)
    X[0, 5] = 0.9
    assert scorer.score(X)[0] > scorer.score(X)[1]
    assert _events("ranking_model_trained")[-1].details == {
        "version": model.version,
        "promoted": True,
        "previous": COLD_START_VERSION,
    }


def test_a_model_that_was_not_promoted_is_kept_but_does_not_rank(store):
    kept = store(promote=False)
    assert not kept.active
    assert active_scorer().version == COLD_START_VERSION


def test_versions_number_the_models_of_one_day(store):
    first, second = store(), store()
    assert first.version.startswith("sklearn-") and first.version.endswith("-1")
    assert second.version == first.version[:-1] + "2"
    assert not db.session.get(RankingModel, first.id).active


def test_rolling_back_makes_the_earlier_model_rank_again(store, users):
    first, second = store(weight_on=5), store(weight_on=6)
    assert active_scorer().version == second.version
    operations.activate_model(first, users["admin"])
    db.session.commit()
    assert active_scorer().version == first.version
    assert _events("ranking_model_activated")[-1].details == {
        "version": first.version,
        "previous": second.version,
    }


def test_back_to_cold_start(store, users):
    model = store()
    operations.use_cold_start(users["admin"])
    db.session.commit()
    assert active_scorer().version == COLD_START_VERSION
    assert not db.session.get(RankingModel, model.id).active
    assert _events("ranking_cold_start")[-1].details["previous"] == model.version


def test_the_database_refuses_two_active_models(store):
    store()
    db.session.add(
        RankingModel(
            version="by-hand",
            training_rows=0,
            training_lists=0,
            algorithm="x",
            metrics={},
            model=b"",
            active=True,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


# --- the admin pages ---------------------------------------------------------------------


def test_the_list_shows_every_model_with_its_data_size_and_metrics(login_as, store):
    earlier, current = store(), store()
    html = login_as("admin").get("/admin/ranking/").get_data(as_text=True)
    header = f'<th scope="row" role="rowheader" id="model-{earlier.id}" translate="no">'
    assert f"{header}{earlier.version}</th>" in html
    assert "0,910" in html and "0,670" in html  # decimals as a Dutch reader writes them
    assert f"/admin/ranking/{earlier.id}/activate" in html
    assert f"/admin/ranking/{current.id}/activate" not in html  # it is in use
    assert "/admin/ranking/cold-start" in html


def test_an_empty_registry_says_the_cold_start_scorer_ranks(login_as):
    html = login_as("admin").get("/admin/ranking/").get_data(as_text=True)
    assert "Er is nog geen model getraind." in html
    assert "/admin/ranking/cold-start" not in html


def test_activating_needs_the_confirmation_tick(login_as, store):
    earlier, current = store(), store()
    client = login_as("admin")
    response = client.post(f"/admin/ranking/{earlier.id}/activate", data={})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vink het vakje aan om de wissel te bevestigen." in html
    assert 'aria-invalid="true"' in html
    assert active_scorer().version == current.version
    response = client.post(f"/admin/ranking/{earlier.id}/activate", data={"confirm": "y"})
    assert response.status_code == 302
    assert active_scorer().version == earlier.version


def test_going_back_to_cold_start_from_the_page(login_as, store):
    store()
    client = login_as("admin")
    assert client.get("/admin/ranking/cold-start").status_code == 200
    assert client.post("/admin/ranking/cold-start", data={"confirm": "y"}).status_code == 302
    assert active_scorer().version == COLD_START_VERSION


def test_an_unknown_model_is_not_found(login_as):
    assert login_as("admin").get("/admin/ranking/999999/activate").status_code == 404


@pytest.mark.parametrize("role", ["coach_a", "employer_a", "analyst"])
def test_only_admins_manage_the_ranking(login_as, store, role):
    model = store(promote=False)
    client = login_as(role)
    assert client.get("/admin/ranking/").status_code == 403
    assert (
        client.post(f"/admin/ranking/{model.id}/activate", data={"confirm": "y"}).status_code == 403
    )
    assert not db.session.get(RankingModel, model.id).active
