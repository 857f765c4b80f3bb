"""The fixed vocabularies: every value has a translated label, and the mapping from an
opportunity's working time to a candidate's day parts (pure Python, no app)."""

from __future__ import annotations

import pytest

from marketplace.candidates import vocabularies as v
from marketplace.candidates.vocabularies import DayPart, schedule_fit
from marketplace.web.labels import LABELS

VOCABULARIES = {
    "candidate_status": v.CandidateStatus,
    "dutch_level_source": v.DutchLevelSource,
    "education_level": v.EducationLevel,
    "diploma_recognition": v.DiplomaRecognition,
    "work_permission": v.WorkPermission,
    "trajectory": v.Trajectory,
    "commute_means": v.CommuteMeans,
    "day_part": v.DayPart,
    "consent_method": v.ConsentMethod,
    "gender": v.Gender,
    "erasure_reason": v.ErasureReason,
}


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_every_value_of_a_vocabulary_has_a_label_in_the_same_order(name):
    assert list(LABELS[name]) == [member.value for member in VOCABULARIES[name]]


@pytest.mark.parametrize(
    ("available", "schedule", "fit"),
    [
        (set(), "night", 1.0),  # no limits recorded
        ({DayPart.AFTERNOONS}, "day", 0.5),  # Dutch class in the morning
        ({DayPart.MORNINGS, DayPart.AFTERNOONS}, "day", 1.0),
        ({DayPart.AFTERNOONS}, "evening", 0.0),
        ({DayPart.EVENINGS, DayPart.WEEKENDS}, "weekend", 1.0),
        ({DayPart.MORNINGS, DayPart.EVENINGS}, "shifts", 2 / 3),
        ({DayPart.NIGHTS}, "night", 1.0),
        ({DayPart.MORNINGS}, "something else", 1.0),
    ],
)
def test_schedule_fit(available, schedule, fit):
    assert schedule_fit(available, schedule) == pytest.approx(fit)


def test_each_day_part_has_its_column():
    assert [part.column for part in DayPart] == [
        "available_mornings",
        "available_afternoons",
        "available_evenings",
        "available_nights",
        "available_weekends",
    ]
