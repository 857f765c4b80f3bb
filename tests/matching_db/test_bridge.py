"""The bridge: rankings from the database, visibility per coach, fresh after changes,
explanations in words, and the ``match rank`` command."""

from __future__ import annotations

import json
from datetime import date

from flask import g
from flask_babel import force_locale
from sqlalchemy import select, update

from marketplace.candidates.operations import withdraw_consent
from marketplace.data_versions import current_version
from marketplace.extensions import db
from marketplace.matching import operations
from marketplace.suggestions import sentences
from marketplace.suggestions.ranking import candidates_for, opportunities_for
from marketplace.taxonomy.models import Occupation, Skill
from tests.factories import make_candidate


def ranked_ids(opportunity, viewer=None, near=False):
    ranked = candidates_for(opportunity, viewer, enabled=True, top_k=50, near_misses=near)
    found = [e.candidate_id for e in ranked.entries]
    misses = [e.candidate_id for e in ranked.near_misses]
    return (found, misses) if near else found


def explanations(result) -> list:
    return [entry.explanation for entry in result.entries]


def test_a_coach_sees_suggestions_from_their_own_caseload_only(opportunity, users):
    mine = make_candidate(users["coach_a"], commit=True)
    theirs = make_candidate(users["coach_b"], commit=True)
    assert mine.id in ranked_ids(opportunity, users["coach_a"])
    assert theirs.id not in ranked_ids(opportunity, users["coach_a"])
    assert {mine.id, theirs.id} <= set(ranked_ids(opportunity, None))


def test_a_change_is_in_the_next_ranking(opportunity, users):
    candidate = make_candidate(users["coach_a"], commit=True)
    assert candidate.id in ranked_ids(opportunity, users["coach_a"])
    withdraw_consent(candidate, withdrawn_on=date(2026, 2, 1), recorded_by=users["coach_a"])
    db.session.commit()
    found, misses = ranked_ids(opportunity, users["coach_a"], near=True)
    assert candidate.id not in found
    assert candidate.id in misses


def test_explanations_read_as_sentences_in_both_languages(opportunity, users, app):
    make_candidate(users["coach_a"], commit=True)
    ranked = explanations(candidates_for(opportunity, users["coach_a"], enabled=True, top_k=5))
    with app.test_request_context("/"):
        with force_locale("en"):
            names = sentences.names_for(ranked, "en")
            english = sentences.explanation_sentences(ranked[0], names)
        with force_locale("nl"):
            names = sentences.names_for(ranked, "nl")
            dutch = sentences.explanation_sentences(ranked[0], names)
    assert any(sentence.startswith("Dutch:") for sentence in english)
    assert any(sentence.startswith("Nederlands:") for sentence in dutch)
    assert english != dutch


def test_match_rank_prints_json_for_refs(app, opportunity, users):
    opportunity.ref = "job-1"
    candidate = make_candidate(users["coach_a"], commit=True)
    candidate.ref = "cand-1"
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["match", "rank", "job-1", "--top", "5",
                                                "--json"])
    assert result.exit_code == 0, result.output
    ranked = json.loads(result.output)
    assert list(ranked) == ["job-1"]
    entry = next(e for e in ranked["job-1"] if e["candidate"] == "cand-1")
    assert 0 <= entry["score"] <= 1 and entry["reasons"]


def test_match_rank_refuses_unknown_refs(app, opportunity):
    result = app.test_cli_runner().invoke(args=["match", "rank", "nope"])
    assert result.exit_code != 0
    assert "nope" in result.output


def test_a_candidate_gets_ranked_open_opportunities_with_reasons(opportunity, users):
    candidate = make_candidate(users["coach_a"], commit=True)
    ranked = explanations(opportunities_for(candidate, enabled=True, top_k=10))
    assert opportunity.id in [e.opportunity_id for e in ranked]
    explanation = next(e for e in ranked if e.opportunity_id == opportunity.id)
    assert 0 <= explanation.score <= 1 and explanation.reasons


def test_a_candidate_who_is_not_active_gets_no_suggestions(opportunity, users):
    candidate = make_candidate(users["coach_a"], commit=True)
    candidate.status = "paused"
    db.session.commit()
    ranked = opportunities_for(candidate, enabled=True)
    assert ranked.entries == [] and ranked.near_misses == []


def test_names_are_looked_up_only_for_skills_not_for_missing_day_parts(app_ctx):
    """A schedule reason lists missing day parts ("night") under the same key as a
    skills reason lists missing skill ids; PostgreSQL refuses "night" as a skill id."""
    from marketplace.matching.explain import Explanation, Reason
    from marketplace.taxonomy.models import Skill

    skill_id = db.session.scalar(select(Skill.id).limit(1))
    explanation = Explanation(
        candidate_id=1, opportunity_id=1, score=0.5, scorer_version="cold-start-1",
        reasons=(Reason("skills_required", {"matched": [], "partly": [],
                                            "missing": [skill_id]}, -0.1),
                 Reason("schedule", {"needed": ["day", "night"], "available": ["day"],
                                     "missing": ["night"]}, -0.05)),
        unmet=(), strongest_up=(), strongest_down=(),
    )
    names = sentences.names_for([explanation], "nl")
    assert names.skill_list([skill_id]) != "?"


def test_a_taxonomy_change_reaches_the_engine_through_its_stamp(app_ctx):
    """The taxonomy's stamp goes up with every write of a taxonomy model, a bulk
    update like the loader's too: a renamed occupation is resolved by its new title,
    a new skill gets a column, without counting the tables on every page."""
    skills = len(operations.matching_spaces().skills)
    before = current_version("taxonomy")
    db.session.add(Skill(uri="http://example.com/skill/lace", kind="group",
                         code="S9.9", label_en="making lace", label_nl=""))
    db.session.commit()
    assert current_version("taxonomy") == before + 1
    db.session.rollback()  # a new request: the stamp is read again
    g.pop("taxonomy_version", None)
    assert len(operations.matching_spaces().skills) == skills + 1
    occupation = db.session.scalars(select(Occupation).order_by(Occupation.id)).first()
    db.session.execute(update(Occupation), [{"id": occupation.id, "label_nl": "Kantklosser"}])
    db.session.commit()
    g.pop("taxonomy_version", None)
    assert operations.title_resolver().resolve("kantklosser").occupation_id == occupation.id


def test_explanation_names_kept_by_the_process_follow_a_renamed_skill_and_language(app_ctx):
    """The names of skills, occupations, languages and sectors are kept per process
    under the taxonomy's stamp: a renamed skill or language reads its new name."""
    from marketplace.matching.explain import Explanation, Reason
    from marketplace.taxonomy.models import Language

    skill_id = db.session.scalar(select(Skill.id).order_by(Skill.id).limit(1))
    code = db.session.scalar(select(Language.code).order_by(Language.code).limit(1))
    explanation = Explanation(
        candidate_id=1, opportunity_id=1, score=0.5, scorer_version="cold-start-1",
        reasons=(Reason("skills_required", {"matched": [skill_id], "partly": [],
                                            "missing": []}, 0.1),),
        unmet=(), strongest_up=(), strongest_down=(),
    )
    names = sentences.names_for([explanation], "nl")
    assert names.skill_list([skill_id]) != "kantklossen"
    assert sentences.names_for([explanation], "nl").skills == names.skills  # kept
    db.session.execute(update(Skill), [{"id": skill_id, "label_en": "kantklossen"}])
    db.session.execute(update(Language), [{"code": code, "name_nl": "Kants"}])
    db.session.commit()
    g.pop("taxonomy_version", None)
    names = sentences.names_for([explanation], "nl")
    assert names.skill_list([skill_id]) == "kantklossen"
    assert names.language(code) == "Kants"
