"""Points and great-circle distances as numpy arrays, for the candidate pool and the
opportunity table (unit vectors on the sphere, so one dot product per pair)."""

from __future__ import annotations

import numpy as np

_EARTH_RADIUS_KM = 6371.0088


def unit_vectors(latitude, longitude) -> np.ndarray:
    """Points on the unit sphere (first axis: x, y, z) of latitudes and longitudes in
    degrees; NaN where unknown."""
    phi, lam = np.radians(latitude), np.radians(longitude)
    cos_phi = np.cos(phi)
    return np.stack([cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)])


def arc_km(points: np.ndarray, x: float, y: float, z: float) -> np.ndarray:
    """Great-circle km from each of ``points`` (3 by n) to the unit vector (x, y, z):
    the arc of the chord, which is exact and cheaper than the haversine formula."""
    chord = np.subtract(points[0], x)
    chord *= chord
    for axis, value in ((1, y), (2, z)):
        delta = points[axis] - value
        delta *= delta
        chord += delta
    np.sqrt(chord, out=chord)
    chord *= 0.5
    np.minimum(chord, 1.0, out=chord)
    np.arcsin(chord, out=chord)
    chord *= 2.0 * _EARTH_RADIUS_KM
    return chord


def great_circle_km(latitude_a, longitude_a, latitude_b, longitude_b):
    """Great-circle distance in km between points given in degrees; NaN where a point
    is unknown. Works on scalars and arrays alike."""
    latitude_a, longitude_a, latitude_b, longitude_b = np.broadcast_arrays(
        latitude_a, longitude_a, latitude_b, longitude_b
    )
    a, b = unit_vectors(latitude_a, longitude_a), unit_vectors(latitude_b, longitude_b)
    chord = np.sqrt(((a - b) ** 2).sum(axis=0))
    return 2.0 * _EARTH_RADIUS_KM * np.arcsin(np.minimum(chord * 0.5, 1.0))
