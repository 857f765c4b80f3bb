"""Every domain's models, imported in one place so that Alembic and the mappers see them."""

from marketplace.accounts.models import LoginAttempt, LoginSession, Organisation, User
from marketplace.audit.models import AuditEvent
from marketplace.candidates.models import (
    Candidate,
    CandidateExperience,
    CandidateHandover,
    CandidateLanguage,
    CandidateSensitive,
    CandidateSkill,
    CandidateWishedOccupation,
    CandidateWishedSector,
    ConsentRecord,
)
from marketplace.mail.models import OutgoingMessage
from marketplace.taxonomy.models import (
    CefrLevel,
    IscoGroup,
    Language,
    NaceSection,
    Occupation,
    Postcode,
    Skill,
)

__all__ = [
    "AuditEvent",
    "Candidate",
    "CandidateExperience",
    "CandidateHandover",
    "CandidateLanguage",
    "CandidateSensitive",
    "CandidateSkill",
    "CandidateWishedOccupation",
    "CandidateWishedSector",
    "CefrLevel",
    "ConsentRecord",
    "IscoGroup",
    "Language",
    "LoginAttempt",
    "LoginSession",
    "NaceSection",
    "Occupation",
    "Organisation",
    "OutgoingMessage",
    "Postcode",
    "Skill",
    "User",
]
