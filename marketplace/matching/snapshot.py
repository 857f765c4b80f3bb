"""Snapshots of the prepared candidate pool, shared by every process on a host.

A snapshot is a directory of ``.npy`` files, one per array the ranking reads: the
pool's columns and sparse matrices, the parts :class:`CandidatePool` derives from
them in ``__post_init__`` (occupation credit, the column-major copies, unit vectors,
the masks of the fast path), and the per-row metadata of :class:`CandidateRows`
(ids, coach ids, the shared flags, refs as fixed-width UTF-8 bytes). Every process
opens the files with ``np.load(mmap_mode="r")`` and builds the scipy matrices around
the mapped arrays without copying, so the pages live once in the page cache whatever
the number of workers, and a fresh worker is ready as soon as it has mapped them.

A directory's name is its key: the candidates' data version, a hash of the taxonomy
stamp and a hash of the code that derives the arrays (this module, ``records.py``,
``pool.py``, ``geometry.py`` and ``features.py``), so a snapshot of other data or of
older rules is never opened.
``manifest.json`` lists every array with its shape and dtype and is written last; a
directory is written under a temporary name and renamed, so a reader sees a whole
snapshot or none. One that does not match its manifest (a lost or truncated file) is
ignored and rebuilt.

:func:`open_or_build` is what callers use: open the snapshot of a key, else take an
exclusive lock on the pool directory (``fcntl.flock``), look again (another process
may have built it meanwhile), build, write, remove all but the newest
:data:`KEEP` snapshots (a process still mapping a removed one keeps its pages: Linux
frees them at the last unmap), release, and map what was written.

A snapshot is never changed once written. After an edit a process refreshes the rows
it holds in its own memory (``refresh.py``) and the ``prepare_candidate_pool`` job
writes the new version's snapshot later; see ``operations.py``.

Pure: numpy, scipy and the standard library; the bridge (``operations.py``) decides
the directory and the key.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from marketplace.matching import features, geometry, pool, records
from marketplace.matching.pool import CandidatePool
from marketplace.matching.spaces import Spaces

log = logging.getLogger(__name__)

FORMAT = 1
"""Raised when the layout of a snapshot changes."""

KEEP = 2
"""How many snapshots a pool directory keeps (the newest by modification time)."""

MANIFEST = "manifest.json"
LOCK = ".lock"
_TEMPORARY = ".building-"

PLAIN_ARRAYS = (
    "dutch_rank", "consent", "allowed_to_work", "work_permission_pending", "latitude",
    "longitude", "max_commute_km", "wished_kinds", "hours_wished", "availability",
    "available_from", "wished_sectors", "_points", "_point_unknown", "_dutch",
    "_hours_unknown", "_hours_safe", "_availability_unknown", "_sectors_unknown",
    "_available_unknown", "_available_safe",
)
"""The pool's plain arrays, derived ones included."""

SPARSE_ARRAYS = {
    "experience_years": "csr", "wished": "csr", "skills": "csr", "language_rank": "csr",
    "occupation_credit": "csr", "_credit_by_occupation": "csc", "skills_by_skill": "csc",
    "language_rank_by_language": "csc",
}
"""The pool's sparse matrices and their layout."""

_NOT_STORED = {"ids", "spaces", "_index"}
"""Pool attributes a snapshot rebuilds otherwise (ids as an array, the spaces of the
process, the id lookup by binary search)."""


def code_stamp() -> str:
    """A hash of the code that derives the arrays: a snapshot written by other rules
    (a changed experience factor, a new derived array) is never opened."""
    digest = hashlib.sha256(str(FORMAT).encode())
    for source in (Path(records.__file__), Path(pool.__file__), Path(geometry.__file__),
                   Path(features.__file__), Path(__file__)):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:10]


def snapshot_key(version: int, taxonomy_stamp: Hashable) -> str:
    """The directory name of the snapshot of candidates ``version`` on a taxonomy."""
    taxonomy = hashlib.sha256(repr(taxonomy_stamp).encode()).hexdigest()[:10]
    return f"v{int(version)}-t{taxonomy}-c{_CODE_STAMP}"


# --- the rows' metadata, without a Python object per candidate ---------------------


class IdArray:
    """Candidate ids as an int64 array that hands out Python ints (ids end up in
    database parameters and JSON, which take no numpy integers)."""

    def __init__(self, values: np.ndarray):
        self.values = values

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return IdArray(self.values[index])
        return int(self.values[index])

    def __iter__(self) -> Iterator[int]:
        return iter(self.values.tolist())

    def __array__(self, dtype=None, copy=None):
        return self.values if dtype is None else self.values.astype(dtype, copy=False)


class IdIndex:
    """Row of a candidate id by binary search over the sorted ids (a dict of a million
    Python ints costs about 100 MB in every worker)."""

    def __init__(self, ids: np.ndarray, order: np.ndarray | None = None):
        self.sorted_ids = ids if order is None else ids[order]
        self.order = order
        """Rows in id order; None when the rows already are (the database's order)."""

    @classmethod
    def of(cls, ids: np.ndarray) -> IdIndex:
        if len(ids) < 2 or bool(np.all(ids[1:] > ids[:-1])):
            return cls(ids)
        return cls(ids, np.argsort(ids, kind="stable").astype(np.int64))

    def rows(self, ids: Iterable[int]) -> np.ndarray:
        """Rows of the ``ids`` present, ascending (others are left out)."""
        wanted = np.fromiter((int(i) for i in ids), dtype=np.int64)
        at = np.searchsorted(self.sorted_ids, wanted)
        found = at < len(self.sorted_ids)
        found[found] = self.sorted_ids[at[found]] == wanted[found]
        rows = at[found] if self.order is None else self.order[at[found]]
        return np.unique(rows).astype(np.int64)

    def get(self, candidate_id, default=None) -> int | None:
        try:
            wanted = int(candidate_id)
        except (TypeError, ValueError):
            return default
        at = int(np.searchsorted(self.sorted_ids, wanted))
        if at == len(self.sorted_ids) or self.sorted_ids[at] != wanted:
            return default
        return at if self.order is None else int(self.order[at])

    def __getitem__(self, candidate_id) -> int:
        row = self.get(candidate_id)
        if row is None:
            raise KeyError(candidate_id)
        return row

    def __contains__(self, candidate_id) -> bool:
        return self.get(candidate_id) is not None


class Refs:
    """Refs as one fixed-width bytes array (UTF-8; empty for none)."""

    def __init__(self, encoded: np.ndarray):
        self.encoded = encoded

    @classmethod
    def of(cls, refs: Iterable[str | None]) -> Refs:
        encoded = [(ref or "").encode() for ref in refs]
        width = max((len(ref) for ref in encoded), default=0)
        return cls(np.array(encoded, dtype=f"S{max(width, 1)}"))

    def __len__(self) -> int:
        return len(self.encoded)

    def __getitem__(self, row: int) -> str | None:
        return self.encoded[row].decode() or None

    def __iter__(self) -> Iterator[str | None]:
        return (ref.decode() or None for ref in self.encoded.tolist())


@dataclass(frozen=True)
class CandidateRows:
    """The candidates of the pool and what decides who may see them."""

    pool: CandidatePool
    version: int
    coach_ids: np.ndarray
    shared: np.ndarray
    refs: Refs
    row_of: IdIndex


def candidate_rows_of(pool: CandidatePool, version: int, coach_ids, shared,
                      refs: Iterable[str | None]) -> CandidateRows:
    """:class:`CandidateRows` of an in-memory pool whose ids are integers."""
    ids = np.asarray(pool.ids, dtype=np.int64)
    return CandidateRows(pool=pool, version=version,
                         coach_ids=np.asarray(coach_ids, dtype=np.int64),
                         shared=np.asarray(shared, dtype=bool),
                         refs=Refs.of(refs), row_of=IdIndex.of(ids))


class MappedCandidatePool(CandidatePool):
    """A :class:`CandidatePool` whose arrays are mapped from a snapshot: every array
    is the same as the built pool's, ``ids`` is an :class:`IdArray` and rows are
    found by binary search."""

    _lookup: IdIndex

    def index_of(self, candidate_id) -> int | None:
        return self._lookup.get(candidate_id)

    def indices_of(self, candidate_ids) -> np.ndarray:
        return self._lookup.rows(candidate_ids)


# --- writing -----------------------------------------------------------------------


def unknown_arrays(pool: CandidatePool) -> set[str]:
    """The pool's attributes that a snapshot (and a refresh, ``refresh.py``) would not
    carry: a new derived array in ``pool.py`` must be added to the lists above."""
    return set(vars(pool)) - set(PLAIN_ARRAYS) - set(SPARSE_ARRAYS) - _NOT_STORED - {"_lookup"}


def _arrays_of(rows: CandidateRows) -> tuple[dict[str, np.ndarray], dict]:
    pool = rows.pool
    unknown = unknown_arrays(pool)
    if unknown:  # a new derived array in pool.py must be added here
        raise ValueError(f"the snapshot does not know the pool's {sorted(unknown)}")
    arrays = {name: np.ascontiguousarray(getattr(pool, name)) for name in PLAIN_ARRAYS}
    shapes = {}
    for name, layout in SPARSE_ARRAYS.items():
        matrix = getattr(pool, name)
        if matrix.format != layout:
            raise ValueError(f"{name} is {matrix.format}, not {layout}")
        for part in ("data", "indices", "indptr"):
            arrays[f"{name}.{part}"] = np.ascontiguousarray(getattr(matrix, part))
        shapes[name] = [int(size) for size in matrix.shape]
    arrays["ids"] = np.asarray(pool.ids, dtype=np.int64)
    arrays["coach_ids"] = np.asarray(rows.coach_ids, dtype=np.int64)
    arrays["shared"] = np.asarray(rows.shared, dtype=bool)
    arrays["refs"] = rows.refs.encoded
    if rows.row_of.order is not None:
        arrays["id_order"] = rows.row_of.order
    return arrays, shapes


def write_snapshot(directory: str | os.PathLike, key: str, rows: CandidateRows) -> Path:
    """Write ``rows`` as snapshot ``key`` in ``directory`` (under a temporary name,
    then renamed). The caller holds the directory's lock."""
    directory = Path(directory)
    arrays, shapes = _arrays_of(rows)
    building = Path(tempfile.mkdtemp(prefix=_TEMPORARY, dir=directory))
    try:
        for name, array in arrays.items():
            with open(building / f"{name}.npy", "wb") as file:
                np.save(file, array, allow_pickle=False)
                file.flush()
                os.fsync(file.fileno())
        manifest = {
            "format": FORMAT, "key": key, "version": rows.version, "count": len(rows.pool),
            "arrays": {name: [list(a.shape), a.dtype.str] for name, a in arrays.items()},
            "sparse": {name: [SPARSE_ARRAYS[name], shape] for name, shape in shapes.items()},
        }
        (building / MANIFEST).write_text(json.dumps(manifest))
        target = directory / key
        if target.exists():  # a broken one: make room (the caller holds the lock)
            shutil.rmtree(target)
        os.rename(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return target


def prune(directory: str | os.PathLike, keep: int = KEEP, newest: str | None = None) -> list[str]:
    """Remove all but the ``keep`` newest snapshots (``newest``, the one just written,
    counting as the newest whatever the clock says) and any half-written directory of
    a writer that died (the caller holds the lock, so no one is writing). Returns the
    names removed."""
    directory = Path(directory)
    removed, snapshots = [], []
    for entry in directory.iterdir():
        if not entry.is_dir():
            continue
        if entry.name.startswith(_TEMPORARY):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry.name)
        elif not entry.name.startswith("."):
            snapshots.append(entry)
    snapshots.sort(key=lambda entry: (entry.name == newest, entry.stat().st_mtime), reverse=True)
    for entry in snapshots[keep:]:
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry.name)
    return removed


# --- opening -----------------------------------------------------------------------


def _mapped(path: Path, shape: list[int], dtype: str) -> np.ndarray:
    array = np.load(path, mmap_mode="r", allow_pickle=False)
    if list(array.shape) != shape or array.dtype.str != dtype:
        raise ValueError(f"{path.name} is {array.shape} {array.dtype.str}, not {shape} {dtype}")
    return np.asarray(array)  # a plain ndarray view of the mapping, not np.memmap


def open_snapshot(directory: str | os.PathLike, key: str, spaces: Spaces) -> CandidateRows | None:
    """The snapshot ``key`` mapped, or None when it is missing or does not match its
    manifest (then it is rebuilt)."""
    path = Path(directory) / key
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        log.warning("Candidate pool snapshot %s has an unreadable manifest", key)
        return None
    try:
        if manifest["format"] != FORMAT or manifest["key"] != key:
            raise ValueError("another format or key")
        arrays = {name: _mapped(path / f"{name}.npy", shape, dtype)
                  for name, (shape, dtype) in manifest["arrays"].items()}
        return _rows_from(arrays, manifest, spaces)
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("Candidate pool snapshot %s is ignored: %s", key, error)
        return None


def _rows_from(arrays: dict[str, np.ndarray], manifest: dict, spaces: Spaces) -> CandidateRows:
    n = int(manifest["count"])
    pool = object.__new__(MappedCandidatePool)  # no __post_init__: everything is mapped
    values = vars(pool)
    for name in PLAIN_ARRAYS:
        values[name] = arrays[name]
    for name, (layout, shape) in manifest["sparse"].items():
        kind = sparse.csr_matrix if layout == "csr" else sparse.csc_matrix
        matrix = kind((arrays[f"{name}.data"], arrays[f"{name}.indices"],
                       arrays[f"{name}.indptr"]), shape=tuple(shape), copy=False)
        # written sorted and summed; set so scipy never tries to sort read-only arrays
        matrix.has_sorted_indices = True
        matrix.has_canonical_format = True
        values[name] = matrix
    missing = set(SPARSE_ARRAYS) - set(manifest["sparse"])
    if missing:
        raise ValueError(f"missing matrices {sorted(missing)}")
    ids = arrays["ids"]
    values["ids"] = IdArray(ids)
    values["spaces"] = spaces
    values["_lookup"] = IdIndex(ids, arrays.get("id_order"))
    for name in (*PLAIN_ARRAYS[:12], "ids", "coach_ids", "shared", "refs"):
        if len(arrays[name]) != n:
            raise ValueError(f"{name} holds {len(arrays[name])} rows, not {n}")
    for name in SPARSE_ARRAYS:
        if values[name].shape[0] != n:
            raise ValueError(f"{name} has the wrong number of rows")
    return CandidateRows(pool=pool, version=int(manifest["version"]),
                         coach_ids=arrays["coach_ids"], shared=arrays["shared"],
                         refs=Refs(arrays["refs"]), row_of=values["_lookup"])


# --- the lock ------------------------------------------------------------------------


@contextlib.contextmanager
def locked(directory: str | os.PathLike) -> Iterator[None]:
    """Hold the pool directory's exclusive lock (waits for the holder)."""
    with open(Path(directory) / LOCK, "a") as file:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(file.fileno(), fcntl.LOCK_UN)


def open_or_build(directory: str | os.PathLike, key: str, spaces: Spaces,
                  build: Callable[[], CandidateRows], *, write: bool = True) -> CandidateRows:
    """Snapshot ``key`` mapped; when there is none, build it once per host (see the
    module docstring). ``write=False`` (data not committed yet) builds in memory and
    leaves the directory alone."""
    found = open_snapshot(directory, key, spaces)
    if found is not None:
        return found
    if not write:
        return build()
    os.makedirs(directory, exist_ok=True)
    with locked(directory):
        found = open_snapshot(directory, key, spaces)
        if found is not None:
            return found
        built = build()
        write_snapshot(directory, key, built)
        prune(directory, newest=key)
    # Map what was written, so that this process shares its pages with the others.
    return open_snapshot(directory, key, spaces) or built


_CODE_STAMP = code_stamp()
