"""A coach to whom an admin handed a colleague's whole caseload reads it in their news
and in the daily digest: how many people and from whom, never who, linking to their
caseload."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.candidates import caseload_handover
from marketplace.candidates.jobs import hand_over_caseload_job
from marketplace.extensions import db
from marketplace.jobs.tasks import dispatch
from marketplace.mail.models import OutgoingMessage
from marketplace.news import jobs as news_jobs
from tests.conftest import login
from tests.factories import make_candidate, make_user


def _hand_over(users, organisations, people: int):
    """Coach A's ``people`` people handed to a new colleague, who wants the digest."""
    colleague = make_user(organisations["partner_a"], role="coach", name="Collega Nora")
    colleague.wants_daily_digest = True
    for n in range(people):
        make_candidate(users["coach_a"], pseudonym=f"Persoon {n}")
    handover = caseload_handover.request_caseload_handover(
        users["coach_a"], to_coach=colleague, note=None, expected=people, by=users["admin"])
    dispatch(hand_over_caseload_job, handover.id, users["coach_a"].id)  # commits, runs
    return colleague


def test_the_receiving_coach_reads_the_handover_in_their_news(
    client, app_ctx, users, organisations
):
    colleague = _hand_over(users, organisations, 3)
    login(client, colleague.email)
    home = client.get("/start").get_data(as_text=True)
    assert ('<a href="/candidates/">3 mensen uit de caseload van <span translate="no">Coach '
            'A</span> zijn aan jou overgedragen.</a>') in home
    assert "Persoon 0" not in home.split('id="news-heading"')[1].split("</section>")[0]
    # The one who left has no such news.
    login(client, users["coach_a"].email)
    assert "aan jou overgedragen" not in client.get("/start").get_data(as_text=True)


def test_the_digest_tells_the_handover_without_naming_anyone(
    app, app_ctx, users, organisations
):
    colleague = _hand_over(users, organisations, 1)
    assert news_jobs.send_news_digests_job.call_local() >= 1
    [mail] = db.session.scalars(select(OutgoingMessage)
                                .where(OutgoingMessage.recipient == colleague.email)).all()
    assert "Nieuws sinds je vorige e-mail:" in mail.body
    assert "1 persoon uit de caseload van Coach A is aan jou overgedragen." in mail.body
    assert f"{app.config['PUBLIC_BASE_URL']}/candidates/" in mail.body
    assert "Persoon 0" not in mail.body
