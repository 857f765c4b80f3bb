"""Skill names in the suggestions' explanations follow the page's language: a Dutch
page names a skill in Dutch when Werkbrug's catalogue has a Dutch name (as the profile
and the opportunity do), else in ESCO's English marked ``lang="en"``; an English page
names every skill in English."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.opportunities.operations import SkillWish
from marketplace.taxonomy.models import Skill
from tests.factories import FORKLIFT, make_candidate, make_opportunity

LIFTING = "http://data.europa.eu/esco/skill/a60b664f-bb07-4dd1-8dfa-134a0827f8da"


def test_a_dutch_page_names_a_catalogued_skill_in_dutch(users, organisations, login_as):
    lifting = db.session.scalar(select(Skill).where(Skill.uri == LIFTING))
    english_only = db.session.scalar(
        select(Skill).where(Skill.label_nl == "", Skill.kind == lifting.kind).limit(1))
    opportunity = make_opportunity(
        organisations["employer_a"], commit=True,
        skills=[SkillWish(lifting, required=True), SkillWish(english_only, required=True)])
    make_candidate(users["coach_a"], pseudonym="Amal", wishes=[FORKLIFT],
                   skills=frozenset({lifting.id}), commit=True)
    client = login_as("coach_a")
    page = client.get(f"/suggestions/opportunities/{opportunity.id}").get_data(as_text=True)
    assert '<span translate="no">hef- en transporttoestellen bedienen</span>' in page
    assert f'<span lang="en" translate="no">{english_only.label_en}</span>' in page
    client.post("/language", data={"locale": "en", "next": "/start"})
    page = client.get(f"/suggestions/opportunities/{opportunity.id}").get_data(as_text=True)
    assert ('<span lang="en" translate="no">operating lifting or moving equipment</span>'
            in page)
    assert "hef- en transporttoestellen" not in page
