"""The marks of a suggestion row, derived from the explanation and the unmet hard
requirements (pure: no database, no request)."""

from __future__ import annotations

from marketplace.matching.explain import Explanation, Reason
from marketplace.suggestions.marks import MET, PARTLY, UNKNOWN, UNMET, Mark, marks_for


def explained(*reasons: Reason, unmet: tuple[Reason, ...] = ()) -> Explanation:
    return Explanation(candidate_id=1, opportunity_id=2, score=0.8,
                       scorer_version="cold-start-1", reasons=reasons, unmet=unmet,
                       strongest_up=(), strongest_down=())


def dutch(candidate="B1", required="A2", bridged=False) -> Reason:
    return Reason("dutch_level", {"candidate": candidate, "required": required,
                                  "language_support": bridged, "bridged": bridged})


def distance(km, max_commute_km=None) -> Reason:
    return Reason("distance", {"km": km, "max_commute_km": max_commute_km})


def schedule(needed=("day",), available=("day",), missing=()) -> Reason:
    return Reason("schedule", {"needed": list(needed), "missing": list(missing),
                               "available": None if available is None else list(available)})


def skills(matched=(), partly=(), missing=()) -> Reason:
    return Reason("skills_required", {"matched": list(matched), "partly": list(partly),
                                      "missing": list(missing)})


def hours(wished, offered) -> Reason:
    return Reason("hours", {"wished": wished, "offered": offered})


def unmet(requirement: str, **params) -> Reason:
    return Reason("requirement_unmet", {"requirement": requirement, **params})


def states(marks: list[Mark]) -> list[tuple[str, str]]:
    return [(mark.aspect, mark.state) for mark in marks]


def test_a_suggestion_that_fits_everywhere_has_six_met_marks_in_a_fixed_order():
    marks = marks_for(explained(skills(matched=[7]), dutch(), distance(4.5, 10), hours(38, 38),
                                schedule()))
    assert states(marks) == [("dutch", MET), ("working_time", MET), ("distance", MET),
                             ("skills", MET), ("hours", MET), ("permit", MET)]
    assert marks[0].level == "B1" and marks[2].km == 4.5
    assert [mark.symbol for mark in marks] == ["✓"] * 6


def test_partly_met_aspects_are_marked_partly():
    marks = marks_for(explained(dutch("A1", "A2", bridged=True), distance(3.0),
                                schedule(needed=("day", "evening"), missing=("evening",)),
                                skills(matched=[7], partly=[8]), hours(30, 38),
                                Reason("work_permission_pending", {})))
    assert states(marks) == [("dutch", PARTLY), ("working_time", PARTLY), ("distance", MET),
                             ("skills", PARTLY), ("hours", PARTLY), ("permit", PARTLY)]
    assert {mark.symbol for mark in marks} == {"~", "✓"}


def test_a_missing_must_have_skill_and_far_too_few_hours_are_not_met_but_stay_in_place():
    marks = marks_for(explained(dutch(), distance(2.0), skills(matched=[7], missing=[8]),
                                hours(16, 38)))
    assert states(marks) == [("dutch", MET), ("distance", MET), ("skills", UNMET),
                             ("hours", UNMET), ("permit", MET)]
    assert marks[2].symbol == "✗"


def test_hours_within_ten_percent_are_met_and_under_half_are_not():
    def hours_state(wished, offered):
        return dict(states(marks_for(explained(hours(wished, offered)))))["hours"]

    assert hours_state(36, 38) == MET and hours_state(40, 38) == MET
    assert hours_state(19, 38) == PARTLY
    assert hours_state(18, 38) == UNMET


def test_what_is_not_recorded_is_unknown_and_what_is_not_asked_has_no_mark():
    marks = marks_for(explained(dutch(), Reason("distance_unknown", {}),
                                schedule(available=None), hours(None, 38)))
    assert states(marks) == [("dutch", MET), ("working_time", UNKNOWN), ("distance", UNKNOWN),
                             ("permit", MET)]
    assert marks[1].symbol == "?"


def test_a_near_miss_shows_its_unmet_requirements_first():
    explanation = explained(
        dutch("A1", "B1"), distance(22.3, 15), schedule(), skills(matched=[7]),
        unmet=(unmet("dutch_level", candidate="A1", required="B1", language_support=False),
               unmet("distance", km=22.3, max_commute_km=15.0)),
    )
    marks = marks_for(explanation, ("dutch_level", "distance"))
    assert states(marks) == [("dutch", UNMET), ("distance", UNMET), ("working_time", MET),
                             ("skills", MET), ("permit", MET)]
    assert marks[0].level == "A1" and marks[1].km == 22.3


def test_a_near_miss_on_working_time_or_permit_names_that_first():
    marks = marks_for(explained(dutch(), distance(1.0), schedule(missing=("day",)),
                                unmet=(unmet("working_time", needed=["day"],
                                             available=["evening"]),)),
                      ("working_time",))
    assert states(marks)[0] == ("working_time", UNMET)
    marks = marks_for(explained(dutch(), distance(1.0), unmet=(unmet("allowed_to_work"),)),
                      ("allowed_to_work",))
    assert states(marks) == [("permit", UNMET), ("dutch", MET), ("distance", MET)]


def test_requirements_without_an_aspect_get_a_mark_of_their_own():
    marks = marks_for(explained(dutch(), distance(1.0), unmet=(unmet("kind", kind="job"),)),
                      ("kind",))
    assert states(marks)[0] == ("kind", UNMET)


def test_an_unranked_row_is_judged_on_the_hard_requirements_only():
    assert states(marks_for(None)) == [("dutch", MET), ("working_time", MET),
                                       ("distance", MET), ("permit", MET)]
    assert states(marks_for(None, ("consent", "distance"))) == [
        ("consent", UNMET), ("distance", UNMET), ("dutch", MET), ("working_time", MET),
        ("permit", MET)]
