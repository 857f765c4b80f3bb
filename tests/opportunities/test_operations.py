"""The business rules: creating, changing, the life cycle, duplicating, and the audit
trail each change leaves. The database refuses what the rules refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.audit.models import AuditEvent
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities import operations
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.operations import (
    LanguageWish,
    NotReadyToPublish,
    SkillWish,
    TransitionNotAllowed,
    apply_transition,
)
from marketplace.taxonomy.queries import get_skill_by_uri
from marketplace.web.conflicts import EditConflict
from tests.factories import LOADING


def events(opportunity, action=None):
    query = select(AuditEvent).where(AuditEvent.subject_type == "opportunity",
                                     AuditEvent.subject_id == opportunity.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalars(query.order_by(AuditEvent.id)).all()


def data_of(opportunity, **changes):
    return operations.opportunity_data(opportunity, **changes)


def test_creating_records_the_first_values(make_opportunity):
    opportunity = make_opportunity()
    (created,) = events(opportunity)
    assert created.action == "opportunity_created"
    assert created.details["changes"]["title"] == [None, "Heftruckchauffeur"]
    assert created.details["changes"]["dutch_level"] == [None, "A2"]
    assert opportunity.status == "draft" and opportunity.ref.startswith("opportunity-")


def test_a_change_records_old_and_new_values_and_the_version(make_opportunity):
    opportunity = make_opportunity()
    version = opportunity.version
    changes = operations.update_opportunity(
        opportunity, data_of(opportunity, hours_per_week=19.5, dutch_level="A1"),
        expected_version=version,
    )
    assert changes == {"hours_per_week": [38.0, 19.5], "dutch_level": ["A2", "A1"]}
    event = events(opportunity, "opportunity_changed")[-1]
    assert event.details == {"changes": changes, "version": version + 1}


def test_saving_without_changes_records_nothing_and_keeps_the_version(make_opportunity):
    opportunity = make_opportunity()
    version = opportunity.version
    assert operations.update_opportunity(opportunity, data_of(opportunity),
                                         expected_version=version) == {}
    db.session.flush()
    assert opportunity.version == version
    assert events(opportunity, "opportunity_changed") == []


def test_changing_only_the_skills_bumps_the_version(make_opportunity):
    opportunity = make_opportunity()
    version = opportunity.version
    skills = [SkillWish(get_skill_by_uri(LOADING), False)]
    changes = operations.update_opportunity(opportunity, data_of(opportunity, skills=skills),
                                            expected_version=version)
    assert list(changes) == ["skills"]
    assert opportunity.version == version + 1
    assert [row.skill.uri for row in opportunity.skills] == [LOADING]


def test_a_language_can_be_changed_and_removed_in_place(make_opportunity):
    opportunity = make_opportunity(languages=[LanguageWish("en", "B1", False),
                                              LanguageWish("fr", "A2", True)])
    operations.update_opportunity(
        opportunity, data_of(opportunity, languages=[LanguageWish("en", "B2", True)]),
        expected_version=opportunity.version,
    )
    db.session.flush()
    assert [(r.language_code, r.level, r.required) for r in opportunity.languages] == [
        ("en", "B2", True)
    ]


def test_a_stale_version_is_a_conflict_and_changes_nothing(make_opportunity):
    opportunity = make_opportunity()
    with pytest.raises(EditConflict):
        operations.update_opportunity(opportunity, data_of(opportunity, title="Other"),
                                      expected_version=opportunity.version - 1)
    assert opportunity.title == "Heftruckchauffeur"


def test_kind_specific_fields_are_cleared_for_other_kinds(make_opportunity):
    opportunity = make_opportunity()
    operations.update_opportunity(
        opportunity, data_of(opportunity, kind="volunteering"),
        expected_version=opportunity.version,
    )
    assert opportunity.contract_type is None and opportunity.internship_weeks is None


# --- the life cycle ------------------------------------------------------------------


def test_publishing_sets_the_first_publication_moment_once(make_opportunity):
    opportunity = make_opportunity(status="paused")
    first = opportunity.published_at
    assert first is not None
    apply_transition(opportunity, "publish", expected_version=opportunity.version)
    assert opportunity.status == "published" and opportunity.published_at == first


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"description": ""}, ["description"]),
        ({"closes_on": None}, ["closes_on"]),
        ({"contract_type": None}, ["contract_type"]),
        ({"kind": "internship", "internship_weeks": None, "contract_type": None},
         ["internship_weeks"]),
    ],
)
def test_an_incomplete_draft_cannot_be_published(make_opportunity, overrides, missing):
    opportunity = make_opportunity(**overrides)
    with pytest.raises(NotReadyToPublish) as error:
        apply_transition(opportunity, "publish", expected_version=opportunity.version)
    assert error.value.missing == missing
    assert opportunity.status == "draft"


def test_a_draft_whose_closing_date_passed_cannot_be_published(make_opportunity):
    opportunity = make_opportunity(
        starts_on=local_today() - timedelta(days=20),
        closes_on=local_today() - timedelta(days=1),
    )
    with pytest.raises(NotReadyToPublish):
        apply_transition(opportunity, "publish", expected_version=opportunity.version)


@pytest.mark.parametrize(
    ("status", "action"),
    [("draft", "pause"), ("draft", "fill"), ("draft", "reopen"), ("published", "publish"),
     ("filled", "pause"), ("closed", "close"), ("closed", "fill"), ("published", "explode")],
)
def test_moves_outside_the_transition_table_are_refused(make_opportunity, status, action):
    opportunity = make_opportunity(status=status)
    with pytest.raises(TransitionNotAllowed):
        apply_transition(opportunity, action, expected_version=opportunity.version)
    assert opportunity.status == status


def test_filling_and_closing_set_their_moments(make_opportunity):
    filled = make_opportunity(status="filled")
    closed = make_opportunity(status="closed")
    assert filled.filled_at is not None and filled.closed_at is None
    assert closed.closed_at is not None


def test_reopening_publishes_again_when_the_closing_date_is_ahead(make_opportunity):
    opportunity = make_opportunity(status="filled")
    assert apply_transition(opportunity, "reopen", expected_version=opportunity.version) == (
        "published"
    )
    assert opportunity.filled_at is None


def test_reopening_goes_back_to_draft_when_the_closing_date_passed(make_opportunity):
    opportunity = make_opportunity(status="closed")
    opportunity.starts_on = None
    opportunity.closes_on = local_today() - timedelta(days=1)
    db.session.flush()
    assert apply_transition(opportunity, "reopen", expected_version=opportunity.version) == (
        "draft"
    )


def test_every_transition_is_in_the_audit_log_with_its_version(make_opportunity):
    opportunity = make_opportunity(status="published")
    apply_transition(opportunity, "pause", expected_version=opportunity.version)
    actions = [(e.action, e.details.get("changes", {}).get("status"), e.details.get("version"))
               for e in events(opportunity)]
    assert actions == [
        ("opportunity_created", None, 1),
        ("opportunity_published", ["draft", "published"], 2),
        ("opportunity_paused", ["published", "paused"], 3),
    ]


def test_a_transition_with_a_stale_version_is_a_conflict(make_opportunity):
    opportunity = make_opportunity(status="published")
    with pytest.raises(EditConflict):
        apply_transition(opportunity, "pause", expected_version=1)


def test_a_stale_move_that_is_no_longer_possible_is_a_conflict_too(make_opportunity):
    opportunity = make_opportunity(status="published")
    seen = opportunity.version
    apply_transition(opportunity, "fill", expected_version=seen)  # someone else
    with pytest.raises(EditConflict):
        apply_transition(opportunity, "pause", expected_version=seen)


def test_available_actions_follow_the_status(make_opportunity):
    assert operations.available_actions(make_opportunity()) == ["publish", "close"]
    assert operations.available_actions(make_opportunity(status="published")) == [
        "pause", "fill", "close"]
    assert operations.available_actions(make_opportunity(status="filled")) == ["reopen"]


# --- duplicating ---------------------------------------------------------------------


def test_duplicating_makes_a_new_draft_with_the_same_content(make_opportunity):
    original = make_opportunity(status="filled")
    original.ref = "import-17"
    copy = operations.duplicate_opportunity(original, "(kopie)")
    assert copy.id != original.id
    assert copy.title == "Heftruckchauffeur (kopie)"
    assert (copy.status, copy.published_at, copy.filled_at) == ("draft", None, None)
    assert copy.ref.startswith("opportunity-")  # its own ref, never the original's
    assert operations.snapshot(copy) | {"title": None} == operations.snapshot(original) | {
        "title": None}
    assert events(copy)[0].details["copied_from"] == original.id
    assert events(original, "opportunity_duplicated")[0].details == {"copy_id": copy.id}


def test_duplicating_a_long_title_stays_within_the_column(make_opportunity):
    original = make_opportunity(title="x" * 200)
    copy = operations.duplicate_opportunity(original, "(kopie)")
    assert len(copy.title) == 200 and copy.title.endswith(" (kopie)")


# --- the database holds the rules too --------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"hours_per_week": 61},
        {"hours_per_week": 0.5},
        {"places": 0},
        {"works_day": False},
        {"kind": "gig"},
        {"status": "archived"},
        {"contract_type": "forever"},
        {"internship_weeks": 6},  # a job has no internship length
        {"dutch_level": "A3"},
        {"starts_on_after_closing": True},
    ],
)
def test_the_database_refuses_what_the_rules_refuse(make_opportunity, change):
    opportunity = make_opportunity()
    if change.pop("starts_on_after_closing", False):
        change = {"starts_on": opportunity.closes_on + timedelta(days=1)}
    for name, value in change.items():
        setattr(opportunity, name, value)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_ref_is_unique(make_opportunity):
    first, second = make_opportunity(), make_opportunity()
    first.ref = second.ref = "same"
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_one_language_only_once_per_opportunity(make_opportunity):
    from marketplace.opportunities.models import OpportunityLanguage

    opportunity = make_opportunity()
    opportunity.languages.append(OpportunityLanguage(language_code="en", level="A1"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_opportunities_are_stored_with_their_organisation(make_opportunity, organisations):
    opportunity = make_opportunity("employer_b")
    stored = db.session.scalar(select(Opportunity).where(Opportunity.id == opportunity.id))
    assert stored.organisation_id == organisations["employer_b"].id
