"""A dashboard table as CSV, with the same protected figures as the page."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from flask_babel import gettext as _

from marketplace.insights.queries import InsightFilters
from marketplace.insights.tables import Table

#: Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """A label as a harmless spreadsheet cell."""
    return "'" + value if value.startswith(_FORMULA_START) else value


#: Excel reads a CSV file with the list separator of the computer's region: ";" where
#: the comma is the decimal sign, as in Dutch (Belgium), "," in English.
SEPARATORS = {"nl": ";", "en": ","}

#: Without a byte-order mark Excel reads UTF-8 as Windows-1252 ("BelgiÃ«").
BYTE_ORDER_MARK = "\ufeff"


def table_csv(table: Table, separator: str = ",") -> str:
    """The table as CSV text: a header row, one row per group, the total row. A
    withheld table (too few people) is one column: a header and the message."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    if table.withheld:
        writer.writerow([_("Message")])
        writer.writerow([" ".join([f"{table.withheld}.", *table.notes])])
        return out.getvalue()
    header = [table.label_header]
    if table.with_codes:
        header.append(_("ISCO code"))
    writer.writerow([_text(str(cell)) for cell in header + [c.label for c in table.columns]])
    for row in [*table.rows, *([table.total] if table.total else [])]:
        cells = [_text(row.label)] + ([row.code] if table.with_codes else [])
        writer.writerow(cells + [str(figure) for figure in row.cells])
    return out.getvalue()


def csv_download(table: Table, language: str) -> str:
    """The table as a file that opens right in Excel set to the page's language: a
    byte-order mark, then the CSV with that language's list separator."""
    return BYTE_ORDER_MARK + table_csv(table, SEPARATORS.get(language, ","))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()


def csv_filename(
    side: str, table: Table, filters: InsightFilters, place: str | None, radius: str | None
) -> str:
    """``werkbrug-<side>-<table>-<from>-<to>[-sector-X][-<place>[-<n>km]][-<kind>]
    [-isco-<group>].csv``: what the figures are about, readable in a file list."""
    parts = ["werkbrug", side, table.key, filters.start.isoformat(), filters.end.isoformat()]
    if filters.sector:
        parts += ["sector", filters.sector]
    if filters.postcodes is not None and place:
        parts.append(_slug(place))
        if radius:
            parts.append(_slug(radius) + "km")
    if filters.kind:
        parts.append(filters.kind)
    if filters.group:
        parts += ["isco", filters.group]
    return "-".join(part for part in parts if part) + ".csv"
