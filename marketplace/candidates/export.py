"""Everything held about one candidate, for a privacy request (right of access).

One function builds a plain dictionary; the JSON download and the readable page both
show exactly that dictionary, so they can never disagree. It holds the profile, the
fairness data, consent records, handovers with their notes, the sections other
packages add through ``lifecycle.export_sections`` (the barriers, the trajectory with
its decisions and steps), and the audit trail: who viewed, changed or
exported the profile, and when.
"""

from __future__ import annotations

from datetime import date, datetime

from marketplace.candidates.lifecycle import export_sections, send_required
from marketplace.candidates.models import Candidate
from marketplace.candidates.queries import audit_trail
from marketplace.db_types import utcnow

EXPORT_FORMAT = "werkbrug-candidate-export/1"


def _when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _person(user) -> str | None:
    return user.name if user is not None else None


def _other_sections(candidate: Candidate, locale: str) -> dict:
    """The sections other packages hold (barriers, trajectory, ...), from the receivers of
    ``export_sections``, in the order of their names: blinker calls receivers in no
    fixed order, and the same data must give the same file."""
    sections: dict = {}
    for receiver, contributed in send_required(export_sections, candidate, locale=locale):
        clash = sections.keys() & contributed.keys()
        if clash:
            raise ValueError(f"{receiver!r} repeats export sections {sorted(clash)}")
        sections.update(contributed)
    return {name: sections[name] for name in sorted(sections)}


def candidate_export(candidate: Candidate, locale: str) -> dict:
    """All data about ``candidate`` as JSON-ready values; names of occupations and
    languages in ``locale``."""
    place = candidate.place
    sensitive = candidate.sensitive
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _when(utcnow()),
        "candidate": {
            "id": candidate.id,
            "ref": candidate.ref,
            "pseudonym": candidate.pseudonym,
            "email": candidate.email,
            "phone": candidate.phone,
            "postcode": candidate.postcode,
            "municipality": place.municipality if place else None,
            "dutch_level": candidate.dutch_level,
            "dutch_level_assessed_on": _when(candidate.dutch_level_assessed_on),
            "dutch_level_source": candidate.dutch_level_source,
            "education_level": candidate.education_level,
            "diploma_recognition": candidate.diploma_recognition,
            "wishes_job": candidate.wishes_job,
            "wishes_internship": candidate.wishes_internship,
            "wishes_volunteering": candidate.wishes_volunteering,
            "wishes_training": candidate.wishes_training,
            "hours_per_week": candidate.hours_per_week,
            "available": [str(part) for part in candidate.day_parts],
            "max_commute_km": candidate.max_commute_km,
            "commute_means": candidate.commute_means,
            "driving_licence": candidate.driving_licence,
            "available_from": _when(candidate.available_from),
            "allowed_to_work": candidate.allowed_to_work,
            "trajectory": candidate.trajectory,
            "status": candidate.status,
            "shared_with_partnership": candidate.shared_with_partnership,
            "coach_note": candidate.coach_note,
            "coach": _person(candidate.coach),
            "organisation": candidate.organisation.name,
            "created_at": _when(candidate.created_at),
            "updated_at": _when(candidate.updated_at),
            "last_activity_at": _when(candidate.last_activity_at),
        },
        "fairness_data": {
            "gender": sensitive.gender if sensitive else None,
            "birth_year": sensitive.birth_year if sensitive else None,
        },
        "languages": [
            {
                "code": row.language_code,
                "name": row.language.name_en if locale == "en" else row.language.name_nl,
                "level": row.level,
            }
            for row in candidate.languages
        ],
        "experience": [
            {
                "occupation_uri": row.occupation.uri,
                "occupation": row.occupation.label(locale),
                "title_as_said": row.title_as_said,
                "years": row.years,
                "country": row.country,
            }
            for row in candidate.experiences
        ],
        "skills": [
            {"uri": row.skill.uri, "label": row.skill.label(locale)} for row in candidate.skills
        ],
        "wished_occupations": [
            {"uri": row.occupation.uri, "label": row.occupation.label(locale)}
            for row in candidate.wished_occupations
        ],
        "wished_sectors": [
            {
                "code": row.sector_code,
                "label": row.sector.label_en if locale == "en" else row.sector.label_nl,
            }
            for row in candidate.wished_sectors
        ],
        "consent": [
            {
                "given_on": _when(record.given_on),
                "method": record.method,
                "recorded_by": _person(record.recorded_by),
                "recorded_at": _when(record.recorded_at),
                "withdrawn_on": _when(record.withdrawn_on),
                "withdrawal_recorded_by": _person(record.withdrawal_recorded_by),
                "withdrawal_recorded_at": _when(record.withdrawal_recorded_at),
            }
            for record in candidate.consent_records
        ],
        "handovers": [
            {
                "at": _when(h.handed_over_at),
                "from_coach": _person(h.from_coach),
                "from_organisation": h.from_organisation.name,
                "to_coach": _person(h.to_coach),
                "to_organisation": h.to_organisation.name,
                "note": h.note,
            }
            for h in candidate.handovers
        ],
        **_other_sections(candidate, locale),
        "audit_trail": [
            {
                "at": _when(entry.at),
                "action": entry.action,
                "by": entry.actor_name,
                "organisation": entry.actor_organisation,
                "details": entry.details,
            }
            for entry in audit_trail(candidate.id)
        ],
    }
