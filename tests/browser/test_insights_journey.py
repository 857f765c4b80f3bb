"""Journey 5, in Dutch and in English: a sector federation's analyst opens the demand
dashboard (their own sector, transport, is chosen for them), looks at another sector
(manufacturing: the demo bakery and two employers without accounts) and downloads a
table as CSV. The file holds what the page showed for that sector: a header row in the
analyst's language, the same protected figures ("<5" for 1 to 4), the same total.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.browser.journeys import open_menu

#: The sector the analyst looks at, as the sector list names it in each language
#: (NACE section C; the names come with the taxonomy, they are not interface texts).
OTHER_SECTOR = {"nl": "Industrie", "en": "Manufacturing"}
OWN_SECTOR = "H"
SMALL = "<5"


def table_cells(table) -> list[list[str]]:
    """A table's rows as the page shows them (header, body, total), cell by cell."""
    return [
        [cell.inner_text().strip() for cell in row.locator("th, td").all()]
        for row in table.locator("tr").all()
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_analyst_filters_the_demand_by_sector_and_downloads_a_csv(lang, browse):
    analyst = browse("analyst", lang)
    page = analyst.page
    open_menu(analyst, "Insights")
    assert page.get_by_role("heading", level=1).inner_text() == analyst.text(
        "Demand: the open opportunities"
    )
    filters = page.get_by_role("form", name=analyst.text("Filters"))
    sector = filters.get_by_label(analyst.text("Sector of the organisation"), exact=True)
    assert sector.input_value() == OWN_SECTOR  # the federation's own sector to start with
    heading = analyst.text("Open opportunities by municipality")
    section = page.get_by_role("region", name=heading)
    own_sector_table = table_cells(section.get_by_role("table"))

    sector.select_option(label=OTHER_SECTOR[lang])
    with analyst.navigates():
        filters.get_by_role("button", name=analyst.text("Show"), exact=True).click()
    assert sector.input_value() == "C"
    section = page.get_by_role("region", name=heading)
    shown = table_cells(section.get_by_role("table"))
    assert shown != own_sector_table  # the page shows the other sector now

    with page.expect_download() as started:
        section.get_by_role("link", name=analyst.text("Download this table (CSV)")).click()
    download = started.value
    assert download.failure() is None
    assert download.suggested_filename.startswith("werkbrug-demand-municipality-")
    assert download.suggested_filename.endswith("-sector-C.csv")
    # Excel-ready: a byte-order mark, and ";" as separator on Dutch pages.
    with Path(download.path()).open(newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file, delimiter=";" if lang == "nl" else ","))

    # The header row in the analyst's language, then the page's rows, figure for figure.
    assert rows[0] == [
        analyst.text("Municipality"),
        analyst.text("Open opportunities"),
        analyst.text("Places"),
    ]
    assert rows[1:] == shown[1:], "the CSV differs from the table on the page"
    assert rows[-1][0] == analyst.text("Total of the figures shown")
    small = [row for row in rows[1:-1] if row[1] == SMALL]
    assert small, "no municipality with 1 to 4 opportunities shown as <5"
    assert all(row[2] == SMALL for row in small)  # their places are hidden too
    for row in rows[1:]:
        for figure in row[1:]:
            assert figure == SMALL or int(figure) % 5 == 0, f"not protected: {row}"
