"""Nobody can work a hidden count back out by subtraction.

An attacker reads the published figures (CSV downloads) and subtracts: a table's total
minus its shown rows, another table's total minus this table's rows, and one filter
setting minus a slightly narrower one (a month more, a larger radius). Each published
figure only says the true count lies in a range ("<5": 0 to 4, as a 0 beside a hidden
count is hidden too; "0": 0; "5": 5 to 7, as 3 and 4 would be "<5"; any other n: n-2
to n+2). The attack succeeds when the ranges pin a hidden count down to one value. The
control case shows the same attack does succeed on exact counts, so the test can fail.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.factories import FORKLIFT
from tests.insights.conftest import csv_rows

JAN = {"period_start": "2025-01", "period_end": "2025-01", "sector": ""}
JAN_FEB = {**JAN, "period_end": "2025-02"}


def possible(text: str) -> range:
    """The true counts a published figure allows."""
    if text == "<5":
        return range(0, 5)
    value = int(text)
    if value == 0:
        return range(0, 1)
    if value == 5:
        return range(5, 8)
    return range(value - 2, value + 3)


def subtract(whole: range, *parts: range) -> range:
    low = whole.start - sum(part.stop - 1 for part in parts)
    high = whole.stop - 1 - sum(part.start for part in parts)
    return range(low, high + 1)


def pinned(result: range, hidden_true: int) -> bool:
    """True when the attacker learns the hidden value exactly."""
    candidates = [value for value in result if 1 <= value <= 4]
    return candidates == [hidden_true]


def test_the_attack_works_on_exact_counts():
    exact = range  # an exact figure n allows only n
    total, jobs, volunteering = exact(22, 23), exact(12, 13), exact(7, 8)
    assert pinned(subtract(total, jobs, volunteering), 3)


def test_no_subtraction_reveals_a_hidden_count(login_as, make_opportunities):
    make_opportunities(12)  # jobs, January
    make_opportunities(3, kind="internship")  # hidden: 3
    make_opportunities(7, kind="volunteering", employer="employer_b", postcode="2100")
    make_opportunities(2, published_at=datetime(2025, 2, 10, tzinfo=UTC))  # February: 2
    make_opportunities(
        4,
        dutch_level="B1",
        published_at=datetime(2025, 2, 12, tzinfo=UTC),
        kind="volunteering",
        employer="employer_b",
        postcode="2100",
    )  # 4 more in February
    client = login_as("analyst")

    def table(key, args):
        return csv_rows(client.get(f"/insights/demand/{key}.csv", query_string=args))

    kinds = table("kind", JAN)
    assert kinds["Stage"] == ["<5", "<5"]
    internships = 3
    jobs, volunteering = possible(kinds["Job"][0]), possible(kinds["Vrijwilligerswerk"][0])

    # 1. The table's own total row: it adds only the shown rows.
    total_row = possible(kinds["Totaal van de getoonde cijfers"][0])
    assert not pinned(subtract(total_row, jobs, volunteering), internships)

    # 2. Other tables over the same opportunities, with every row shown: their totals.
    for key in ("dutch", "hours", "municipality", "occupation"):
        # The occupation table has an ISCO code column, empty in the total row.
        other = next(cell for cell in table(key, JAN)["Totaal van de getoonde cijfers"] if cell)
        assert not pinned(subtract(possible(other), jobs, volunteering), internships), key

    # 3. Two filter settings: January against January and February. In February 2 jobs
    #    were published; the monthly trend of jobs hides them, and the open jobs of the
    #    longer period minus those of January must not show them either.
    assert table("trend", {**JAN_FEB, "kind": "job"})["2025-02"][0] == "<5"
    both = table("kind", JAN_FEB)
    assert not pinned(subtract(possible(both["Job"][0]), jobs), 2)

    # 4. A region and a wider region: the 4 B1 places in 2100 hide in a level table of
    #    2100 in February; the wider radius minus the narrower must not show them.
    feb = {**JAN_FEB, "period_start": "2025-02"}
    narrow = table("dutch", {**feb, "place": "2030"})
    wide = table("dutch", {**feb, "place": "2030", "radius": "20"})
    assert wide["B1 (zelfstandig)"][0] == "<5"
    assert not pinned(
        subtract(
            possible(wide["Totaal van de getoonde cijfers"][0]),
            possible(narrow["Totaal van de getoonde cijfers"][0]),
        ),
        4,
    )


def test_the_people_total_minus_the_shown_levels_reveals_no_hidden_level(login_as, make_candidates):
    # 22 people: 3 without Dutch (hidden), 12 at A2, 7 at B1, nobody at other levels.
    make_candidates(3, wishes=[FORKLIFT], dutch_level="none")
    make_candidates(12, wishes=[FORKLIFT], dutch_level="A2")
    make_candidates(7, wishes=[FORKLIFT], dutch_level="B1")
    client = login_as("analyst")
    levels = csv_rows(client.get("/insights/supply/dutch.csv", query_string=JAN))
    page = client.get("/insights/supply", query_string=JAN).get_data(as_text=True)
    everyone = page.split("<strong>", 1)[1].split("</strong>", 1)[0]  # "In short"
    assert everyone == "20" and levels["Nog geen Nederlands"][0] == "<5"
    shown = [possible(cells[0]) for label, cells in levels.items() if cells[0] != "<5"]
    hidden = [label for label, cells in levels.items() if cells[0] == "<5"]
    assert len(hidden) == 5  # the zeros beside it are hidden too
    others = [range(0, 5)] * (len(hidden) - 1)
    for whole in (possible(everyone), possible(levels["Totaal van de getoonde cijfers"][0])):
        assert not pinned(subtract(whole, *shown, *others), 3)
