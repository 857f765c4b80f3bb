"""Distances between postcodes: a pure haversine, and the postcodes within a radius."""

from __future__ import annotations

import math

import pytest

from marketplace.extensions import db
from marketplace.taxonomy.geo import haversine_km
from marketplace.taxonomy.models import Postcode
from marketplace.taxonomy.queries import postcodes_within

ANTWERP_CATHEDRAL = (51.2203, 4.4015)
BRUSSELS_GRAND_PLACE = (50.8467, 4.3525)


def test_haversine_of_a_point_with_itself_is_zero():
    assert haversine_km(*ANTWERP_CATHEDRAL, *ANTWERP_CATHEDRAL) == 0


def test_haversine_antwerp_to_brussels_is_about_42_km():
    assert haversine_km(*ANTWERP_CATHEDRAL, *BRUSSELS_GRAND_PLACE) == pytest.approx(41.8, abs=0.5)


def test_haversine_is_symmetric():
    there = haversine_km(*ANTWERP_CATHEDRAL, *BRUSSELS_GRAND_PLACE)
    back = haversine_km(*BRUSSELS_GRAND_PLACE, *ANTWERP_CATHEDRAL)
    assert there == pytest.approx(back)


def test_haversine_one_degree_of_latitude_is_about_111_km():
    assert haversine_km(50.0, 4.0, 51.0, 4.0) == pytest.approx(111.2, abs=0.2)


def test_haversine_of_antipodes_is_half_the_earth():
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)


def test_postcodes_within_include_the_postcode_itself_first(app_ctx):
    assert postcodes_within("2100", 0)[0] == "2100"


def test_postcodes_within_a_few_km_of_deurne_are_the_neighbours(app_ctx):
    near = postcodes_within("2100", 4)
    assert {"2100", "2140", "2150"} <= set(near)  # Deurne, Borgerhout, Borsbeek
    assert "2000" not in near  # the point of Antwerp lies about 4.9 km away
    assert "2000" in postcodes_within("2100", 5)
    assert "9000" not in postcodes_within("2100", 30)  # Gent, about 50 km


def test_postcodes_within_are_sorted_nearest_first(app_ctx):
    from marketplace.extensions import db
    from marketplace.taxonomy.models import Postcode

    found = postcodes_within("2140", 10)
    centre = db.session.get(Postcode, "2140")
    distances = []
    for code in found:
        place = db.session.get(Postcode, code)
        distances.append(haversine_km(centre.latitude, centre.longitude,
                                      place.latitude, place.longitude))
    assert distances == sorted(distances)
    assert max(distances) <= 10


def test_a_larger_radius_finds_more_postcodes(app_ctx):
    assert len(postcodes_within("2000", 5)) < len(postcodes_within("2000", 15))


def test_unknown_postcode_finds_nothing(app_ctx):
    assert postcodes_within("0000", 50) == []


def test_negative_radius_is_refused(app_ctx):
    with pytest.raises(ValueError):
        postcodes_within("2000", -1)


def test_a_moved_postcode_point_is_found_at_its_new_place(app_ctx):
    """The points and answers are kept per process under the taxonomy's data version:
    a saved change to a point raises it, so the next answer reads the new point."""
    assert "9000" not in postcodes_within("2000", 5)
    ghent = db.session.get(Postcode, "9000")
    antwerp = db.session.get(Postcode, "2000")
    ghent.latitude, ghent.longitude = antwerp.latitude + 0.01, antwerp.longitude
    db.session.commit()
    assert "9000" in postcodes_within("2000", 5)


def test_an_answer_handed_out_cannot_change_the_kept_one(app_ctx):
    postcodes_within("2000", 5).append("9999")
    assert "9999" not in postcodes_within("2000", 5)
