"""The headings of the suggestion rows, written in Python (``row_html.candidate_heading``
and ``opportunity_heading``), are byte for byte what the ``{% call %}`` bodies of the
two pages wrote: listed and near-miss rows, own and shared candidates, names and titles
that repeat (their second detail), try-outs with and without a day, markup in names
escaped, in Dutch and in English."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import render_template_string
from flask_babel import force_locale
from flask_login import login_user

from marketplace.suggestions import row_html
from marketplace.suggestions.display import Row
from marketplace.suggestions.queries import CandidateLabel, OpportunityLabel

#: The bodies the pages' ``{% call match_row(...) %}`` had, as they were.
OLD_CANDIDATE_ROW = (
    """<span class="visually-hidden">{{ _('Number %(rank)d:', rank=row.rank) }} </span><a href="{{ url_for('candidates.profile', candidate_id=row.candidate_id) }}" translate="no">{{ row.candidate.pseudonym }}</a>{% if row.candidate.pseudonym in names %}{{ candidate_detail(row.candidate, names) }}{% endif %}\n"""  # noqa: E501
    """        {% if row.own %}<span class="muted">{{ _('(your caseload)') }}</span>{% else %}<span class="muted">{{ _('(shared)') }}</span>{% endif %}"""  # noqa: E501
)
OLD_CANDIDATE_NEAR = (
    """<a href="{{ url_for('candidates.profile', candidate_id=row.candidate_id) }}" translate="no">{{ row.candidate.pseudonym }}</a>{% if row.candidate.pseudonym in names %}{{ candidate_detail(row.candidate, names) }}{% endif %}"""  # noqa: E501
)
OLD_OPPORTUNITY_ROW = (
    """<span class="visually-hidden">{{ _('Number %(rank)d:', rank=row.rank) }} </span><a href="{{ url_for('opportunities.detail', opportunity_id=row.opportunity_id) }}" translate="no">{{ row.opportunity.title }}</a>\n"""  # noqa: E501
    """        <span class="muted" translate="no">{{ row.opportunity.organisation_name }}</span>{% if row.opportunity.title in titles %}{{ opportunity_detail(row.opportunity, titles, with_employer=False) }}{% endif %}\n"""  # noqa: E501
    """        {%- if row.by_enrolment %} <span class="muted">· {{ choice_label('opportunity_kind', row.opportunity.kind) }}{% if row.opportunity.session_on %}, {{ row.opportunity.session_on|dateformat('medium') }}{% endif %}</span>{% endif %}"""  # noqa: E501
)
OLD_OPPORTUNITY_NEAR = (
    """<a href="{{ url_for('opportunities.detail', opportunity_id=row.opportunity_id) }}" translate="no">{{ row.opportunity.title }}</a>\n"""  # noqa: E501
    """          <span class="muted" translate="no">{{ row.opportunity.organisation_name }}</span>"""  # noqa: E501
)
IMPORTS = ('{% from "macros/repeats.html" import candidate_detail, opportunity_detail '
           "with context %}")


def rendered(body: str, **context) -> str:
    return render_template_string(IMPORTS + body, **context)


def candidate_rows(viewer_id: int) -> list[Row]:
    added = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
    labels = [
        CandidateLabel(11, "Amal", True, "Coach A", "Partner A", postcode="2060",
                       created_at=added, coach_id=viewer_id, birth_year=1990),
        CandidateLabel(12, "Amal", False, "Coach B", "Partner <B>", postcode="2100",
                       created_at=added, coach_id=viewer_id + 1000),
        CandidateLabel(13, "<script>Bert</script>", False, "Coach B", "Partner B",
                       coach_id=viewer_id + 1000),
    ]
    return [Row(candidate_id=label.id, opportunity_id=5, candidate=label, opportunity=None,
                entry_id=100 + rank, rank=rank)
            for rank, label in enumerate(labels, start=21)]


def opportunity_rows() -> list[Row]:
    labels = [
        OpportunityLabel(31, "Heftruck", "job", "Haven & Co", "2030", date(2026, 10, 18),
                         None),
        OpportunityLabel(32, "Heftruck", "job", "Andere <werkgever>", None, None, None),
        OpportunityLabel(33, "Proefdag <magazijn>", "tryout", "Haven", "2000", None,
                         date(2026, 11, 4)),
        OpportunityLabel(34, "Proefdag zonder dag", "tryout", "Haven", "2000", None, None),
    ]
    return [Row(candidate_id=7, opportunity_id=label.id, candidate=None, opportunity=label,
                entry_id=200 + rank, rank=rank)
            for rank, label in enumerate(labels, start=1)]


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_candidate_headings_are_the_bytes_the_template_wrote(app, users, locale):
    coach = users["coach_a"]
    with app.test_request_context("/"), force_locale(locale):
        login_user(coach)
        rows = candidate_rows(coach.id)
        for names in ({"Amal"}, set()):
            for row in rows:
                old = rendered(OLD_CANDIDATE_ROW, row=row, names=names)
                new = rendered("{{ heading(row, names, candidate_detail) }}", row=row,
                               names=names, heading=row_html.candidate_heading)
                assert new == old
                old = rendered(OLD_CANDIDATE_NEAR, row=row, names=names)
                new = rendered("{{ heading(row, names, candidate_detail, listed=False) }}",
                               row=row, names=names, heading=row_html.candidate_heading)
                assert new == old
        assert "second-detail" in rendered("{{ heading(row, names, candidate_detail) }}",
                                           row=rows[0], names={"Amal"},
                                           heading=row_html.candidate_heading)
        assert "&lt;script&gt;" in rendered("{{ heading(row, (), candidate_detail) }}",
                                            row=rows[2], heading=row_html.candidate_heading)


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_opportunity_headings_are_the_bytes_the_template_wrote(app, users, locale):
    with app.test_request_context("/"), force_locale(locale):
        login_user(users["coach_a"])
        for titles in ({"Heftruck"}, set()):
            for row in opportunity_rows():
                old = rendered(OLD_OPPORTUNITY_ROW, row=row, titles=titles)
                new = rendered("{{ heading(row, titles, opportunity_detail) }}", row=row,
                               titles=titles, heading=row_html.opportunity_heading)
                assert new == old
                old = rendered(OLD_OPPORTUNITY_NEAR, row=row)
                new = rendered("{{ heading(row, (), opportunity_detail, listed=False) }}",
                               row=row, heading=row_html.opportunity_heading)
                assert new == old
        assert "second-detail" in rendered("{{ heading(row, titles, opportunity_detail) }}",
                                           row=opportunity_rows()[0], titles={"Heftruck"},
                                           heading=row_html.opportunity_heading)
        tryout = rendered("{{ heading(row, (), opportunity_detail) }}",
                          row=opportunity_rows()[2], heading=row_html.opportunity_heading)
        assert "&lt;magazijn&gt;" in tryout and "2026" in tryout
