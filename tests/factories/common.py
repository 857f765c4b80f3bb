"""What every factory shares: the ESCO entries the tests name (by URI), the test
password and the usual dates, the taxonomy rows by URI, and how a factory saves."""

from __future__ import annotations

import itertools
from datetime import date

from marketplace.extensions import db
from marketplace.taxonomy.queries import get_occupation_by_uri, get_skill_by_uri

#: ESCO occupations the tests use (ISCO-08 unit group in the comment).
FORKLIFT = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"  # 8344
TRUCK_DRIVER = "http://data.europa.eu/esco/occupation/45037d43-a8f5-4f46-b332-b2935bc305f4"
WAREHOUSE = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"  # 9333
BUILDING_CLEANER = "http://data.europa.eu/esco/occupation/303a1e34-cb16-4054-b323-81e5eec17397"
KITCHEN_ASSISTANT = "http://data.europa.eu/esco/occupation/e1cf6897-158d-4b48-a39e-2a3a8cac216c"
CARE_ASSISTANT = "http://data.europa.eu/esco/occupation/d38c2107-98f2-47b7-8bb4-f69750d51082"
#: ESCO skills the tests use.
TEAMWORK = "http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0"
LIFTING = "http://data.europa.eu/esco/skill/a60b664f-bb07-4dd1-8dfa-134a0827f8da"
LOADING = "http://data.europa.eu/esco/skill/682bb7ca-dbe9-4c33-9c7a-1ae56e28516e"

TEST_PASSWORD = "correct horse battery"
#: The day a candidate's consent is recorded on, and the day they agreed to a proposal.
CONSENT_GIVEN_ON = date(2026, 1, 5)
AGREED_ON = date(2026, 1, 6)
MOTIVATION = "Werkt nauwkeurig en graag in ploegen."

#: Numbers for the names and e-mail addresses of made rows, unique within a run.
numbers = itertools.count(1)


def occupation(uri: str):
    """The taxonomy occupation with this ESCO URI."""
    found = get_occupation_by_uri(uri)
    assert found is not None, f"no occupation {uri} in the test taxonomy"
    return found


def occupation_id(uri: str) -> int:
    return occupation(uri).id


def skill(uri: str):
    """The taxonomy skill with this ESCO URI."""
    found = get_skill_by_uri(uri)
    assert found is not None, f"no skill {uri} in the test taxonomy"
    return found


def saved(obj, commit: bool):
    """``obj`` flushed, and committed when ``commit`` (every factory ends with it)."""
    db.session.flush()
    if commit:
        db.session.commit()
    return obj
