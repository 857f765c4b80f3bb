"""Dutch names of the ISCO-08 groups (1- to 4-digit codes).

ESCO ships the ISCO-08 group labels in English only, so the ``isco_group`` table has
just an English label. The Dutch names live in ``data/isco_groups_nl.csv`` next to this
module (columns ``code,label_nl``, one row per code of ``isco_groups_en.csv.gz``, same
order): our own translation of the ILO's English labels, following the terminology of
the Dutch ISCO-08 edition where known. The ten major groups carry the same Dutch names
as the ``isco_major`` labels in ``marketplace/web/labels.py``.

The file is read once per process (it is part of the package and does not change while
the app runs). Callers ask for a name in the user's language and fall back to the
English label from the database when the answer is ``None``::

    name = isco_group_name(group.code, current_language()) or group.label_en

Pure Python: no Flask and no database, so any layer can use it.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable
from importlib import resources

DATA_PACKAGE = "marketplace.taxonomy"
DATA_FILE = "data/isco_groups_nl.csv"
"""Where the Dutch names are, relative to the installed ``marketplace.taxonomy`` package."""


def isco_group_name(code: str, locale: str) -> str | None:
    """The name of ISCO-08 group ``code`` in ``locale``, or ``None``.

    ``None`` for any locale other than Dutch (``nl``, also ``nl_BE``/``nl-BE``) and for a
    code that is not an ISCO-08 group: the caller then shows the English label it has.
    """
    if not _is_dutch(locale):
        return None
    return dutch_isco_names().get(code)


def isco_group_names(codes: Iterable[str], locale: str) -> dict[str, str]:
    """The names of several groups in ``locale``: ``{code: name}`` for the codes that
    have one (none for a locale other than Dutch, and unknown codes left out)."""
    if not _is_dutch(locale):
        return {}
    names = dutch_isco_names()
    return {code: names[code] for code in codes if code in names}


@functools.cache
def dutch_isco_names() -> dict[str, str]:
    """Every ISCO-08 code with its Dutch name, read once from the packaged CSV file."""
    text = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return {row["code"]: row["label_nl"] for row in reader}


def _is_dutch(locale: str) -> bool:
    # Babel and browsers write regional variants as nl_BE or nl-BE; the names are the
    # same for Flanders and the Netherlands.
    return locale.replace("-", "_").split("_", 1)[0].lower() == "nl"
