"""The lines of a candidate's history table are written in Python
(``candidates/history_html.py``) exactly as the loop of ``cell()`` blocks wrote them,
in Dutch and English, with markup in names escaped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import session
from flask_babel import refresh

from marketplace.candidates.form_labels import field_labels
from marketplace.candidates.queries import TrailEntry
from marketplace.candidates.routes import ACTION_LABELS

#: The lines as ``history_table`` wrote them with ``cell()`` of ``macros/tables.html``.
BY_MACRO = """{% from "macros/tables.html" import cell %}  {% for entry in entries %}
    <tr role="row">
      <th scope="row" role="rowheader">{{ entry.at|datetimeformat('short') }}</th>
      {% call cell(_('Who')) %}{% if entry.actor_name %}<span translate="no">{{ entry.actor_name }}{% if entry.actor_organisation %} ({{ entry.actor_organisation }}){% endif %}</span>{% else %}{{ _('the system') }}{% endif %}{% endcall %}
      {% call cell(_('What')) %}{{ action_labels.get(entry.action, entry.action) }}{% if entry.action == 'candidate_changed' and entry.details.fields %}: {% for name in entry.details.fields %}{{ field_labels.get(name, name) }}{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}{% endcall %}
    </tr>
  {% endfor %}"""  # noqa: E501 - the macro's lines as they were

BY_PYTHON = "  {{ candidate_history_rows(entries, action_labels, field_labels) }}"

AT = datetime(2026, 3, 14, 22, 30, tzinfo=UTC)
ENTRIES = [
    TrailEntry(AT, "candidate_changed", 'Coach <"A">', "Org & Co", {"fields": [
        "pseudonym", "coach_note", "no_such_field", "<b>"]}),
    TrailEntry(AT, "candidate_changed", "Coach B", None, {}),
    TrailEntry(AT, "candidate_created", None, None, {}),
    TrailEntry(AT, "consent_given", "Coach C", "Partner", {"fields": ["email"]}),
    TrailEntry(AT, "<unknown & action>", "", "Org", {"page": "profile"}),
]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_history_lines_are_written_as_the_cells_wrote_them(app, language):
    with app.test_request_context():
        session["locale"] = language
        refresh()
        values = {"entries": ENTRIES, "action_labels": ACTION_LABELS,
                  "field_labels": field_labels()}
        by_macro = app.jinja_env.from_string(BY_MACRO).render(values)
        assert app.jinja_env.from_string(BY_PYTHON).render(values) == by_macro
        assert "Coach &lt;&#34;A&#34;&gt; (Org &amp; Co)" in by_macro
        assert "no_such_field, &lt;b&gt;" in by_macro
        assert "&lt;unknown &amp; action&gt;" in by_macro
        assert ("Profile changed" if language == "en" else "Profiel gewijzigd") in by_macro


def test_no_lines_write_nothing(app):
    with app.test_request_context():
        values = {"entries": [], "action_labels": ACTION_LABELS, "field_labels": {}}
        assert app.jinja_env.from_string(BY_PYTHON).render(values) == "  "
        assert app.jinja_env.from_string(BY_MACRO).render(values) == "  "


def test_the_field_labels_are_in_the_readers_language_and_kept_per_language(app):
    def labels_in(language: str) -> dict:
        with app.test_request_context():
            session["locale"] = language
            refresh()
            return field_labels()

    dutch, english = labels_in("nl"), labels_in("en")
    assert dutch["hours_per_week"] == "Uren per week" and dutch["consent"] == "Toestemming"
    assert english["hours_per_week"] == "Hours per week" and english["coach"] == "Coach"
    assert labels_in("nl") is dutch and labels_in("en") is english
