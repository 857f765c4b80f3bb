"""The disclosure rule on its own: hidden small counts, rounding, derived figures."""

from __future__ import annotations

import pytest

from marketplace.insights.protection import (
    HIDDEN_TEXT,
    NOT_SHOWN_TEXT,
    Figure,
    difference,
    hide_zeros_beside_hidden,
    protect,
    protect_average,
    round_to_base,
    share_of,
    total_of,
)


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_counts_of_one_to_four_are_hidden_as_less_than_five(count):
    figure = protect(count)
    assert figure.hidden and str(figure) == HIDDEN_TEXT == "<5"


def test_zero_is_shown_as_zero():
    assert str(protect(0)) == "0" and not protect(0).hidden


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (5, 5),
        (6, 5),
        (7, 5),
        (8, 10),
        (12, 10),
        (13, 15),
        (97, 95),
        (98, 100),
        (1234, 1235),
    ],
)
def test_other_counts_are_rounded_to_five(count, shown):
    assert protect(count).value == shown


def test_a_shown_count_is_never_below_five():
    assert min(protect(count).value for count in range(5, 50)) == 5
    assert round_to_base(2) == 0  # why protect hides 1-4 rather than rounding them


def test_a_sum_made_of_few_units_is_hidden_however_large():
    assert protect(40, units=2).hidden  # one employer's 40 places are still one vacancy
    assert protect(40, units=5).value == 40
    assert protect(0, units=0).value == 0


def test_a_sum_of_zero_over_many_units_is_zero_not_five():
    # 0 proposals over 6 opportunities is a true 0; a small sum still never shows as 0
    assert str(protect(0, units=6)) == "0"
    assert protect(2, units=6).value == 5


def test_averages_need_five_units_and_are_whole_numbers():
    assert protect_average(12.4, 4).hidden
    assert str(protect_average(12.4, 4)) == NOT_SHOWN_TEXT
    assert protect_average(12.4, 5).value == 12
    assert protect_average(None, 0).hidden


def test_totals_add_only_the_shown_figures():
    assert total_of([Figure(10), Figure(None), Figure(5)]).value == 15


def test_shares_and_differences_come_from_shown_figures_and_hide_with_them():
    assert share_of(Figure(5), Figure(20)).value == 25
    assert share_of(Figure(None), Figure(20)).hidden
    assert share_of(Figure(5), Figure(0)).hidden
    assert difference(Figure(20), Figure(35)).value == -15
    assert str(difference(Figure(20), Figure(None))) == NOT_SHOWN_TEXT


def test_a_zero_beside_a_hidden_count_is_hidden_too():
    shown = hide_zeros_beside_hidden([protect(3), protect(0), protect(12), protect(0)])
    assert [str(figure) for figure in shown] == ["<5", "<5", "10", "<5"]


def test_zeros_of_a_breakdown_without_hidden_counts_stay_zero():
    shown = hide_zeros_beside_hidden([protect(0), protect(12), protect(5)])
    assert [str(figure) for figure in shown] == ["0", "10", "5"]
