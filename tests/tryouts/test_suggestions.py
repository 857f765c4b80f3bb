"""Try-outs go through the one suggestion path: candidates for a try-out and try-outs
for a candidate, with the same rules as other kinds (working time, Dutch level,
distance)."""

from __future__ import annotations

from marketplace.suggestions import ranking
from tests.factories import WAREHOUSE, make_candidate, make_tryout


def _by_id(entries) -> dict[int, tuple[str, ...]]:
    return {entry.candidate_id: entry.unmet for entry in entries}


def test_candidates_for_a_tryout_follow_the_usual_rules(app_ctx, users, organisations):
    coach = users["coach_a"]
    tryout = make_tryout(organisations["employer_a"], dutch_level="A2")  # day work, 2030
    fits = make_candidate(coach, pseudonym="Past", wishes=[WAREHOUSE])
    low_dutch = make_candidate(coach, pseudonym="Weinig Nederlands", dutch_level="none")
    evenings = make_candidate(coach, pseudonym="Avond", day_parts=frozenset({"evenings"}))
    far = make_candidate(coach, pseudonym="Ver", postcode="3000", max_commute_km=10)

    result = ranking.candidates_for(tryout, coach, enabled=True, near_misses=True,
                                    deadline=False)

    assert result.ranked
    suggested = {entry.candidate_id for entry in result.entries}
    assert fits.id in suggested
    assert not {low_dutch.id, evenings.id, far.id} & suggested
    near = _by_id(result.near_misses)
    assert near[low_dutch.id] == ("dutch_level",)
    assert near[evenings.id] == ("working_time",)
    assert near[far.id] == ("distance",)


def test_tryouts_for_a_candidate_come_with_the_other_opportunities(app_ctx, users,
                                                                   organisations):
    coach = users["coach_a"]
    tryout = make_tryout(organisations["employer_a"], dutch_level="A1")
    too_hard = make_tryout(organisations["employer_b"], dutch_level="B2",
                           title="Proeven van jobs: kantoor")
    candidate = make_candidate(coach, wishes=[WAREHOUSE], dutch_level="A2")

    result = ranking.opportunities_for(candidate, enabled=True, near_misses=True,
                                       deadline=False)

    assert tryout.id in {entry.opportunity_id for entry in result.entries}
    near = {entry.opportunity_id: entry.unmet for entry in result.near_misses}
    assert near[too_hard.id] == ("dutch_level",)


def test_a_candidate_who_wished_only_jobs_is_still_suggested_for_a_tryout(app_ctx, users,
                                                                         organisations):
    coach = users["coach_a"]
    tryout = make_tryout(organisations["employer_a"])
    only_jobs = make_candidate(coach, pseudonym="Alleen jobs", wished_kinds=frozenset({"job"}))
    result = ranking.candidates_for(tryout, coach, enabled=True, deadline=False)
    assert only_jobs.id in {entry.candidate_id for entry in result.entries}


def test_a_tryouts_stored_hours_never_count_against_anyone(app_ctx, users, organisations):
    """A try-out is one session: its stored hours a week (38 here) are shown nowhere,
    so a candidate who wishes 16 hours a week is no worse a fit than one who wishes
    38, and nobody gets an hours mark or sentence for it."""
    coach = users["coach_a"]
    tryout = make_tryout(organisations["employer_a"])
    assert tryout.hours_per_week == 38
    part_time = make_candidate(coach, pseudonym="Deeltijds", wishes=[WAREHOUSE],
                               hours_per_week=16)
    full_time = make_candidate(coach, pseudonym="Voltijds", wishes=[WAREHOUSE],
                               hours_per_week=38)

    result = ranking.candidates_for(tryout, coach, enabled=True, deadline=False)

    entries = {entry.candidate_id: entry for entry in result.entries}
    assert entries[part_time.id].score == entries[full_time.id].score
    for entry in entries.values():
        assert "hours" not in {reason.code for reason in entry.explanation.reasons}
    for_part_timer = ranking.opportunities_for(part_time, enabled=True, deadline=False)
    entry = next(e for e in for_part_timer.entries if e.opportunity_id == tryout.id)
    assert "hours" not in {reason.code for reason in entry.explanation.reasons}
