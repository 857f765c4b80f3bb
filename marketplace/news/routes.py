"""The coach's news: on their home page (what is new since their last visit, and what
waits), and the page of the last 14 days, so nothing seen in a hurry is lost."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.forms import WorkPhoneForm
from marketplace.accounts.permissions import Permission, has_permission
from marketplace.accounts.roles import Role
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.news.builders import waiting_explained
from marketplace.news.collect import collect_news
from marketplace.news.forms import NewsSettingsForm, settings_form_of
from marketplace.news.items import RECENT_DAYS
from marketplace.news.operations import mark_news_seen, set_news_settings
from marketplace.security import requires
from marketplace.web.routes import home_context

bp = Blueprint("news", __name__, url_prefix="/news")


@home_context(Role.COACH)
def coach_home() -> dict:
    """The news since the coach's previous visit (the last 14 days on a first visit);
    this visit becomes the next one's "since". The page keeps the previous moment to
    say since when it counts."""
    now = utcnow()
    previous = current_user.news_seen_at
    news = collect_news(current_user, previous or now - timedelta(days=RECENT_DAYS), now)
    mark_news_seen(current_user, now)
    return {"news": news, "news_previous_visit": previous, "recent_days": RECENT_DAYS,
            "waiting_explained": waiting_explained()}


@bp.get("/")
@requires(Permission.READ_NEWS)
def recent():
    """Everything of the last 14 days and what waits; changes nothing."""
    now = utcnow()
    news = collect_news(current_user, now - timedelta(days=RECENT_DAYS), now)
    return render_template("news/recent.html", news=news, recent_days=RECENT_DAYS,
                           waiting_explained=waiting_explained())


@bp.post("/settings")
@requires(Permission.READ_NEWS)
def settings():
    """A coach's choices: the daily digest and the days after which a proposal waits
    too long. Bad input comes back on the account page with the message at the field."""
    form = NewsSettingsForm()
    if not form.validate_on_submit():
        phone_form = WorkPhoneForm(formdata=None, obj=current_user)
        return render_template("accounts/account.html", form=phone_form, news_form=form)
    set_news_settings(current_user, wants_daily_digest=form.wants_daily_digest.data,
                      unanswered_after_days=form.unanswered_after_days.data)
    db.session.commit()
    flash(_("Your news settings are saved."), "success")
    return redirect(url_for("accounts.account"))


@bp.app_context_processor
def _settings_form_helper():
    """The account page (``accounts/account.html``) shows a coach's news settings; the
    accounts package cannot import this one."""
    def news_settings_form():
        if not has_permission(current_user, Permission.READ_NEWS):
            return None
        return settings_form_of(current_user)
    return {"news_settings_form": news_settings_form}
