"""The model card of one trained ranking model, for admins and the data protection
officer: what it uses and never uses, what it learned from, its held-out scores beside
the ranking in use at its training, its history (trained, put in use, by whom) and its
known limits. The page (``ranking/model_card.html``) and the Markdown download
(``ranking/model_card.md``) show the same :class:`ModelCard`.

Only what the model row and the audit log store is shown: the row keeps the number of
entries and lists and when it was trained, not the period of the data, so the card
says it learned from all the logs and history there were then (``ranking/train.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from marketplace.audit.models import AuditEvent
from marketplace.matching.features import FEATURE_NAMES
from marketplace.ranking import in_use, queries
from marketplace.ranking.models import RankingModel

#: Each feature of ``matching.features.FEATURE_NAMES`` in plain words, said of an
#: opportunity of any kind: a model ranks courses and try-outs as it ranks jobs.
FEATURE_LABELS = {
    "occupation": _l("The occupation: how close the person's experience and wished "
                     "occupations are to the opportunity's occupation, and their years of "
                     "experience."),
    "skills_required": _l("The must-have skills of the opportunity that the person has."),
    "skills_advantage": _l("The nice-to-have skills of the opportunity that the person has."),
    "dutch": _l("Dutch: the person's level beside the level the opportunity asks for."),
    "languages": _l("Other languages the opportunity asks for."),
    "distance": _l("The distance between home and the opportunity's place (from the "
                   "postcodes)."),
    "hours": _l("The hours per week the person wants beside the hours on offer."),
    "schedule": _l("The parts of the day the person is available, beside the times the "
                   "opportunity needs."),
    "sector": _l("Whether the sector of the opportunity is one the person wishes."),
    "start_date": _l("When the person can start beside the start date of the opportunity."),
}
assert tuple(FEATURE_LABELS) == FEATURE_NAMES

#: What no ranking model ever receives (the features above are all it reads).
NEVER_USED = (
    _l("Gender."),
    _l("Birth year or age."),
    _l("The country where the person gained experience."),
    _l("The coach's notes."),
)

#: The limits every trained model has, whatever its scores.
KNOWN_LIMITS = (
    _l("It learned from past decisions of coaches, employers and training providers. Those "
       "decisions may hold bias, and the model can repeat it: the fairness report checks "
       "this."),
    _l("Hard requirements and the must-have-first order are rules applied after "
       "scoring: the model cannot change them."),
    _l("It never decides. It only orders suggestions; a coach decides whom to propose."),
)

#: The history events of one model, as the card names them.
EVENTS = ("ranking_model_trained", "ranking_model_activated")

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


@dataclass(frozen=True)
class ModelCard:
    model: RankingModel
    status: in_use.ModelStatus
    events: list[AuditEvent]
    """The model's own audit events (trained, put in use by an admin), oldest first."""

    @property
    def features(self) -> list[tuple[str, str]]:
        return [(name, str(FEATURE_LABELS[name])) for name in FEATURE_NAMES]


def model_card(model: RankingModel) -> ModelCard:
    """The card of ``model``, its status read from every switch in the audit log."""
    status = in_use.model_statuses([model])[model.id]
    return ModelCard(model, status, queries.model_events(model.id, EVENTS))


def markdown_text(value) -> str:
    """Data (a name, a version) as literal Markdown text: its markup characters escaped
    and line breaks flattened, so a name cannot add links or headings to the file. (The
    shared sentence macros escape it as HTML; the Markdown template's ``striptags``
    turns that back into this text.)"""
    text = " ".join(str(value).split())
    return (_MARKDOWN_SPECIAL.sub(r"\\\1", text))
