"""Points on the map for postcodes: pure Python, no Flask, no database.

The loader (``flask taxonomy load``) and the pure matching side (which reads the
shipped postcode file directly for benchmarks) both place a postcode at the same
representative point with :func:`representative_point`.
"""

from __future__ import annotations

import math
import statistics

POSTCODE_OUTLIER_KM = 25.0
"""Places further than this from their postcode's median point are left out of its mean."""

EARTH_RADIUS_KM = 6371.0


def representative_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The mean of ``(latitude, longitude)`` points, leaving out those further than
    :data:`POSTCODE_OUTLIER_KM` from the median point (all of them if none is near)."""
    median = (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
    near = [p for p in points if distance_km(p, median) <= POSTCODE_OUTLIER_KM] or points
    return (round(statistics.fmean(p[0] for p in near), 7),
            round(statistics.fmean(p[1] for p in near), 7))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Approximate distance between two ``(latitude, longitude)`` points in Belgium."""
    mean_latitude = math.radians((a[0] + b[0]) / 2)
    dx = math.radians(b[1] - a[1]) * math.cos(mean_latitude)
    dy = math.radians(b[0] - a[0])
    return EARTH_RADIUS_KM * math.hypot(dx, dy)
