"""Bulk writes of the records importer that leave unchanged rows alone.

Importing a file twice, or an export back into the database it came from, must change
nothing: no new version, no new ``updated_at``, no child rows deleted and inserted
again (their ids would change, and whatever the format does not carry, such as the
country of an experience, would be lost). So rows are compared with what the database
holds first, and only the differing ones are written, in batches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import delete, insert, select, update

from marketplace.extensions import db
from marketplace.opportunities.models import opportunity_occupation

BATCH = 5000


def comparable(value):
    """One form for a value read back from either database: a decimal or an integer
    column read as a float compares equal to the float the file gave."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return float(value)
    return value


@dataclass
class Upserted:
    """What ``upsert`` did: ids by key, and which keys it created and changed."""

    ids: dict[str, int] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)
    previous: dict[str, dict] = field(default_factory=dict)  # of changed rows


def upsert(
    model,
    key_column: str,
    rows: list[dict],
    *,
    create_only: dict[str, object],
    touched: dict[str, object],
) -> Upserted:
    """Insert new rows and update existing ones (by ``key_column``) whose values differ.

    ``rows`` hold the compared column values (without ``id`` and ``version``);
    ``create_only`` values go only into new rows (site defaults the format does not
    carry); ``touched`` values (such as ``updated_at``) go into new and changed rows.
    """
    columns = [key for key in rows[0] if key != key_column] if rows else []
    keys = [row[key_column] for row in rows]
    existing: dict[str, tuple] = {}
    key_attr = getattr(model, key_column)
    for chunk in range(0, len(keys), BATCH):
        for found in db.session.execute(
            select(key_attr, model.id, model.version, *(getattr(model, c) for c in columns)).where(
                key_attr.in_(keys[chunk : chunk + BATCH])
            )
        ):
            existing[found[0]] = tuple(found[1:])
    result = Upserted()
    new, changed = [], []
    for row in rows:
        key = row[key_column]
        if key not in existing:
            new.append({**row, **create_only, **touched, "version": 1})
            result.created.add(key)
            continue
        id_, version, *values = existing[key]
        if any(comparable(row[c]) != comparable(v) for c, v in zip(columns, values, strict=True)):
            # The current version goes in: SQLAlchemy checks it and writes the next one.
            changed.append({**row, **touched, "id": id_, "version": version})
            result.changed.add(key)
            result.previous[key] = dict(zip(columns, values, strict=True))
    for chunk in range(0, len(new), BATCH):
        db.session.execute(insert(model), new[chunk : chunk + BATCH])
    for chunk in range(0, len(changed), BATCH):
        db.session.execute(update(model), changed[chunk : chunk + BATCH])
    result.ids = {key: found[0] for key, found in existing.items()}
    fresh_keys = list(result.created)
    for chunk in range(0, len(fresh_keys), BATCH):
        result.ids.update(
            db.session.execute(
                select(key_attr, model.id).where(key_attr.in_(fresh_keys[chunk : chunk + BATCH]))
            ).all()
        )
    return result


def replace_children(
    model, parent_column: str, parent_ids: Iterable[int], rows: list[dict],
    columns: list[str] | None = None,
) -> set[int]:
    """Make the child rows of ``parent_ids`` exactly ``rows``, rewriting only the
    parents whose children differ (as a multiset of ``columns``, by default every
    given column); returns them. Values outside ``columns`` (such as the moment a row
    was recorded) are written but never compared."""
    parent_ids = list(parent_ids)
    if columns is None and rows:
        columns = [key for key in rows[0] if key != parent_column]
    if columns is None:
        columns = [c.name for c in model.__table__.columns if c.name not in (parent_column, "id")]
    parent = getattr(model, parent_column)
    have: dict[int, list] = defaultdict(list)
    for chunk in range(0, len(parent_ids), BATCH):
        for found in db.session.execute(
            select(parent, *(getattr(model, c) for c in columns)).where(
                parent.in_(parent_ids[chunk : chunk + BATCH])
            )
        ):
            have[found[0]].append(tuple(comparable(v) for v in found[1:]))
    want: dict[int, list] = defaultdict(list)
    for row in rows:
        want[row[parent_column]].append(tuple(comparable(row[c]) for c in columns))
    differing = {p for p in parent_ids if sorted(have[p], key=repr) != sorted(want[p], key=repr)}
    ordered = [p for p in parent_ids if p in differing]
    for chunk in range(0, len(ordered), BATCH):
        db.session.execute(delete(model).where(parent.in_(ordered[chunk : chunk + BATCH])))
    written = [row for row in rows if row[parent_column] in differing]
    for chunk in range(0, len(written), BATCH):
        db.session.execute(insert(model), written[chunk : chunk + BATCH])
    return differing


def sync_further_occupations(wanted: dict[int, list[int]]) -> None:
    """Make a try-out's further occupations exactly ``wanted`` (opportunity id ->
    occupation ids), rewriting only the opportunities whose set differs."""
    table = opportunity_occupation
    have: dict[int, set[int]] = defaultdict(set)
    ids = list(wanted)
    for chunk in range(0, len(ids), BATCH):
        for opportunity_id, occupation_id in db.session.execute(
                select(table.c.opportunity_id, table.c.occupation_id)
                .where(table.c.opportunity_id.in_(ids[chunk:chunk + BATCH]))):
            have[opportunity_id].add(occupation_id)
    differing = [i for i in ids if have[i] != set(wanted[i])]
    for chunk in range(0, len(differing), BATCH):
        db.session.execute(delete(table).where(
            table.c.opportunity_id.in_(differing[chunk:chunk + BATCH])))
    rows = [{"opportunity_id": i, "occupation_id": o} for i in differing
            for o in dict.fromkeys(wanted[i])]
    for chunk in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[chunk:chunk + BATCH])
