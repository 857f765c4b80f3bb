"""Suggestion dismissals in the records (``suggestion_dismissal``): a coach set a
suggested candidate-opportunity pair aside with a reason and maybe a note, and maybe
brought it back. Checked against the file and the database, written, and exported.

A dismissal is found by its pair and ``dismissed_at`` in whole seconds (the file's
precision); importing it again changes nothing. What a line may not say (each a problem
of its line): a candidate, opportunity or coach that is neither in the file nor in the
database; a second open (not restored) dismissal of one pair, in the file or against an
open one the database holds at another moment, which the file does not restore (the
site keeps one open per pair). The suggestion entry a dismissal came from is a log of
the site and does not travel: an imported dismissal has none. No audit event is
written per row, as for the other records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.accounts.operations import normalise_email
from marketplace.accounts.roles import Role
from marketplace.candidates.models import Candidate
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.records.bulk import BATCH
from marketplace.records.history import _stored_candidates, _stored_opportunities
from marketplace.records.reader import ParsedFile, Problem
from marketplace.records.references import References
from marketplace.suggestions.models import SuggestionDismissal

KIND = "suggestion_dismissal"


def _second(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.astimezone(dt.UTC).replace(microsecond=0) if moment is not None else None


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _stored_dismissals(candidate_ids) -> list[SuggestionDismissal]:
    candidate_ids = sorted(set(candidate_ids))
    return [row for chunk in range(0, len(candidate_ids), BATCH)
            for row in db.session.scalars(select(SuggestionDismissal).where(
                SuggestionDismissal.candidate_id.in_(candidate_ids[chunk:chunk + BATCH])))]


def check_dismissals(parsed: ParsedFile, ref: References) -> list[Problem]:
    """The problems of the suggestion_dismissal lines (module docstring)."""
    records = parsed.records[KIND]
    if not records:
        return []
    problems: list[Problem] = []
    file_candidates = {r.ref for _l, r in parsed.records["candidate"]}
    file_opportunities = {r.ref for _l, r in parsed.records["opportunity"]}
    candidates = _stored_candidates([r.candidate for _l, r in records])
    opportunities = _stored_opportunities([r.opportunity for _l, r in records])
    first_open: dict[tuple[str, str], int] = {}
    for line, r in records:
        known = ref.coaches.get(r.coach.lower())
        checks = (
            (r.candidate in file_candidates or r.candidate in candidates,
             f"unknown candidate {r.candidate!r}"),
            (r.opportunity in file_opportunities or r.opportunity in opportunities,
             f"unknown opportunity {r.opportunity!r}"),
            (r.coach.lower() in ref.file_coaches or (known is not None and known[1] == Role.COACH),
             f"coach {r.coach} is not a coach in the file or the database"),
        )
        problems += [Problem(line, f"{KIND}: {message}") for ok, message in checks if not ok]
        if r.restored_at is None:
            first = first_open.setdefault((r.candidate, r.opportunity), line)
            if first != line:
                problems.append(Problem(line, f"{KIND}: candidate {r.candidate!r} was already set "
                                              f"aside for {r.opportunity!r} on line {first}"))
    problems += _open_in_database(records, candidates, opportunities)
    return problems


def _open_in_database(records, candidates, opportunities) -> list[Problem]:
    """An open dismissal in the file of a pair the database holds open at another
    moment, unless the file restores that one."""
    keys = {(candidates[r.candidate][0], opportunities[r.opportunity][0], _second(r.dismissed_at)):
            r for _l, r in records
            if r.candidate in candidates and r.opportunity in opportunities}
    open_stored = {}
    for row in _stored_dismissals(key[0] for key in keys):
        own = keys.get((row.candidate_id, row.opportunity_id, _second(row.dismissed_at)))
        restored = row.restored_at is not None if own is None or \
            "restored_at" not in own.model_fields_set else own.restored_at is not None
        if not restored:
            open_stored[(row.candidate_id, row.opportunity_id)] = _second(row.dismissed_at)
    problems = []
    for line, r in records:
        if r.restored_at is not None or r.candidate not in candidates \
                or r.opportunity not in opportunities:
            continue
        stored = open_stored.get((candidates[r.candidate][0], opportunities[r.opportunity][0]))
        if stored is not None and stored != _second(r.dismissed_at):
            problems.append(Problem(line, f"{KIND}: candidate {r.candidate!r} is already set "
                                          f"aside for {r.opportunity!r} since "
                                          f"{stored.isoformat()}"))
    return problems


def write_dismissals(parsed: ParsedFile, summary) -> None:
    """Create or update the file's dismissals (module docstring)."""
    records = parsed.records[KIND]
    if not records:
        return
    candidates = {key: row[0] for key, row in _stored_candidates(
        [r.candidate for _l, r in records]).items()}
    opportunities = {key: row[0] for key, row in _stored_opportunities(
        [r.opportunity for _l, r in records]).items()}
    coaches = dict(db.session.execute(
        select(User.email, User.id).where(User.role == Role.COACH)).all())
    existing = {(row.candidate_id, row.opportunity_id, _second(row.dismissed_at)): row
                for row in _stored_dismissals(candidates.values())}
    # Restorings first: the one open row per pair may move to another moment.
    ordered = sorted(records, key=lambda item: item[1].restored_at is None)
    for _line, r in ordered:
        key = (candidates[r.candidate], opportunities[r.opportunity], _second(r.dismissed_at))
        row = existing.get(key)
        given = r.model_fields_set
        values = {"coach_id": coaches[normalise_email(r.coach)], "reason": r.reason}
        if row is None or "note" in given:
            values["note"] = r.note or None
        if row is None or "restored_at" in given:
            values["restored_at"] = r.restored_at.astimezone(dt.UTC) if r.restored_at else None
        if row is None:
            db.session.add(SuggestionDismissal(
                candidate_id=key[0], opportunity_id=key[1],
                dismissed_at=r.dismissed_at.astimezone(dt.UTC), **values))
            summary.created[KIND] += 1
        elif any(_differs(getattr(row, name), value) for name, value in values.items()):
            for name, value in values.items():
                if _differs(getattr(row, name), value):
                    setattr(row, name, value)
            summary.updated[KIND] += 1
        else:
            summary.unchanged[KIND] += 1
        db.session.flush()  # the partial unique index sees each row in turn


def _differs(stored, wanted) -> bool:
    if isinstance(stored, dt.datetime) or isinstance(wanted, dt.datetime):
        return _second(stored) != _second(wanted)
    return stored != wanted


def dismissal_records(coaches: dict[int, str]) -> Iterator[dict]:
    """The dismissals of live candidates, in the order they were made."""
    live = dict(db.session.execute(
        select(Candidate.id, Candidate.ref).where(Candidate.status != "erased")).all())
    opportunity_refs = dict(db.session.execute(select(Opportunity.id, Opportunity.ref)).all())
    for row in db.session.scalars(select(SuggestionDismissal).order_by(
            SuggestionDismissal.dismissed_at, SuggestionDismissal.id)):
        if row.candidate_id not in live or row.coach_id not in coaches:
            continue
        record = {"type": KIND, "candidate": live[row.candidate_id],
                  "opportunity": opportunity_refs[row.opportunity_id],
                  "coach": coaches[row.coach_id], "reason": row.reason}
        if row.note:
            record["note"] = row.note
        record["dismissed_at"] = _iso(row.dismissed_at)
        if row.restored_at is not None:
            record["restored_at"] = _iso(row.restored_at)
        yield record
