"""Computed aggregates kept until the data under them change.

Every page answers under 300 ms computed afresh (``bench/insights.py``), but
dashboards ask the same questions again and again (every filter change reloads the
page, every CSV repeats the page's figures), so an answer is kept, keyed by the
question, its filters and the data version stamps of what it reads
(``marketplace/data_versions.py``): a question about demand names the opportunities'
stamp, one about supply the candidates', and every key holds the organisations' (their
sectors and names filter both). Any write to those tables changes a stamp, and the next
request computes afresh; a saved profile leaves the kept demand figures alone. Nothing
personal is kept: only the raw counts per group.

Figures at most a minute old (``INSIGHTS_MAX_AGE_SECONDS``): where coaches save
profiles and employers answer all day, a stamp moves every few seconds, and every
dashboard request would count 100,000 candidates afresh (most of the database's work
under the load test). So a process reads the stamps at most once per that many seconds
and keys its answers by the stamps it read last: a change shows on the dashboards
within that time, and the page says so. An answer is always computed after the stamps
it is filed under were read, so it is never older than they are. 0 (the tests) reads
them on every request.

Where answers are kept: with ``CACHE_REDIS_URL``, in the Redis every host shares
(``marketplace/shared_cache.py``), encoded as JSON of the answer types below, so one
host's answer serves all; without it, in this process (``INSIGHTS_CACHE_SIZE``
answers, least recently used dropped first). The stamp is read from the same session
as the aggregates (the read replica when there is one), so an answer computed on a
replica that lags behind is filed under the older stamp it saw, never a newer one.

The tables laid out from those answers (``tables.py``, ``supply_tables.py``) are kept
too (``kept_table``), in this process only: laying out a page's tables from its kept
answers (protecting hundreds of counts, naming the rows) cost most of a dashboard
request. A table depends only on the filters, the language and the data, never on
who asks (a table is the same for everyone allowed to see its page), so it is keyed
by those and by the stamps of every row it reads, the taxonomy's too (its row names).

So are the parts of a dashboard page built from them (``kept_part``): the HTML of its
sections (everything under the page's frame, which holds the CSRF token, the menu and
the messages: the filters, the figures, the tables and charts), written afresh cost
about half of a request once the tables were kept. A part is keyed by all it depends
on besides the data (the caller names it: query string, language, role, day) and by
every stamp and the settings the pages show, so it changes exactly when the page
written afresh would.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from flask import current_app, g, has_request_context
from sqlalchemy import func, select

from marketplace.accounts.models import Organisation
from marketplace.data_versions import has_uncommitted_stamps, version_subquery
from marketplace.database import read_session
from marketplace.insights.answers import Count, GroupSupply
from marketplace.shared_cache import shared_cache

_MISSING = object()


class _Recent:
    """At most a given number of values, the least recently used dropped first."""

    def __init__(self):
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        return _MISSING

    def put(self, key, value, size: int) -> None:
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_answers = _Recent()
_tables = _Recent()
_parts = _Recent()
_last_read: dict = {}
"""The stamps this process read last, and when (``clock()``), for ``data_stamp``."""

clock = time.monotonic


def data_stamp() -> dict:
    """The stamps the aggregates depend on, by name, read before the aggregates (so a
    kept answer is never older than its stamp): once per request, and not again within
    ``INSIGHTS_MAX_AGE_SECONDS`` of the last read (see the module docstring)."""
    if "insights_stamp" in g:
        return g.insights_stamp
    max_age = max_age_seconds()
    if max_age and _last_read and clock() - _last_read["at"] < max_age:
        g.insights_stamp = _last_read["stamp"]
        return g.insights_stamp
    read_at = clock()
    # One statement for them all, not four: every dashboard request reads them.
    opportunities, candidates, taxonomy, count, versions = read_session().execute(
        select(
            version_subquery("opportunities"),
            version_subquery("candidates"),
            version_subquery("taxonomy"),
            select(func.count()).select_from(Organisation).scalar_subquery(),
            select(func.coalesce(func.sum(Organisation.version), 0)).scalar_subquery(),
        )
    ).one()
    stamp = {"opportunities": opportunities, "candidates": candidates, "taxonomy": taxonomy,
             "organisations": (count, versions)}
    g.insights_stamp = stamp
    if max_age:
        _last_read.update(stamp=stamp, at=read_at)
    return stamp


def max_age_seconds() -> int:
    """How old the dashboards' figures may be (0: counted on every request)."""
    if not _size() and shared_cache() is None:  # nothing is kept, so nothing is old
        return 0
    return int(current_app.config.get("INSIGHTS_MAX_AGE_SECONDS", 0))


def _size() -> int:
    return int(current_app.config.get("INSIGHTS_CACHE_SIZE", 0))


def kept(reads: str) -> Callable[[Callable], Callable]:
    """Keep the answers of the decorated function, which reads the data of the stamp
    ``reads`` ("opportunities" or "candidates") and the organisations (its arguments
    must be hashable and have a stable ``repr``): for the rest of the request in any
    case (the supply page asks one question for two tables), and across requests in the
    shared cache or this process's (see the module docstring)."""
    if reads not in STAMPS_READ:
        raise ValueError(f"no insights stamp {reads!r}")
    return lambda function: _kept(function, reads)


STAMPS_READ = ("opportunities", "candidates")
"""The stamps a kept question can read, besides the organisations'."""


def _kept(function: Callable, reads: str) -> Callable:
    @wraps(function)
    def cached(*args, **kwargs):
        if not has_request_context():  # a command or a test calling it directly
            return function(*args, **kwargs)
        question = (function.__qualname__, args, tuple(sorted(kwargs.items())))
        this_request = g.setdefault("insights_answers", {})
        if question in this_request:
            return this_request[question]
        shared = shared_cache()
        size = _size()
        key = None
        if shared or size:
            stamp = data_stamp()
            key = (*question, stamp[reads], stamp["organisations"])
        answer = _look_up(shared, key) if key else _MISSING
        if answer is _MISSING:
            answer = function(*args, **kwargs)
            if isinstance(answer, list):
                answer = tuple(answer)  # shared between requests: never changed in place
            if key and not has_uncommitted_stamps():  # see marketplace.data_versions
                _keep(shared, key, answer, size)
        this_request[question] = answer
        return answer

    return cached


def _look_up(shared, key):
    if shared is not None:
        raw = shared.get(_shared_name(key))
        return _MISSING if raw is None else decode(raw)
    return _answers.get(key)


def _keep(shared, key, answer, size: int) -> None:
    if shared is not None:
        shared.set(_shared_name(key), encode(answer))
        return
    _answers.put(key, answer, size)


def kept_table(*reads: str) -> Callable[[Callable], Callable]:
    """Keep the tables the decorated builder (``builder(filters, locale)``) lays out
    from the data of the stamps ``reads`` (and the organisations' and the taxonomy's),
    in this process (see the module docstring). A kept table is shared by the
    requests that ask for it: nothing may change it once built."""
    unknown = set(reads) - set(STAMPS_READ)
    if unknown:
        raise ValueError(f"no insights stamp {sorted(unknown)!r}")
    return lambda builder: _kept_table(builder, reads)


def _kept_table(builder: Callable, reads: tuple[str, ...]) -> Callable:
    # The module too: a table builder may share its name with the question it asks.
    name = f"{builder.__module__}.{builder.__qualname__}"

    @wraps(builder)
    def cached(filters, locale: str):
        size = _size()
        if not size or not has_request_context():
            return builder(filters, locale)
        stamp = data_stamp()
        key = (
            name, filters, locale, *(stamp[read] for read in reads),
            stamp["organisations"], stamp["taxonomy"],
            # A withheld table names the smallest population shown.
            current_app.config["INSIGHTS_MIN_POPULATION"],
        )
        table = _tables.get(key)
        if table is _MISSING:
            table = builder(filters, locale)
            if not has_uncommitted_stamps():  # see marketplace.data_versions
                _tables.put(key, table, size)
        return table

    return cached


PARTS_PER_TABLE = 8
"""A page's sections hold about ten tables' HTML: ``INSIGHTS_CACHE_SIZE`` tables, and
an eighth as many parts of pages, take about as much memory."""


def kept_part(question: tuple, build: Callable[[], object]):
    """What ``build()`` makes of the dashboards' data for a part of a page, kept in this
    process under ``question`` (hashable: everything the part depends on besides the
    data and the settings), every data stamp, the smallest population shown and the
    figures' age, as the tables are (see the module docstring). A kept part is shared
    by the requests that ask for it: nothing may change it once built."""
    if not _size() or not has_request_context():
        return build()
    size = max(1, _size() // PARTS_PER_TABLE)
    stamp = data_stamp()
    key = (
        question, stamp["opportunities"], stamp["candidates"], stamp["taxonomy"],
        stamp["organisations"], current_app.config["INSIGHTS_MIN_POPULATION"],
        max_age_seconds(),
    )
    part = _parts.get(key)
    if part is _MISSING:
        part = build()
        if not has_uncommitted_stamps():  # see marketplace.data_versions
            _parts.put(key, part, size)
    return part


#: Raised when what a kept question counts changes while its data do not: hosts that
#: run the new code then never read an answer the earlier code kept in the shared Redis
#: under the same stamp. 2: the hours bands leave try-outs out.
ANSWERS_FORMAT = 2


def _shared_name(key: tuple) -> str:
    """The Redis key of a question at a stamp: its digest (the filters' ``repr`` is
    stable: frozen dataclasses of strings, numbers, dates and tuples)."""
    digest = hashlib.sha256(repr((ANSWERS_FORMAT, *key)).encode()).hexdigest()
    return "insights:" + digest


def _answer_types() -> dict[str, type]:
    return {cls.__name__: cls for cls in (Count, GroupSupply)}


def encode(answer) -> bytes:
    """An answer (a known dataclass, or a tuple of them) as JSON."""

    def one(value):
        return {"type": type(value).__name__, "fields": dataclasses.astuple(value)}

    if isinstance(answer, tuple):
        return json.dumps({"many": [one(value) for value in answer]}).encode()
    return json.dumps({"one": one(answer)}).encode()


def decode(raw: bytes):
    """The answer ``encode`` wrote; only the known answer types are made."""
    types = _answer_types()
    data = json.loads(raw)

    def one(item):
        return types[item["type"]](*item["fields"])

    if "many" in data:
        return tuple(one(item) for item in data["many"])
    return one(data["one"])


def forget_all() -> None:
    """Drop this process's kept answers, tables and parts of pages (tests). Shared
    answers expire on their own."""
    _answers.clear()
    _tables.clear()
    _parts.clear()
    _last_read.clear()
