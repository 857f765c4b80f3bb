"""The fairness report in words and as CSV: the labels of its groups, and a file with
the same protected figures as the page (byte-order mark and the page language's list
separator, as the insights downloads)."""

from __future__ import annotations

import csv
import io

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.insights.export import BYTE_ORDER_MARK, SEPARATORS
from marketplace.insights.protection import NOT_SHOWN_TEXT
from marketplace.ranking.fairness import NOT_STATED, STAGES, Breakdown, GroupRow
from marketplace.taxonomy.queries import list_languages
from marketplace.web.labels import choice_label

DIMENSION_LABELS = {
    "gender": _l("Gender (self-declared)"),
    "age_band": _l("Age"),
    "dutch_level": _l("Dutch level"),
    "first_language": _l("First language"),
}

STAGE_LABELS = {
    "top10": _l("In a top 10"),
    "proposed": _l("Proposed"),
    "invited": _l("Invited"),
    # A training provider's or try-out's "hire" is an acceptance (labels.kind_label):
    # a stage of its own, so a group that mostly gets courses does not look like one
    # that gets work. The same words on the page, in its note and in the CSV.
    "hired": _l("Hired for work"),
    "accepted": _l("Accepted on a course or try-out"),
}


def group_labeller(locale: str):
    """A function giving the label of a group key of a characteristic."""
    languages = dict(list_languages(locale))

    def label(dimension: str, key: str) -> str:
        if key == NOT_STATED:
            return _("Not stated")
        if dimension == "gender":
            return choice_label("gender", key)
        if dimension == "age_band":
            return _("%(band)s years", band=key)
        if dimension == "first_language":
            return languages.get(key, key)
        return choice_label("cefr", key)

    return label


def rate_text(value: float | None) -> str:
    return NOT_SHOWN_TEXT if value is None else format_percent(value, "#,##0%")


def ratio_text(value: float | None) -> str:
    return NOT_SHOWN_TEXT if value is None else format_decimal(value, "0.00")


def skew_text(group: GroupRow) -> str:
    """skew@10, or why there is none: no top-10 place at all, or hidden figures."""
    if group.skew is not None:
        return format_decimal(group.skew, "0.00")
    if group.place_share == 0 and group.eligible_share:
        return _("no top-10 place")
    return NOT_SHOWN_TEXT


def flag_text(group: GroupRow, stage: str) -> str:
    return _("below 4/5") if group.flagged(stage) else ""


def fairness_csv(report: list[Breakdown], language: str) -> str:
    """One row per group of every characteristic; the page's figures and words."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEPARATORS.get(language, ","), lineterminator="\r\n")
    header = [_("Characteristic"), _("Group"), _("Eligible candidates")]
    for stage in STAGES:
        name = str(STAGE_LABELS[stage])
        header += [name, _("%(stage)s: rate", stage=name),
                   _("%(stage)s: ratio to the best group", stage=name),
                   _("%(stage)s: four-fifths rule", stage=name)]
    header += [_("Share of top-10 places"), _("Share of eligible candidates"),
               _("Top 10 compared with size (skew@10)")]
    writer.writerow(header)
    label = group_labeller(language)
    for table in report:
        for group in table.rows:
            row = [str(DIMENSION_LABELS[table.dimension]), label(table.dimension, group.key),
                   str(group.eligible)]
            for stage in STAGES:
                row += [str(group.counts[stage]), rate_text(group.rates[stage]),
                        ratio_text(group.ratios[stage]), flag_text(group, stage)]
            row += [rate_text(group.place_share), rate_text(group.eligible_share),
                    skew_text(group)]
            writer.writerow(row)
    return BYTE_ORDER_MARK + out.getvalue()
