"""Business rules for suggestions. Functions change objects and flush; callers commit.

* Every suggestion list shown to a coach is logged with its entries (rank, score,
  features), so proposals and dismissals link back to the rank they were shown at.
  Each page is a list of its own: page 2 logs places 21 to 40 with those ranks.
* A coach dismisses a suggestion with a reason (and their own words, which never go
  into the audit log); a dismissed pair is left out of later lists until restored.
* Admins switch the ranking off and on (``ranking_enabled``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from marketplace.audit.operations import record_event
from marketplace.candidates import fairness_traits
from marketplace.candidates.lifecycle import candidate_erasing
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.suggestions import entry_log, queries, ranking
from marketplace.suggestions.entry_log import LoggedList
from marketplace.suggestions.models import (
    SETTING_ID,
    RankingSetting,
    SuggestionDismissal,
    SuggestionEntry,
    SuggestionList,
)
from marketplace.suggestions.ranking import SuggestionResult
from marketplace.suggestions.vocab import DismissReason, SuggestionSubject


class SuggestionError(Exception):
    """A rule about suggestions was broken; the view says so in the user's language."""


class AlreadyDismissed(SuggestionError):
    pass


class AlreadyRestored(SuggestionError):
    pass


# --- the switch ----------------------------------------------------------------------------


def ranking_enabled() -> bool:
    """Whether coaches get ranked suggestions (on unless an admin switched it off)."""
    enabled = db.session.scalar(
        select(RankingSetting.ranking_enabled).where(RankingSetting.id == SETTING_ID)
    )
    return True if enabled is None else bool(enabled)


def ranking_setting() -> RankingSetting | None:
    return db.session.get(RankingSetting, SETTING_ID)


def set_ranking_enabled(enabled: bool, *, by) -> RankingSetting:
    """Switch the ranking on or off (audit-logged); nothing changes when it already is."""
    setting = ranking_setting()
    if setting is None:
        setting = RankingSetting(id=SETTING_ID, ranking_enabled=True)
        db.session.add(setting)
    before = bool(setting.ranking_enabled)
    setting.ranking_enabled = enabled
    setting.changed_by_id = by.id
    setting.changed_at = utcnow()
    db.session.flush()
    record_event("ranking_switched", "ranking_setting", SETTING_ID,
                 {"from": before, "to": enabled}, actor=by)
    return setting


# --- logging what was shown ------------------------------------------------------------------


def write_suggestion_list(coach, result: SuggestionResult, *,
                          opportunity_id: int | None = None,
                          candidate_id: int | None = None) -> LoggedList:
    """Store the list ``coach`` is about to see: about one opportunity or one candidate,
    its scorer version and every real suggestion with its rank (near misses are not
    logged). The ranks are places in the whole list: a later page's entries start at
    ``result.first_rank`` (21 on page 2), so a list's lowest rank says which page was
    seen, and only a first page has the top-10 places of the fairness report. The
    entries get ids, which the page's "Propose" and "Dismiss" carry.

    Written by Core INSERT ... RETURNING statements (``entry_log``: one for the list and
    its entries on PostgreSQL) instead of a flush of some twenty new objects, which cost
    every suggestion page more CPU than anything else it writes; no ORM object is made
    (the pages only need the ids: ``log_suggestion_list`` gives the objects). A flush
    would add the entries' fairness places (``candidates/fairness_traits.py``); so does this."""
    return _written(coach, result, opportunity_id, candidate_id)[1]


def _written(coach, result: SuggestionResult, opportunity_id: int | None,
             candidate_id: int | None) -> tuple[dict, LoggedList]:
    """:func:`write_suggestion_list`, also giving the list's column values."""
    subject = (SuggestionSubject.OPPORTUNITY if opportunity_id is not None
               else SuggestionSubject.CANDIDATE)
    values = {"coach_id": coach.id, "subject": subject, "opportunity_id": opportunity_id,
              "candidate_id": candidate_id, "scorer_version": result.scorer_version,
              "ranked": result.ranked, "shown_at": utcnow()}
    connection = db.session.connection()
    logged = entry_log.insert_list(connection, values, result.entries, result.first_rank)
    if logged.entries and fairness_traits.may_hold_places(result.ranked, subject,
                                                          result.first_rank):
        fairness_traits.add_places_of_entries(logged.entries, connection)
    return values, logged


def log_suggestion_list(coach, result: SuggestionResult, *, opportunity_id: int | None = None,
                        candidate_id: int | None = None) -> SuggestionList:
    """``write_suggestion_list``, and the list with its entries (loaded, in rank order)
    back as the session's persistent objects, as if a flush had written them: for a
    caller that goes on with them in the same transaction (set ``shown_at``, follow
    ``entry.suggestion_list``)."""
    values, logged = _written(coach, result, opportunity_id, candidate_id)
    shown = _persistent(SuggestionList(id=logged.id, **values))
    entries = [_persistent(SuggestionEntry(
        id=entry.id, list_id=logged.id, rank=entry.rank, score=listed.score,
        candidate_id=entry.candidate_id, opportunity_id=entry.opportunity_id,
        features=listed.features))
        for entry, listed in zip(logged.entries, result.entries, strict=True)]
    for entry in entries:
        set_committed_value(entry, "suggestion_list", shown)
    set_committed_value(shown, "entries", entries)
    return shown


def _persistent(instance):
    """``instance``, just written with these values by a Core INSERT, as the session's
    persistent object of its row: as if loaded, nothing left to flush."""
    make_transient_to_detached(instance)
    db.session.add(instance)
    return instance


# --- dismissing and restoring ---------------------------------------------------------------


def dismiss_suggestion(entry: SuggestionEntry, coach, *, reason: str,
                       note: str | None = None) -> SuggestionDismissal:
    """Set the entry's pair aside. Refuses (``AlreadyDismissed``, nothing written) when
    the pair is already dismissed, also by a request a moment ago (the partial unique
    index answers; the savepoint keeps the transaction usable)."""
    dismissal = SuggestionDismissal(
        candidate_id=entry.candidate_id, opportunity_id=entry.opportunity_id,
        coach_id=coach.id, entry_id=entry.id, reason=DismissReason(reason),
        note=note or None, dismissed_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(dismissal)
            db.session.flush()
    except IntegrityError as error:
        raise AlreadyDismissed() from error
    record_event("suggestion_dismissed", "suggestion_dismissal", dismissal.id, {
        "candidate_id": entry.candidate_id, "opportunity_id": entry.opportunity_id,
        "entry_id": entry.id, "rank": entry.rank, "reason": str(dismissal.reason),
    }, actor=coach)
    return dismissal


def restore_suggestion(dismissal: SuggestionDismissal, *, by) -> SuggestionDismissal:
    """Bring a dismissed pair back into the suggestion lists."""
    if dismissal.restored_at is not None:
        raise AlreadyRestored()
    dismissal.restored_at = utcnow()
    db.session.flush()
    record_event("suggestion_restored", "suggestion_dismissal", dismissal.id, {
        "candidate_id": dismissal.candidate_id, "opportunity_id": dismissal.opportunity_id,
    }, actor=by)
    return dismissal


def erase_dismissal_notes(candidate_id: int) -> None:
    """Empty what coaches wrote when dismissing the candidate's suggestions (erasure);
    the rows stay, so counts of dismissals by reason stay right."""
    for dismissal in db.session.scalars(
        select(SuggestionDismissal).where(SuggestionDismissal.candidate_id == candidate_id)
    ):
        dismissal.note = None
    db.session.flush()


@candidate_erasing.connect
def _erase_notes_on_erasure(candidate, **_facts) -> None:
    """Erasure: the coaches' notes on the candidate's dismissed suggestions go."""
    erase_dismissal_notes(candidate.id)


# --- showing a list ----------------------------------------------------------------------------


def show_candidates_for(opportunity, coach, *, near_misses: bool = False,
                        top_k: int = ranking.PAGE_SIZE, page: int = 1, viewer=None,
                        dismissed: set[int] | None = None
                        ) -> tuple[SuggestionResult, LoggedList]:
    """The candidates suggested to ``coach`` for ``opportunity`` (dismissed ones left
    out; ranked unless switched off or failing), page ``page`` of ``top_k``, logged as
    shown. ``viewer``: whose candidates may be suggested, when not the coach's (a
    partner's API key). ``dismissed``: the ids of the candidates set aside for it, when
    the caller read them already (the page does, with what it shows of them)."""
    if dismissed is None:
        dismissed = queries.dismissed_candidate_ids(opportunity.id)
    result = ranking.candidates_for(
        opportunity, viewer or coach, top_k=top_k, page=page, near_misses=near_misses,
        excluded=dismissed,
    )
    return result, write_suggestion_list(coach, result, opportunity_id=opportunity.id)


def show_opportunities_for(candidate, coach, *, near_misses: bool = False,
                           top_k: int = ranking.PAGE_SIZE, page: int = 1,
                           dismissed: set[int] | None = None
                           ) -> tuple[SuggestionResult, LoggedList]:
    """The open opportunities suggested for ``candidate`` (dismissed ones left out),
    page ``page`` of ``top_k``, logged as shown to ``coach``. ``dismissed``: the ids of
    the opportunities set aside for them, when the caller read them already."""
    if dismissed is None:
        dismissed = queries.dismissed_opportunity_ids(candidate.id)
    result = ranking.opportunities_for(
        candidate, top_k=top_k, page=page, near_misses=near_misses, excluded=dismissed,
    )
    return result, write_suggestion_list(coach, result, candidate_id=candidate.id)
