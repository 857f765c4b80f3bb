"""Translated names for the fixed choices (roles, organisation kinds, levels, ...).

One table per vocabulary, so that forms, lists and exports say the same words.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.opportunities.vocab import ContractType, OpportunityKind, OpportunityStatus
from marketplace.security import OrganisationKind, Role
from marketplace.taxonomy.levels import Cefr

LABELS = {
    "role": {
        Role.ADMIN: _l("Administrator"),
        Role.EMPLOYER: _l("Employer"),
        Role.COACH: _l("Job coach"),
        Role.ANALYST: _l("Sector analyst"),
    },
    "organisation_kind": {
        OrganisationKind.EMPLOYER: _l("Employer"),
        OrganisationKind.PARTNER: _l("Partner organisation"),
        OrganisationKind.FEDERATION: _l("Sector federation"),
        OrganisationKind.ADMIN_BODY: _l("Partnership administration"),
    },
    "cefr": {
        Cefr.NONE: _l("No Dutch yet"),
        Cefr.A1: _l("A1 (beginner)"),
        Cefr.A2: _l("A2 (basic)"),
        Cefr.B1: _l("B1 (independent)"),
        Cefr.B2: _l("B2 (good)"),
        Cefr.C1: _l("C1 (very good)"),
        Cefr.C2: _l("C2 (near native)"),
    },
    "opportunity_kind": {
        OpportunityKind.JOB: _l("Job"),
        OpportunityKind.INTERNSHIP: _l("Internship"),
        OpportunityKind.VOLUNTEERING: _l("Volunteering"),
    },
    "opportunity_status": {
        OpportunityStatus.DRAFT: _l("Draft"),
        OpportunityStatus.PUBLISHED: _l("Published"),
        OpportunityStatus.PAUSED: _l("Paused"),
        OpportunityStatus.FILLED: _l("Filled"),
        OpportunityStatus.CLOSED: _l("Closed"),
    },
    "contract_type": {
        ContractType.PERMANENT: _l("Permanent contract"),
        ContractType.FIXED_TERM: _l("Fixed-term contract"),
        ContractType.INTERIM: _l("Temp agency work (interim)"),
        ContractType.STUDENT: _l("Student job"),
        ContractType.FLEXI: _l("Flexi-job"),
        ContractType.ARTICLE_60: _l("Article 60 (through the OCMW)"),
        ContractType.TRAINING: _l("Training on the job (IBO through VDAB)"),
    },
    "schedule": {
        "day": _l("Daytime"),
        "evening": _l("Evenings"),
        "night": _l("Nights"),
        "weekend": _l("Weekends"),
        "shifts": _l("Shifts"),
    },
}


def choice_label(vocabulary: str, value) -> str:
    """The translated label of ``value`` in ``vocabulary``; the value itself if unknown."""
    if value is None:
        return ""
    return str(LABELS[vocabulary].get(value, value))


def choices(vocabulary: str) -> list[tuple[str, str]]:
    """``(value, label)`` pairs for a select field, in the vocabulary's order."""
    return [(str(value), str(label)) for value, label in LABELS[vocabulary].items()]
