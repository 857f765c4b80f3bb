"""Fields a record may leave out: absent, an existing row keeps its value and a new
row gets the site's default; given (also ``null``), the record's value is written.

The importer reads the values of the existing rows once, then builds every row with
the same columns (``bulk.upsert`` compares and writes them in batches).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.records.bulk import BATCH


def existing_values(model, key_column: str, keys: list[str], columns: list[str]
                    ) -> dict[str, dict[str, object]]:
    """Key -> {column: value} of the rows of ``model`` whose key is among ``keys``."""
    key_attr = getattr(model, key_column)
    found: dict[str, dict[str, object]] = {}
    for chunk in range(0, len(keys), BATCH):
        query = select(key_attr, *(getattr(model, c) for c in columns)).where(
            key_attr.in_(keys[chunk:chunk + BATCH]))
        for key, *values in db.session.execute(query):
            found[key] = dict(zip(columns, values, strict=True))
    return found


def carried_values(record, key: str, existing: dict[str, dict[str, object]],
                   defaults: dict[str, object],
                   convert: dict[str, Callable[[object], object]] | None = None
                   ) -> dict[str, object]:
    """The columns of ``defaults`` (named as the record's fields) for one record."""
    convert = convert or {}
    given = record.model_fields_set
    kept = existing.get(key)
    values = {}
    for name, default in defaults.items():
        if name in given:
            value = getattr(record, name)
            value = convert[name](value) if name in convert and value is not None else value
            values[name] = default if value is None else value
        elif kept is not None:
            values[name] = kept[name]
        else:
            values[name] = default
    return values
