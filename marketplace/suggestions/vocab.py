"""The fixed vocabularies of suggestions (pure Python; labels in ``web/labels.py``)."""

from __future__ import annotations

import enum


class SuggestionSubject(enum.StrEnum):
    """What a logged suggestion list was about."""

    OPPORTUNITY = "opportunity"
    """Candidates ranked for one opportunity."""
    CANDIDATE = "candidate"
    """Opportunities ranked for one candidate."""


class DismissReason(enum.StrEnum):
    """Why a coach set a suggestion aside (the short list of the dismiss form)."""

    NOT_INTERESTED = "not_interested"
    PROFILE = "profile"
    PRACTICAL = "practical"
    NOT_READY = "not_ready"
    ALREADY_BUSY = "already_busy"
    OTHER = "other"


UNRANKED_VERSION = "unranked"
"""The scorer version logged for a list built without a ranking (switched off, or the
ranking failed)."""
