"""The skills table names only the skills that can make its top, and still shows the
same rows as naming them all would: ties at the edge are settled by name."""

from __future__ import annotations

import random

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.insights.demand_tables import TOP_SKILLS
from marketplace.insights.protection import HIDDEN, Figure
from marketplace.insights.tables import (
    Row,
    by_shown_figure,
    leading_by_shown_figure,
)
from marketplace.opportunities.models import OpportunitySkill
from marketplace.taxonomy.models import Skill
from tests.insights.conftest import PERIOD, csv_rows


def test_the_rows_tied_with_the_last_place_are_all_contenders():
    cells = [[Figure(v)] for v in (10, 50, 10, 40, 5, 10)] + [[HIDDEN]]
    assert leading_by_shown_figure(cells, 3) == [0, 1, 2, 3, 5]
    assert leading_by_shown_figure(cells, 2) == [1, 3]
    assert leading_by_shown_figure(cells, 7) == list(range(7))
    assert leading_by_shown_figure(cells, 10) == list(range(7))


def test_the_contenders_give_the_same_top_as_sorting_every_row():
    chance = random.Random(7)
    for _ in range(200):
        rows = [
            Row(
                chance.choice("abcdefgh") * chance.randint(1, 3),
                [chance.choice([HIDDEN, Figure(0), Figure(5), Figure(10), Figure(15)])],
            )
            for _ in range(chance.randint(0, 12))
        ]
        top = chance.randint(1, 6)
        contenders = [rows[i] for i in leading_by_shown_figure([r.cells for r in rows], top)]
        assert by_shown_figure(contenders)[:top] == by_shown_figure(rows)[:top]


def test_skills_tied_at_the_edge_of_the_top_are_chosen_by_name(login_as, make_opportunities):
    skills = db.session.scalars(
        select(Skill).where(Skill.label_nl != "").order_by(Skill.id).limit(TOP_SKILLS + 3)
    ).all()
    for opportunity in make_opportunities(5):  # every skill asked by the same 5
        opportunity.skills.extend(OpportunitySkill(skill_id=s.id, required=False) for s in skills)
    db.session.commit()
    analyst = login_as("analyst")
    args = {**PERIOD, "sector": ""}
    rows = csv_rows(analyst.get("/insights/demand/skills.csv", query_string=args))
    expected = sorted((s.label_nl for s in skills), key=str.lower)[:TOP_SKILLS]
    assert list(rows) == expected
    assert all(cells == ["5", "0"] for cells in rows.values())
