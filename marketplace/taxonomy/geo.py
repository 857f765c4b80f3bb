"""Points and distances on the map for postcodes: pure Python, no Flask, no database.

The loader (``flask taxonomy load``) and the pure matching side (which reads the
shipped postcode file directly for benchmarks) both place a postcode at the same
representative point with :func:`representative_point`. Distances are "as the crow
flies" (great circle), not by road. ``queries.postcodes_within`` uses them for "within
so many km of a postcode" filters.
"""

from __future__ import annotations

import math
import statistics

POSTCODE_OUTLIER_KM = 25.0
"""Places further than this from their postcode's median point are left out of its mean."""

EARTH_RADIUS_KM = 6371.0088
"""The mean radius of the earth (IUGG), which the haversine formula takes as a sphere."""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in km between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance between two ``(latitude, longitude)`` points."""
    return haversine_km(a[0], a[1], b[0], b[1])


def representative_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The mean of ``(latitude, longitude)`` points, leaving out those further than
    :data:`POSTCODE_OUTLIER_KM` from the median point (all of them if none is near)."""
    median = (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
    near = [p for p in points if distance_km(p, median) <= POSTCODE_OUTLIER_KM] or points
    return (round(statistics.fmean(p[0] for p in near), 7),
            round(statistics.fmean(p[1] for p in near), 7))
