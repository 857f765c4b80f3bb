"""``bench.load_scenario.expected_shares``: each page kind's share of a load run's
requests, which ``bench.page_costs`` weights its mean request by."""

import pytest

from bench.load_scenario import FLOW_KINDS, expected_shares

PAGES = (
    ("home", "coach", "/start", 1),
    ("list", "coach", "/list", 3),
    ("inbox", "employer", "/inbox", 1),
)
FORMS = (("coach edits", "coach", "edit_candidate", 4),)


def test_shares_follow_the_role_mix_and_the_weights():
    shares = expected_shares(PAGES, FORMS)
    assert sum(shares.values()) == pytest.approx(1)
    # Per ten people: 5 coaches pick among weights 1, 3 and a form of 4 (three
    # requests); 4 employers open their inbox; the analyst has nothing here.
    whole = 5 * 1 / 8 + 5 * 3 / 8 + 3 * 5 * 4 / 8 + 4
    assert shares["home"] == pytest.approx(5 / 8 / whole)
    assert shares["list"] == pytest.approx(3 * shares["home"])
    for kind in FLOW_KINDS["edit_candidate"]:
        assert shares[kind] == pytest.approx(4 * shares["home"])
    assert shares["inbox"] == pytest.approx(4 / whole)

def test_every_kind_of_the_real_mix_has_a_share():
    shares = expected_shares()
    assert shares["employer inbox"] > shares["coach home"] > 0
    assert set(FLOW_KINDS["answer_proposal"]) <= set(shares)
