"""The candidate fields of an export beyond the first format: the rest of the profile
form, the registration day and the consent history (``candidate_writer.py`` reads them
back). Empty values are left out, so a file stays short and imports back the same.
"""

from __future__ import annotations

from marketplace.candidates.models import Candidate
from marketplace.db_types import local_date

#: Profile columns written as they are when not empty.
_PLAIN = ("email", "phone", "dutch_level_source", "education_level", "diploma_recognition",
          "commute_means", "trajectory", "coach_note")


def experience_record(entry) -> dict:
    """The occupation always; the title only as the candidate said it, if noted; the
    country where the work was done, if noted."""
    record = {"occupation": entry.occupation.uri, "years": entry.years}
    if entry.title_as_said:
        record = {"title": entry.title_as_said, **record}
    if entry.country:
        record["country"] = entry.country
    return record


def candidate_extras(c: Candidate, users: dict[int, str]) -> dict:
    record: dict = {"status": c.status, "registered_on": local_date(c.created_at).isoformat()}
    for name in _PLAIN:
        if getattr(c, name):
            record[name] = getattr(c, name)
    if c.dutch_level_assessed_on:
        record["dutch_level_assessed_on"] = c.dutch_level_assessed_on.isoformat()
    if c.driving_licence:
        record["driving_licence"] = True
    if c.shared_with_partnership:
        record["shared_with_partnership"] = True
    if c.sensitive is not None:
        if c.sensitive.gender:
            record["gender"] = c.sensitive.gender
        if c.sensitive.birth_year is not None:
            record["birth_year"] = c.sensitive.birth_year
    record["consent_records"] = [_consent(entry, users) for entry in c.consent_records]
    return record


def _consent(entry, users: dict[int, str]) -> dict:
    record = {"given_on": entry.given_on.isoformat(), "method": entry.method}
    if entry.recorded_by_id in users:
        record["recorded_by"] = users[entry.recorded_by_id]
    if entry.withdrawn_on:
        record["withdrawn_on"] = entry.withdrawn_on.isoformat()
    if entry.withdrawal_recorded_by_id in users:
        record["withdrawn_by"] = users[entry.withdrawal_recorded_by_id]
    return record
