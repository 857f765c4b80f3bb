"""Every domain's models, imported in one place so that Alembic and the mappers see them."""

from marketplace.accounts.models import (
    LoginAddress,
    LoginAttempt,
    LoginSession,
    Organisation,
    User,
)
from marketplace.api.models import ApiIdempotencyKey
from marketplace.apitokens.models import ApiToken, ApiTokenScope
from marketplace.audit.models import AuditEvent
from marketplace.barriers.models import CandidateBarrier
from marketplace.candidates import (
    fairness_traits,  # noqa: F401 - its flush hook
    occupation_groups,  # noqa: F401 - its flush hook
)
from marketplace.candidates.handovers import CandidateHandover, CaseloadHandover
from marketplace.candidates.models import Candidate, ConsentRecord
from marketplace.candidates.profile_rows import (
    CandidateExperience,
    CandidateLanguage,
    CandidateSensitive,
    CandidateSkill,
    CandidateWishedOccupation,
    CandidateWishedSector,
)
from marketplace.candidates.report_copies import (
    CandidateFairness,
    CandidateOccupationGroup,
    FairnessPlace,
)
from marketplace.data_versions import DataVersion
from marketplace.jobs.models import JobRun
from marketplace.mail.models import OutgoingAttachment, OutgoingMessage
from marketplace.opportunities.models import Opportunity, OpportunityLanguage, OpportunitySkill
from marketplace.proposals.models import Interview, Proposal, ProposalEvent
from marketplace.ranking.models import HistoryList, HistoryListEntry, RankingModel
from marketplace.records.models import RecordImport
from marketplace.suggestions.models import (
    RankingSetting,
    SuggestionDismissal,
    SuggestionEntry,
    SuggestionList,
)
from marketplace.taxonomy.models import (
    CefrLevel,
    IscoGroup,
    Language,
    NaceSection,
    Occupation,
    Postcode,
    Skill,
)
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.tryouts.models import TryoutEnrolment
from marketplace.web.models import FormSubmission

__all__ = [
    "ApiIdempotencyKey",
    "ApiToken",
    "ApiTokenScope",
    "AuditEvent",
    "Candidate",
    "CandidateBarrier",
    "CandidateExperience",
    "CandidateFairness",
    "CandidateHandover",
    "CandidateLanguage",
    "CandidateOccupationGroup",
    "CandidateSensitive",
    "CandidateSkill",
    "CandidateWishedOccupation",
    "CandidateWishedSector",
    "CaseloadHandover",
    "CefrLevel",
    "ConsentRecord",
    "DataVersion",
    "FairnessPlace",
    "FormSubmission",
    "HistoryList",
    "HistoryListEntry",
    "Interview",
    "IscoGroup",
    "JobRun",
    "Language",
    "LoginAddress",
    "LoginAttempt",
    "LoginSession",
    "NaceSection",
    "Occupation",
    "Opportunity",
    "OpportunityLanguage",
    "OpportunitySkill",
    "Organisation",
    "OutgoingAttachment",
    "OutgoingMessage",
    "Postcode",
    "Proposal",
    "ProposalEvent",
    "RankingModel",
    "RankingSetting",
    "RecordImport",
    "Skill",
    "SuggestionDismissal",
    "SuggestionEntry",
    "SuggestionList",
    "TrajectoryDecision",
    "TrajectoryStep",
    "TryoutEnrolment",
    "User",
]
