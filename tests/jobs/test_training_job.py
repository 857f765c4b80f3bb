"""Training a ranking model as a job: from the admins' ranking page or
``flask match train --background``, one model per run even when a run is repeated, and
a run that fails keeps its error (too little data in the admin's language)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.jobs import operations as job_operations
from marketplace.jobs import tasks
from marketplace.jobs.models import JobRun
from marketplace.ranking import jobs as ranking_jobs
from marketplace.ranking.models import RankingModel
from tests.web.test_csrf import log_in, token_from


def models() -> list[RankingModel]:
    return db.session.scalars(select(RankingModel).order_by(RankingModel.id)).all()


def runs() -> list[JobRun]:
    return db.session.scalars(select(JobRun).order_by(JobRun.id)).all()


@pytest.fixture
def low_threshold(monkeypatch):
    """The logs of the tests hold 300 entries: train from 100 on."""
    from marketplace.ranking import routes

    monkeypatch.setattr(routes, "DEFAULT_MIN_ROWS", 100)


def test_an_admin_trains_a_model_from_the_ranking_page(login_as, logs, simulated, users,
                                                      low_threshold):
    logs(simulated)
    client = login_as("admin")
    page = client.get("/admin/ranking/").get_data(as_text=True)
    assert "Nu een nieuw model trainen" in page
    response = client.post("/admin/ranking/train", follow_redirects=True)
    assert "De training is klaar" in response.get_data(as_text=True)
    [model] = models()
    assert model.trained_by_id == users["admin"].id
    [run] = runs()
    assert (run.name, run.state, run.attempts) == ("train_ranking_model", "done", 1)
    assert run.args_summary == f"[{users['admin'].id}, 100, 5, 0]"


def test_a_done_training_run_handed_over_again_stores_no_second_model(app_ctx, logs,
                                                                     simulated):
    logs(simulated)
    run = tasks.dispatch(ranking_jobs.train_ranking_model_job, 0, 100, 5, 1)
    assert len(models()) == 1
    # The queue hands the same run over again (a worker died after the commit).
    ranking_jobs.train_ranking_model_job.call_local(0, 100, 5, 1, run_id=run.id)
    assert len(models()) == 1
    db.session.refresh(run)
    assert (run.state, run.attempts) == ("done", 1)


def test_a_worker_killed_before_the_done_mark_leaves_no_model(app_ctx, logs, simulated,
                                                              monkeypatch):
    logs(simulated)

    def killed(run_id):
        raise SystemExit("worker killed")

    with monkeypatch.context() as dying:
        dying.setattr(tasks, "record_done", killed)
        with pytest.raises(SystemExit):
            ranking_jobs.train_ranking_model_job.call_local(0, 100, 5, 1, run_id=None)
    db.session.rollback()
    assert models() == []  # the model was never committed without its done-mark
    [run] = runs()
    assert run.state == "running"
    ranking_jobs.train_ranking_model_job.call_local(0, 100, 5, 1, run_id=run.id)
    assert len(models()) == 1
    db.session.refresh(run)
    assert (run.state, run.attempts) == ("done", 2)


def test_training_with_too_little_data_fails_with_the_reason_in_the_admins_language(
    login_as, users
):
    client = login_as("admin")
    response = client.post("/admin/ranking/train", follow_redirects=True)
    assert "De training is mislukt" in response.get_data(as_text=True)
    assert models() == []
    [run] = runs()
    assert run.state == "failed"
    assert run.error.startswith("TooLittleData: ")
    page = client.get("/admin/jobs/").get_data(as_text=True)
    assert "Een rankingmodel trainen" in page
    assert "Te weinig gegevens: 0 regels, 0 gekozen" in page
    client.post("/language", data={"locale": "en", "next": "/"})
    page = client.get("/admin/jobs/").get_data(as_text=True)
    assert "Too little data: 0 entries, 0 chosen (at least 200 entries" in page


def test_a_training_job_that_raises_keeps_its_error_and_can_be_tried_again(
    login_as, logs, simulated, monkeypatch
):
    logs(simulated)
    from marketplace.ranking import train

    def broken():
        raise RuntimeError("the logs could not be read")

    with monkeypatch.context() as down:
        down.setattr(train.training_rows, "training_data", broken)
        run = tasks.dispatch(ranking_jobs.train_ranking_model_job, 0, 100, 5, 1)
    db.session.refresh(run)
    assert (run.state, run.error) == ("failed", "RuntimeError: the logs could not be read")
    assert models() == []
    client = login_as("admin")
    assert "the logs could not be read" in client.get("/admin/jobs/").get_data(as_text=True)
    client.post(f"/admin/jobs/{run.id}/retry")
    db.session.refresh(run)
    assert run.state == "done" and len(models()) == 1


def test_training_from_the_page_needs_the_forms_token(csrf_app, app_ctx):
    client = csrf_app.test_client()
    log_in(client)
    page = client.get("/admin/ranking/").get_data(as_text=True)
    assert client.post("/admin/ranking/train").status_code == 400
    assert runs() == []
    response = client.post("/admin/ranking/train", data={"csrf_token": token_from(page)})
    assert response.status_code == 302
    assert len(runs()) == 1


def test_match_train_background_queues_the_same_job(app, app_ctx, logs, simulated):
    logs(simulated)
    result = app.test_cli_runner().invoke(
        args=["match", "train", "--background", "--min-rows", "100"])
    assert result.exit_code == 0, result.output
    [run] = runs()
    assert f"Training queued as job run {run.id}" in result.output
    assert run.name == "train_ranking_model" and run.state == "done"
    assert len(models()) == 1


def test_job_operations_tell_a_done_run(app_ctx):
    run = job_operations.record_queued("train_ranking_model", (0, 100, 5, 0))
    assert not job_operations.run_is_done(run.id)
    job_operations.record_done(run.id)
    assert job_operations.run_is_done(run.id)
