"""schema.org data for an opportunity's page, for sites that read JSON-LD: a
JobPosting for a job, a Course with its CourseInstance for a training course.

The template writes the dict with Jinja's ``tojson`` filter, which escapes ``<``, ``>``,
``&`` and ``'``: a description holding ``</script>`` cannot end the data block. A
``<script type="application/ld+json">`` block is data, never run, so the
Content-Security-Policy (no inline scripts) does not stand in its way.
"""

from __future__ import annotations

from typing import Any

from marketplace.db_types import local_date
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


def _is_public(opportunity: Opportunity) -> bool:
    return (opportunity.published_at is not None
            and opportunity.status == OpportunityStatus.PUBLISHED)


def _address(opportunity: Opportunity) -> dict[str, Any]:
    return {
        "@type": "PostalAddress",
        "postalCode": opportunity.postcode,
        "addressLocality": opportunity.place.municipality,
        "addressCountry": "BE",
    }


def structured_data(opportunity: Opportunity) -> dict[str, Any] | None:
    """What the page of ``opportunity`` says in JSON-LD: a job's JobPosting, a training
    course's Course; None for the other kinds."""
    if opportunity.kind == OpportunityKind.TRAINING:
        return course(opportunity)
    return job_posting(opportunity)


def course(opportunity: Opportunity) -> dict[str, Any] | None:
    """The Course of a published training course, with one CourseInstance (its start,
    length, schedule and place); None for other kinds and statuses."""
    if opportunity.kind != OpportunityKind.TRAINING or not _is_public(opportunity):
        return None
    instance: dict[str, Any] = {
        "@type": "CourseInstance",
        "courseMode": "onsite",
        "location": {"@type": "Place", "address": _address(opportunity)},
        "maximumAttendeeCapacity": opportunity.places,
    }
    if opportunity.starts_on:
        instance["startDate"] = opportunity.starts_on.isoformat()
    schedule: dict[str, Any] = {"@type": "Schedule"}
    if opportunity.duration_weeks:
        schedule["duration"] = f"P{opportunity.duration_weeks}W"  # ISO 8601
    if opportunity.schedule_note:
        schedule["description"] = opportunity.schedule_note
    if len(schedule) > 1:
        instance["courseSchedule"] = schedule
    return {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": opportunity.title,
        "description": opportunity.description,
        "provider": {"@type": "Organization", "name": opportunity.organisation.name},
        "occupationalCategory": opportunity.occupation.isco_code,
        "inLanguage": "nl",
        "hasCourseInstance": [instance],
    }


def job_posting(opportunity: Opportunity) -> dict[str, Any] | None:
    """The JobPosting of a published job; None for other kinds and statuses (a draft is
    not a posting, and internships and volunteering are not jobs)."""
    if opportunity.kind != OpportunityKind.JOB or not _is_public(opportunity):
        return None
    posting: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": opportunity.title,
        "description": opportunity.description,
        "datePosted": local_date(opportunity.published_at).isoformat(),
        "employmentType": employment_types(opportunity),
        "hiringOrganization": {"@type": "Organization", "name": opportunity.organisation.name},
        "jobLocation": {"@type": "Place", "address": _address(opportunity)},
        "occupationalCategory": opportunity.occupation.isco_code,
        "workHours": f"{opportunity.hours_per_week:g} hours per week",
        "totalJobOpenings": opportunity.places_left,
    }
    if opportunity.closes_on:
        posting["validThrough"] = opportunity.closes_on.isoformat()
    if opportunity.starts_on:
        posting["jobStartDate"] = opportunity.starts_on.isoformat()
    return posting
