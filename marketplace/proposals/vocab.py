"""The fixed vocabularies of proposals (pure Python; labels in ``web/labels.py``)."""

from __future__ import annotations

import enum


class ProposalState(enum.StrEnum):
    """Where a proposal stands. ``proposed`` and ``interview`` are still open."""

    PROPOSED = "proposed"
    INTERVIEW = "interview"
    HIRED = "hired"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


OPEN_STATES = frozenset({ProposalState.PROPOSED, ProposalState.INTERVIEW})
"""States in which the employer can still answer and the coach can still withdraw."""


class DeclineReason(enum.StrEnum):
    """Why an employer declined a proposed candidate (the short list of the form)."""

    PROFILE = "profile"
    LANGUAGE = "language"
    AVAILABILITY = "availability"
    PLACE_FILLED = "place_filled"
    NO_SHOW = "no_show"
    OTHER = "other"


class EmployerAnswer(enum.StrEnum):
    """What the employer's answer form offers."""

    INVITE = "invite"
    HIRE = "hire"
    DECLINE = "decline"
