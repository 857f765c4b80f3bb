"""The daily digest: one mail a day per coach who wants it and has news, with the
same items as the home page, in the coach's language; never two a day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.jobs.models import JobRun
from marketplace.mail.models import OutgoingMessage
from marketplace.news import jobs as news_jobs
from marketplace.news.digest import send_daily_digests
from tests.news.conftest import age, answer


def digests(user) -> list[OutgoingMessage]:
    return list(db.session.scalars(
        select(OutgoingMessage).where(OutgoingMessage.recipient == user.email,
                                      OutgoingMessage.subject.contains("Werkbrug:"))
        .order_by(OutgoingMessage.id)))


@pytest.fixture
def wants_digest(users):
    users["coach_a"].wants_daily_digest = True
    db.session.commit()
    return users["coach_a"]


def test_a_coach_with_news_gets_one_digest_with_the_items_and_a_link(app, proposal, users,
                                                                     wants_digest):
    answer(proposal, users, "invite")
    assert news_jobs.send_news_digests_job.call_local() == 1
    [mail] = digests(wants_digest)
    assert mail.subject == "Werkbrug: 1 nieuw bericht over je kandidaten"
    assert "Employer A Logistics heeft Yonas uitgenodigd" in mail.body
    assert f"{app.config['PUBLIC_BASE_URL']}/proposals/{proposal.id}" in mail.body
    assert f"{app.config['PUBLIC_BASE_URL']}/start" in mail.body
    assert f"{app.config['PUBLIC_BASE_URL']}/account" in mail.body
    # No personal data beyond the pseudonym.
    assert proposal.candidate.email not in mail.body if proposal.candidate.email else True
    assert wants_digest.digest_sent_at is not None


def test_twice_in_a_day_or_on_two_workers_the_digest_goes_out_once(proposal, users,
                                                                   wants_digest):
    answer(proposal, users, "invite")
    copies = [news_jobs.send_news_digests_job.s(), news_jobs.send_news_digests_job.s()]
    results = [news_jobs.send_news_digests_job.call_local(task=copy) for copy in copies]
    assert results == [1, None]  # the second scheduler's copy finds its slot taken
    assert news_jobs.send_news_digests_job.call_local() == 0  # a direct call: same day
    assert len(digests(wants_digest)) == 1
    [run, direct] = db.session.scalars(select(JobRun).order_by(JobRun.id)).all()
    assert (run.name, run.state, direct.state) == ("send_news_digests", "done", "done")


def test_the_next_day_only_what_is_new_since_the_last_digest_counts(proposal, users,
                                                                    wants_digest):
    answer(proposal, users, "invite")
    send_daily_digests()
    db.session.commit()
    tomorrow = utcnow() + timedelta(days=1)
    assert send_daily_digests(now=tomorrow) == 0  # nothing new since
    answer(proposal, users, "hire")
    assert send_daily_digests(now=tomorrow) == 1
    assert "aangenomen" in digests(wants_digest)[-1].body


def test_nothing_to_tell_means_no_mail(proposal, wants_digest):
    assert news_jobs.send_news_digests_job.call_local() == 0
    assert digests(wants_digest) == []
    assert wants_digest.digest_sent_at is None


def test_a_coach_without_the_setting_gets_no_mail(proposal, users):
    answer(proposal, users, "invite")
    assert news_jobs.send_news_digests_job.call_local() == 0
    assert digests(users["coach_a"]) == []


def test_an_inactive_coach_gets_no_mail(proposal, users, wants_digest):
    answer(proposal, users, "invite")
    wants_digest.active = False
    db.session.commit()
    assert send_daily_digests() == 0


def test_a_proposal_that_started_to_wait_is_news_in_english(proposal, users, wants_digest):
    wants_digest.locale = "en"
    wants_digest.digest_sent_at = utcnow() - timedelta(days=1)
    db.session.commit()
    age(proposal, 7)  # it waits from today on (7 days, the default)
    assert send_daily_digests() == 1
    [mail] = digests(wants_digest)
    assert mail.subject == "Werkbrug: 1 new thing about your candidates"
    assert "What waits for you:" in mail.body
    assert "(new) Yonas has waited 7 days for an answer from Employer A" in mail.body
