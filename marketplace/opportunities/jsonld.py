"""schema.org JobPosting data for a job's page, for job boards that read JSON-LD.

The template writes the dict with Jinja's ``tojson`` filter, which escapes ``<``, ``>``,
``&`` and ``'``: a description holding ``</script>`` cannot end the data block. A
``<script type="application/ld+json">`` block is data, never run, so the
Content-Security-Policy (no inline scripts) does not stand in its way.
"""

from __future__ import annotations

from typing import Any

from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.vocab import (
    TEMPORARY_CONTRACTS,
    OpportunityKind,
    OpportunityStatus,
)

#: From this many hours a week, a job counts as full time (Belgian full time is 38).
FULL_TIME_HOURS = 35


def employment_types(opportunity: Opportunity) -> list[str]:
    """schema.org ``employmentType`` values: full or part time, and temporary."""
    types = ["FULL_TIME" if opportunity.hours_per_week >= FULL_TIME_HOURS else "PART_TIME"]
    if opportunity.contract_type in TEMPORARY_CONTRACTS:
        types.append("TEMPORARY")
    return types


def job_posting(opportunity: Opportunity) -> dict[str, Any] | None:
    """The JobPosting of a published job; None for other kinds and statuses (a draft is
    not a posting, and internships and volunteering are not jobs)."""
    if opportunity.kind != OpportunityKind.JOB or opportunity.published_at is None:
        return None
    if opportunity.status != OpportunityStatus.PUBLISHED:
        return None
    posting: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": opportunity.title,
        "description": opportunity.description,
        "datePosted": opportunity.published_at.date().isoformat(),
        "employmentType": employment_types(opportunity),
        "hiringOrganization": {"@type": "Organization", "name": opportunity.organisation.name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "postalCode": opportunity.postcode,
                "addressLocality": opportunity.place.municipality,
                "addressCountry": "BE",
            },
        },
        "occupationalCategory": opportunity.occupation.isco_code,
        "workHours": f"{opportunity.hours_per_week:g} hours per week",
        "totalJobOpenings": opportunity.places_left,
    }
    if opportunity.closes_on:
        posting["validThrough"] = opportunity.closes_on.isoformat()
    if opportunity.starts_on:
        posting["jobStartDate"] = opportunity.starts_on.isoformat()
    return posting
