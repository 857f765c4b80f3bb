"""The insights resource's models: the dashboards' protected tables as JSON.

Built from the very ``insights.tables.Table`` objects the pages and their CSV
downloads show (``InsightsOut.of``), so the API publishes the same protected figures:
a hidden figure has ``value`` null and its ``text`` ("<5", or an en dash for a hidden
share, gap or average), never the raw count.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from marketplace.api.spec import QueryId, StrictModel
from marketplace.insights.protection import Figure
from marketplace.insights.queries import InsightFilters
from marketplace.insights.tables import Row, Table


class InsightQuery(StrictModel):
    """The filters of the dashboards, as on the pages (the same checks)."""

    period_start: str | None = Field(
        None, max_length=10, description="A month (2026-01) or a day (2026-01-15). "
                                         "Default: twelve months ago.")
    period_end: str | None = Field(None, max_length=10,
                                   description="A month or a day, included. Default: today.")
    sector: str | None = Field(
        None, max_length=10, description="A NACE section letter; empty: all sectors. "
                                         "Left out, a federation's key uses its own sector.")
    place: str | None = Field(None, max_length=60,
                              description="A postcode or municipality: only this region.")
    radius: str | None = Field(None, max_length=10,
                               description="Kilometres around the place.")
    kind: str | None = Field(None, max_length=20,
                             description="job, internship, volunteering or tryout.")
    group: str | None = Field(None, max_length=4,
                              description="An ISCO group of 1 to 4 digits to look inside.")


class FigureOut(BaseModel):
    """A published figure: counts are rounded to 5; below 5 they are hidden."""

    value: int | None = Field(description="null when hidden (too few to show).")
    text: str = Field(description='As the page shows it: "125", "<5", or an en dash '
                                  "(a hidden share or average).")

    @classmethod
    def of(cls, figure: Figure) -> FigureOut:
        return cls(value=figure.value, text=str(figure))


class InsightRow(BaseModel):
    label: str
    code: str | None = Field(description="An ISCO code beside the label, or null.")
    cells: list[FigureOut] = Field(description="One figure per column.")

    @classmethod
    def of(cls, row: Row) -> InsightRow:
        return cls(label=row.label, code=row.code or None,
                   cells=[FigureOut.of(cell) for cell in row.cells])


class InsightTable(BaseModel):
    key: str = Field(description="The table's name, as in the page's CSV address.")
    caption: str
    label_header: str
    columns: list[str]
    rows: list[InsightRow]
    total: InsightRow | None
    notes: list[str]
    withheld: str | None = Field(
        description="Why the table has no figures (too few people), or null.")

    @classmethod
    def of(cls, table: Table) -> InsightTable:
        return cls(key=table.key, caption=table.caption, label_header=table.label_header,
                   columns=[column.label for column in table.columns],
                   rows=[InsightRow.of(row) for row in table.rows],
                   total=InsightRow.of(table.total) if table.total else None,
                   notes=[str(note) for note in table.notes],
                   withheld=str(table.withheld) if table.withheld else None)


class AppliedFilters(BaseModel):
    period_start: date
    period_end: date
    sector: str | None
    kind: str | None
    group: str | None
    postcodes: list[str] | None = Field(description="The region's postcodes, or null.")

    @classmethod
    def of(cls, filters: InsightFilters) -> AppliedFilters:
        return cls(period_start=filters.start, period_end=filters.end, sector=filters.sector,
                   kind=filters.kind, group=filters.group or None,
                   postcodes=list(filters.postcodes) if filters.postcodes is not None
                   else None)


class InsightsOut(BaseModel):
    """One dashboard: its summary figures and its tables, protected as on the page."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "filters": {"period_start": "2025-12-01", "period_end": "2026-11-30",
                    "sector": "H", "kind": None, "group": None, "postcodes": None},
        "summary": {"opportunities": {"value": 45, "text": "45"},
                    "places": {"value": 60, "text": "60"}},
        "tables": [{"key": "kind", "caption": "Open opportunities by kind",
                    "label_header": "Kind", "columns": ["Open opportunities", "Places"],
                    "rows": [{"label": "Job", "code": None,
                              "cells": [{"value": 40, "text": "40"},
                                        {"value": 55, "text": "55"}]},
                             {"label": "Internship", "code": None,
                              "cells": [{"value": None, "text": "<5"},
                                        {"value": None, "text": "<5"}]}],
                    "total": None, "notes": [], "withheld": None}],
        "note": "“<5” means fewer than 5, sometimes 0: too few to show.",
    }]})

    filters: AppliedFilters
    summary: dict[str, FigureOut]
    tables: list[InsightTable]
    note: str = Field(description="What hidden and rounded figures mean.")


class ReportQuery(StrictModel):
    """The filters of the barriers and trajectories reports, as on their pages."""

    period_start: str | None = Field(
        None, max_length=10, description="A month (2026-01) or a day (2026-01-15). "
                                         "Default: twelve months ago.")
    period_end: str | None = Field(None, max_length=10,
                                   description="A month or a day, included. Default: today.")
    partner: QueryId | None = Field(
        None, description="One partner organisation's id; left out: all.")


class ReportFilters(BaseModel):
    period_start: date
    period_end: date
    partner: int | None


class ReportOut(BaseModel):
    """A report: its summary figures (if any) and its tables, protected as on the page."""

    filters: ReportFilters
    summary: dict[str, FigureOut]
    tables: list[InsightTable]
    note: str = Field(description="What hidden and rounded figures mean.")
