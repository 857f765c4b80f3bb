"""Distances between Belgian postcodes, for "within so many km of a postcode" filters.

Each postcode has one representative point (see ``Postcode``). Belgium has about 1,150
postcodes, so the distances from one postcode to all others are computed in Python in
well under a millisecond; a query then filters with ``column.in_(codes)``. That works
the same on SQLite and PostgreSQL, without a geographic extension.

The distance is "as the crow flies" (great circle), not by road.
"""

from __future__ import annotations

import math

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.taxonomy.models import Postcode

EARTH_RADIUS_KM = 6371.0088
"""The mean radius of the earth (IUGG), which the haversine formula takes as a sphere."""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in km between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def postcodes_within(code: str, radius_km: float) -> list[str]:
    """The postcodes whose point lies at most ``radius_km`` from that of ``code``,
    nearest first (``code`` itself always included). An unknown ``code`` gives an
    empty list; a negative radius is a ``ValueError``."""
    if radius_km < 0 or math.isnan(radius_km):
        raise ValueError("radius_km must be zero or more")
    rows = db.session.execute(select(Postcode.code, Postcode.latitude, Postcode.longitude)).all()
    centre = next((row for row in rows if row.code == code), None)
    if centre is None:
        return []
    distances = [
        (haversine_km(centre.latitude, centre.longitude, row.latitude, row.longitude), row.code)
        for row in rows
    ]
    return [found for distance, found in sorted(distances) if distance <= radius_km]
