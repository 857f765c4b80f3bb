"""An admin's whole-caseload handover runs as a background job: the request checks and
records it, the job moves the people. Run again (a retry, a worker killed half-way) it
moves only who is still to move and writes each person's handover record once; while
it runs, the admin's pages say so; a job that fails keeps its error for the admin."""

from __future__ import annotations

import pytest
from huey.storage import MemoryStorage
from sqlalchemy import func, select

from marketplace.accounts.operations import set_user_active
from marketplace.audit.models import AuditEvent
from marketplace.candidates import caseload_handover
from marketplace.candidates.handovers import CandidateHandover, CaseloadHandover
from marketplace.candidates.jobs import hand_over_caseload_job
from marketplace.extensions import db
from marketplace.jobs import tasks
from marketplace.jobs.models import JobRun
from marketplace.jobs.queue import huey
from tests.candidates.test_caseload_handover import _coach_ids, _url, colleague  # noqa: F401
from tests.factories import make_candidate


@pytest.fixture
def five(app_ctx, users):
    """Coach A with five people."""
    return [make_candidate(users["coach_a"], pseudonym=f"Persoon {n}", commit=n == 4)
            for n in range(5)]


@pytest.fixture
def queue_waits():
    """A queue that keeps jobs waiting (in memory) instead of running them in the
    request, as a real worker would pick them up later; put back after."""
    saved = (huey.immediate, huey.storage)
    huey.immediate = False
    huey.storage = MemoryStorage("werkbrug-test-handover")
    try:
        yield huey
    finally:
        huey.storage = saved[1]
        huey.immediate = saved[0]


def _request(users, colleague, expected=5) -> CaseloadHandover:  # noqa: F811
    handover = caseload_handover.request_caseload_handover(
        users["coach_a"], to_coach=colleague, note="Coach A vertrekt.", expected=expected,
        by=users["admin"])
    db.session.commit()
    return handover


def _records() -> list[tuple[int, int]]:
    return [tuple(row) for row in db.session.execute(
        select(CandidateHandover.candidate_id, CandidateHandover.caseload_handover_id)
        .order_by(CandidateHandover.candidate_id))]


def _moves_logged() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "candidate_handed_over"))


def test_the_job_moves_everyone_and_a_second_run_does_nothing_more(users, five, colleague):  # noqa: F811
    handover = _request(users, colleague)
    run = tasks.dispatch(hand_over_caseload_job, handover.id, users["coach_a"].id)
    assert _coach_ids(five) == {colleague.id}
    assert _records() == [(p.id, handover.id) for p in five]
    db.session.refresh(handover)
    assert handover.moved == 5 and handover.finished_at is not None
    assert handover.note is None  # each person's record keeps it
    db.session.refresh(run)
    assert (run.state, run.args_summary) == ("done", f"[{handover.id}, {users['coach_a'].id}]")
    # Each move names the admin who asked, though the job runs without a logged-in user.
    actors = set(db.session.scalars(select(AuditEvent.actor_id)
                                    .where(AuditEvent.action == "candidate_handed_over")))
    assert actors == {users["admin"].id}
    # The same run handed over again, and a new run of the same handover.
    hand_over_caseload_job.call_local(handover.id, users["coach_a"].id, run_id=run.id)
    assert hand_over_caseload_job.call_local(handover.id, users["coach_a"].id) == 5
    assert len(_records()) == 5 and _moves_logged() == 5
    db.session.refresh(handover)
    assert handover.moved == 5


@pytest.mark.parametrize("dies", ["after_first_batch", "before_the_done_mark"])
def test_a_run_after_a_partial_move_finishes_the_rest_without_duplicates(
    users, five, colleague, monkeypatch, dies  # noqa: F811
):
    handover = _request(users, colleague)
    next_batch = caseload_handover._next_batch
    batches = []

    def dying_after_one_batch(handover):
        if batches:
            raise SystemExit("worker killed")
        batches.append(1)
        return next_batch(handover)

    def killed(run_id):
        raise SystemExit("worker killed")

    with monkeypatch.context() as dying:
        dying.setattr(caseload_handover, "BATCH", 2)
        if dies == "after_first_batch":
            dying.setattr(caseload_handover, "_next_batch", dying_after_one_batch)
        else:
            dying.setattr(tasks, "record_done", killed)
        with pytest.raises(SystemExit):
            hand_over_caseload_job.call_local(handover.id, users["coach_a"].id)
    db.session.rollback()
    moved_before = len(_records())
    assert moved_before == (2 if dies == "after_first_batch" else 5)  # the batches committed
    db.session.refresh(handover)
    assert handover.finished_at is None
    [run] = db.session.scalars(select(JobRun)).all()
    assert run.state == "running"  # as recovery finds a dead worker's run
    hand_over_caseload_job.call_local(handover.id, users["coach_a"].id, run_id=run.id)
    assert _coach_ids(five) == {colleague.id}
    assert _records() == [(p.id, handover.id) for p in five]  # one record per person
    assert _moves_logged() == 5
    db.session.refresh(handover)
    db.session.refresh(run)
    assert handover.moved == 5 and (run.state, run.attempts) == ("done", 2)


def test_while_the_job_waits_the_pages_say_the_handover_is_under_way(
    client, login_as, users, five, colleague, queue_waits  # noqa: F811
):
    login_as("admin")
    response = client.post(_url(users["coach_a"]), data={
        "to_coach": str(colleague.id), "note": "Coach A vertrekt.", "expected": "5"})
    assert response.status_code == 302
    assert _coach_ids(five) == {users["coach_a"].id}  # nothing moved in the request
    user_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ("De overdracht van 5 personen aan Collega Nora is gestart en loopt op de "
            "achtergrond.") in user_page
    assert "Nog over te dragen: 5 van 5 personen." in user_page
    assert 'href="/admin/jobs/"' in user_page
    assert "Caseload overdragen" not in user_page and "5 personen in de caseload" not in user_page
    page = client.get(_url(users["coach_a"])).get_data(as_text=True)
    assert "Nog over te dragen: 5 van 5 personen." in page and "<form method=\"post\" " \
        "novalidate" not in page
    # A second confirmation while it runs changes nothing.
    again = client.post(_url(users["coach_a"]), data={
        "to_coach": str(colleague.id), "expected": "5"})
    assert again.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(CaseloadHandover)) == 1
    [handover] = db.session.scalars(select(CaseloadHandover)).all()
    jobs_page = client.get("/admin/jobs/").get_data(as_text=True)
    assert "De caseload van een coach overdragen" in jobs_page
    assert (f'<a href="{_url(users["coach_a"])}">Overdracht van caseload {handover.id}</a>'
            in jobs_page)
    [run] = db.session.scalars(select(JobRun)).all()
    hand_over_caseload_job.call_local(handover.id, users["coach_a"].id, run_id=run.id)
    done = client.get(f"/admin/users/{users['coach_a'].id}").get_data(as_text=True)
    assert "0 personen in de caseload." in done and "Nog over te dragen" not in done


def test_a_failed_job_keeps_its_error_and_the_admin_can_hand_over_again(
    client, login_as, users, five, colleague, queue_waits  # noqa: F811
):
    login_as("admin")
    client.post(_url(users["coach_a"]), data={"to_coach": str(colleague.id), "expected": "5"})
    set_user_active(colleague, False, by=users["admin"])  # gone before the job ran
    db.session.commit()
    [handover] = db.session.scalars(select(CaseloadHandover)).all()
    [run] = db.session.scalars(select(JobRun)).all()
    with pytest.raises(caseload_handover.TakeOverRefused):
        hand_over_caseload_job.call_local(handover.id, users["coach_a"].id, run_id=run.id)
    db.session.refresh(run)
    assert run.state == "failed" and run.error.startswith("TakeOverRefused: ")
    assert _coach_ids(five) == {users["coach_a"].id} and _records() == []
    stopped = "De coach die de caseload zou overnemen, is geen actieve coach"
    assert stopped in client.get("/admin/jobs/").get_data(as_text=True)
    user_page = client.get(f"/admin/users/{users['coach_a'].id}").get_data(as_text=True)
    assert 'De overdracht aan <span translate="no">Collega Nora</span> is gestopt' in user_page
    assert stopped in user_page
    assert "5 personen in de caseload." in user_page and "Caseload overdragen" in user_page
    page = client.get(_url(users["coach_a"])).get_data(as_text=True)
    assert stopped in page and "5 personen overdragen" not in page  # nobody left to take over
