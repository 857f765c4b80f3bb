"""The taxonomy's data version, read once per request, and what this process keeps
built from the reference data under it.

Every taxonomy model raises the "taxonomy" data version (``flask taxonomy load``'s bulk
statements too), so a value built from the reference data is good while the version
stands. The matching engine keeps its vocabularies and title resolver under it; this
module keeps the postcodes' points, which every "within so many km" filter reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import g, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from marketplace.data_versions import current_version, has_uncommitted_stamps
from marketplace.extensions import db
from marketplace.process_cache import ProcessCache
from marketplace.taxonomy.geo import haversine_km
from marketplace.taxonomy.models import Postcode

reference_cache = ProcessCache(may_keep=lambda: not has_uncommitted_stamps())
"""Values built from the taxonomy alone, kept while its data version stands."""

#: How many "within so many km" answers the postcode points keep (a few per postcode
#: and radius that people filter on; the map has about 1,150 postcodes).
_KEPT_ANSWERS = 4096


def taxonomy_version() -> int:
    """The taxonomy's data version, asked once per request: a page may rank, resolve
    titles and filter by distance. Counting the rows instead took 10 ms of PostgreSQL
    on every suggestion page and missed changed labels."""
    if has_app_context() and "taxonomy_version" in g:
        return g.taxonomy_version
    version = current_version("taxonomy")
    if has_app_context():
        g.taxonomy_version = version
    return version


def note_taxonomy_version(version: int) -> None:
    """Keep ``version``, read by the caller in this transaction along with other stamps
    (one statement instead of two), as this request's taxonomy version, unless the
    request already read it."""
    if has_app_context() and "taxonomy_version" not in g:
        g.taxonomy_version = version


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _read_again_after_a_transaction(_session) -> None:
    # The transaction may have raised the version (or raised it and rolled back).
    if has_app_context():
        g.pop("taxonomy_version", None)


def forget_taxonomy_data() -> None:
    """Drop what this process built from the taxonomy, and this request's version."""
    reference_cache.clear()
    if has_app_context():
        g.pop("taxonomy_version", None)


@dataclass
class PostcodePoints:
    """Every postcode's representative point, and the answers already worked out."""

    points: dict[str, tuple[float, float]]
    _answers: dict[tuple[str, float], list[str]] = field(default_factory=dict)

    def within(self, code: str, radius_km: float) -> list[str]:
        """The postcodes at most ``radius_km`` from ``code``, nearest first (``code``
        included); empty for an unknown ``code``."""
        key = (code, radius_km)
        found = self._answers.get(key)
        if found is None:
            found = self._work_out(code, radius_km)
            if len(self._answers) >= _KEPT_ANSWERS:
                self._answers.clear()
            self._answers[key] = found
        return list(found)

    def _work_out(self, code: str, radius_km: float) -> list[str]:
        centre = self.points.get(code)
        if centre is None:
            return []
        distances = sorted((haversine_km(*centre, *point), other)
                           for other, point in self.points.items())
        return [other for distance, other in distances if distance <= radius_km]


def postcode_points() -> PostcodePoints:
    def build() -> PostcodePoints:
        rows = db.session.execute(select(Postcode.code, Postcode.latitude, Postcode.longitude))
        return PostcodePoints({code: (latitude, longitude) for code, latitude, longitude in rows})

    return reference_cache.get("postcode points", taxonomy_version(), build)
