"""A pair's matched and missing skills are named in the same order on both suggestion
pages (the candidates for an opportunity, the opportunities for a candidate): the
opportunity's own order, the order its employer listed them in, as its page lists them.

The two pages read an opportunity's skills differently (one opportunity by id; every
open one at once for the table), so the order must come from the reads, not from
however the database happens to return the rows: without an ORDER BY, SQLite gave both
reads in skill id order (through the unique index on opportunity and skill), and
PostgreSQL answers in the order of whichever plan it picks (that index for one
opportunity of a large table, a scan in the rows' physical order for all of them)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.matching.opportunity_records import loaded_record, opportunity_records
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.operations import SkillWish
from marketplace.taxonomy.models import Skill
from tests.factories import FORKLIFT, make_candidate, make_opportunity

SKILL_SENTENCE = re.compile(
    r"<li>((?:Noodzakelijke vaardigheden|Vaardigheden die mooi meegenomen zijn): .*?)</li>")


@pytest.fixture
def skills(app_ctx):
    """Six ESCO skills, highest id first: the order in which the opportunity lists
    them is not the order of their ids."""
    return list(db.session.scalars(select(Skill).order_by(Skill.id.desc()).limit(6)))


@pytest.fixture
def pair(users, organisations, skills):
    # Listed as must-have (three), nice-to-have (three), highest skill id first.
    opportunity = make_opportunity(
        organisations["employer_a"], commit=True,
        skills=[SkillWish(skill, required=n < 3) for n, skill in enumerate(skills)])
    # Holds the first and third of each kind, misses the others.
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", wishes=[FORKLIFT],
                               skills=frozenset(skills[n].id for n in (0, 2, 3, 5)),
                               commit=True)
    return candidate, opportunity


def skill_sentences(html: str, candidate_or_opportunity_name: str) -> list[str]:
    """The skill sentences of the row whose text holds the name."""
    rows = [row for row in html.split('<div class="match__row">')[1:]
            if candidate_or_opportunity_name in row]
    assert len(rows) == 1
    return SKILL_SENTENCE.findall(rows[0])


def test_the_same_pair_names_its_skills_in_the_same_order_on_both_pages(
        client, login_as, pair, skills):
    candidate, opportunity = pair
    login_as("coach_a")
    on_opportunity_page = client.get(f"/suggestions/opportunities/{opportunity.id}")
    on_candidate_page = client.get(f"/suggestions/candidates/{candidate.id}")
    assert on_opportunity_page.status_code == on_candidate_page.status_code == 200
    by_opportunity = skill_sentences(on_opportunity_page.get_data(as_text=True), "Amal")
    by_candidate = skill_sentences(on_candidate_page.get_data(as_text=True),
                                   opportunity.title)
    assert len(by_opportunity) == 2
    assert by_opportunity == by_candidate
    # The opportunity's own order: as listed, highest skill id first.
    must, nice = by_opportunity
    names = [f'<span lang="en" translate="no">{skill.label_en}</span>'
             if skill.label_lang("nl") == "en" else f'<span translate="no">{skill.label_nl}</span>'
             for skill in skills]
    assert must.index(names[0]) < must.index(names[2])  # has 0, 2
    assert nice.index(names[3]) < nice.index(names[5])  # has 3, 5
    assert must.index(names[1]) > must.index(names[2])  # misses 1
    assert nice.index(names[4]) > nice.index(names[5])  # misses 4


def test_both_reads_give_an_opportunitys_skills_in_its_own_order(pair, skills):
    _candidate, opportunity = pair
    listed = [skill.id for skill in skills]
    one = loaded_record(opportunity)
    every = opportunity_records(select(Opportunity.id).where(Opportunity.id == opportunity.id))
    for record in (one, *every):
        assert record["skills_required"] + record["skills_advantage"] == listed
