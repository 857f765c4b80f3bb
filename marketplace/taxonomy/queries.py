"""Lookups and searches over the reference data, for every domain to use.

The reference data is the same for every user, so nothing here filters by
organisation.

Search goes through a :class:`~marketplace.taxonomy.labelindex.LabelIndex` per table
(occupations: Dutch and English, preferred and alternative labels; skills: English
preferred and alternative labels and the Dutch catalogue's labels, plus a second index
of skill descriptions), built from the database on first use and kept per process.
Building the occupation index takes a few seconds; a search then takes a few
milliseconds.

Skill search (:func:`search_skills`) is a *focused* search (see
``labelindex``): it answers one result per skill and one per name (two ESCO skill
groups are both called "moving and lifting"): first preferred labels that match
exactly, by prefix or by word, then alternative labels, then labels with a whole word
one typing error from a typed word, then substrings; when that gives fewer than
``limit`` skills, skills whose description holds every word typed follow
(``how == "description"``). Labels that only look like the query (``how ==
"similar"``) are shown only when nothing of that kind was found, labels nor
descriptions.

The cache is keyed on a cheap *stamp* of the table: row count, highest id and the total
length of the labels. The stamp is read at most once every
``TAXONOMY_INDEX_CHECK_SECONDS`` (default 5; 0 when testing); when it changed (after
``flask taxonomy load`` in another process, say) the index is rebuilt. A change that
keeps every length the same goes unnoticed until the process restarts, which is
acceptable for reference data that changes once or twice a year.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Select, func, select

from marketplace.extensions import db
from marketplace.taxonomy.label_text import fold
from marketplace.taxonomy.labelindex import LabelIndex, Match
from marketplace.taxonomy.models import Language, NaceSection, Occupation, Postcode, Skill
from marketplace.taxonomy.version import postcode_points

DEFAULT_CHECK_SECONDS = 5.0
STRONG_TIERS = ("exact", "prefix", "word")
"""Description matches count only when every word typed starts a word there."""


@dataclass(frozen=True)
class SearchResult:
    """An occupation or skill found by a search, ready to show.

    ``label`` is in ``lang`` (the requested language when the data has it);
    ``other_label`` is the name in the other language (occupations only). ``code`` is
    the ISCO-08 code of an occupation or the ESCO code of a skill group.
    """

    id: int
    uri: str
    label: str
    lang: str
    other_label: str | None
    other_lang: str | None
    code: str | None
    kind: str | None
    matched_label: str
    matched_lang: str
    score: float
    how: str
    entity: Occupation | Skill
    preferred: bool = True
    """Whether ``matched_label`` is a preferred label (not an alternative one)."""

    @property
    def matched_other_label(self) -> bool:
        """True when the label that matched is neither label shown."""
        return self.matched_label not in (self.label, self.other_label)


# -- search ----------------------------------------------------------------------------


def search_occupations(q: str, locale: str = "nl", limit: int = 10) -> list[SearchResult]:
    """Occupations whose Dutch or English labels match ``q``, best first, labelled in
    ``locale`` (``"nl"`` or ``"en"``)."""
    locale = "en" if locale == "en" else "nl"
    matches = occupation_index().search(q, limit=limit, lang=locale)
    occupations = _by_id(Occupation, [m.entity_id for m in matches])
    return [
        _occupation_result(occupations[m.entity_id], m, locale)
        for m in matches
        if m.entity_id in occupations
    ]


def search_skills(q: str, locale: str = "nl", limit: int = 10) -> list[SearchResult]:
    """Skills whose English or Dutch labels (then descriptions) match ``q``, best
    first, one per skill and per name, labelled in ``locale`` where the catalogue has a
    Dutch name. Similar-looking labels only when nothing better was found."""
    locale = "en" if locale == "en" else "nl"
    # Ask for more than shown: names that repeat are dropped below.
    matches = skill_index().search(q, limit=limit * 2, lang=locale, preferred_first=True,
                                   focused=True)
    if len(matches) < limit * 2:
        found = {m.entity_id for m in matches}
        described = [
            Match(m.entity_id, m.label, m.lang, 0.0, "description", False)
            for m in skill_description_index().search(q, limit=limit * 2)
            if m.how in STRONG_TIERS and m.entity_id not in found
        ]
        if described:  # a description holds the words typed: better than look-alikes
            matches = [m for m in matches if m.how != "similar"] + described
    skills = _by_id(Skill, [m.entity_id for m in matches])
    results, names = [], set()
    for match in matches:
        skill = skills.get(match.entity_id)
        if skill is None:
            continue
        skill_names = {fold(skill.label(locale)), fold(skill.label_en)}
        if skill_names & names:
            continue
        names |= skill_names
        results.append(_skill_result(skill, match, locale))
    return results[:limit]


def resolve_occupation(text: str, locale: str = "nl", suggestions: int = 5):
    """The occupation ``text`` names exactly (an ESCO URI, or a Dutch or English label
    once normalised), else None; plus the labels of the closest occupations."""
    return _resolve(text, get_occupation_by_uri,
                    lambda q, limit: search_occupations(q, locale, limit), suggestions)


def resolve_skill(text: str, locale: str = "nl", suggestions: int = 5):
    """Like ``resolve_occupation``, for skills. Only the first result can be taken
    on an exact alternative label: most skills' alternative labels are derived by a
    heuristic, and an exact name of one skill must not lose to a stray label of
    another."""
    return _resolve(text, get_skill_by_uri,
                    lambda q, limit: search_skills(q, locale, limit), suggestions,
                    preferred_only=True)


def _resolve(text, by_uri, search, suggestions, preferred_only=False):
    text = text.strip()
    if text.startswith("http://data.europa.eu/esco/"):
        return by_uri(text), []
    results = search(text, max(suggestions, 1))
    exact = [r for r in results if r.how == "exact" and (r.preferred or not preferred_only)]
    if not exact and preferred_only and results and results[0].how == "exact":
        exact = results[:1]
    if exact:
        return exact[0].entity, []
    return None, [r.label for r in results[:suggestions]]


def occupations_by_id(ids: list[int]) -> dict[int, Occupation]:
    """The occupations with these ids, by id, in one statement (none: no statement)."""
    return _by_id(Occupation, sorted(set(ids)))


def skills_by_id(ids: list[int]) -> dict[int, Skill]:
    """The skills with these ids, by id, in one statement (none: no statement)."""
    return _by_id(Skill, sorted(set(ids)))


def _by_id(model: type, ids: list[int]) -> dict:
    if not ids:
        return {}
    return {obj.id: obj for obj in db.session.scalars(select(model).where(model.id.in_(ids)))}


def _occupation_result(occupation: Occupation, match: Match, locale: str) -> SearchResult:
    other = "nl" if locale == "en" else "en"
    return SearchResult(
        id=occupation.id,
        uri=occupation.uri,
        label=occupation.label(locale),
        lang=locale,
        other_label=occupation.label(other),
        other_lang=other,
        code=occupation.isco_code,
        kind=None,
        matched_label=match.label,
        matched_lang=match.lang,
        score=match.score,
        how=match.how,
        entity=occupation,
        preferred=match.preferred,
    )


def _skill_result(skill: Skill, match: Match, locale: str) -> SearchResult:
    lang = skill.label_lang(locale)
    other = "en" if lang == "nl" else None
    return SearchResult(
        id=skill.id,
        uri=skill.uri,
        label=skill.label(locale),
        lang=lang,
        other_label=skill.label_en if other else None,
        other_lang=other,
        code=skill.code,
        kind=skill.kind,
        matched_label=match.label,
        matched_lang=match.lang,
        score=match.score,
        how=match.how,
        entity=skill,
        preferred=match.preferred,
    )


# -- the cached indexes ----------------------------------------------------------------


@dataclass
class _CachedIndex:
    stamp: tuple
    index: LabelIndex
    checked_at: float


_indexes: dict[tuple[str, str], _CachedIndex] = {}
_build_lock = threading.Lock()


def occupation_index() -> LabelIndex:
    """The label index of every occupation (entity id = ``Occupation.id``)."""
    return _cached_index("occupation", _stamp_query(Occupation), _occupation_entries)


def skill_index() -> LabelIndex:
    """The label index of every skill (entity id = ``Skill.id``); only preferred labels
    are compared by n-gram similarity (see ``LabelIndex.build``)."""
    return _cached_index("skill", _stamp_query(Skill), _skill_entries,
                         fuzzy_alternatives=False)


def skill_description_index() -> LabelIndex:
    """Every skill's English description as one label (entity id = ``Skill.id``), for
    word matches after the labels; no n-gram similarity."""
    return _cached_index("skill description", _stamp_query(Skill), _skill_descriptions,
                         fuzzy_alternatives=False)


def forget_indexes() -> None:
    """Drop the cached indexes of this process (they are rebuilt on the next search)."""
    with _build_lock:
        _indexes.clear()


def _cached_index(name: str, stamp_query: Select, entries: Callable[[], Iterator],
                  fuzzy_alternatives: bool = True) -> LabelIndex:
    key = (name, db.engine.url.render_as_string(hide_password=True))
    cached = _indexes.get(key)
    now = time.monotonic()
    if cached and now - cached.checked_at < _check_seconds():
        return cached.index
    stamp = tuple(db.session.execute(stamp_query).one())
    if cached and cached.stamp == stamp:
        cached.checked_at = now
        return cached.index
    with _build_lock:
        cached = _indexes.get(key)
        if cached is None or cached.stamp != stamp:
            index = LabelIndex.build(entries(), fuzzy_alternatives=fuzzy_alternatives)
            cached = _CachedIndex(stamp, index, time.monotonic())
            _indexes[key] = cached
    return cached.index


def _check_seconds() -> float:
    default = 0.0 if current_app.testing else DEFAULT_CHECK_SECONDS
    return float(current_app.config.get("TAXONOMY_INDEX_CHECK_SECONDS", default))


def _stamp_query(model: type) -> Select:
    label_columns = [c for c in ("label_nl", "label_en", "alt_labels_nl", "alt_labels_en")
                     if hasattr(model, c)]
    total_length = sum((func.length(getattr(model, c)) for c in label_columns[1:]),
                       func.length(getattr(model, label_columns[0])))
    return select(func.count(model.id), func.max(model.id),
                  func.coalesce(func.sum(total_length), 0))


def _occupation_entries() -> Iterator[tuple[int, str, str, bool]]:
    rows = db.session.execute(
        select(Occupation.id, Occupation.label_nl, Occupation.label_en,
               Occupation.alt_labels_nl, Occupation.alt_labels_en)
    )
    for id_, label_nl, label_en, alt_nl, alt_en in rows:
        yield id_, label_nl, "nl", True
        yield id_, label_en, "en", True
        yield from ((id_, label, "nl", False) for label in alt_nl.splitlines())
        yield from ((id_, label, "en", False) for label in alt_en.splitlines())


def _skill_entries() -> Iterator[tuple[int, str, str, bool]]:
    for id_, label, label_nl, alt in db.session.execute(
        select(Skill.id, Skill.label_en, Skill.label_nl, Skill.alt_labels_en)
    ):
        yield id_, label, "en", True
        if label_nl:
            yield id_, label_nl, "nl", True
        yield from ((id_, alt_label, "en", False) for alt_label in alt.splitlines())


def _skill_descriptions() -> Iterator[tuple[int, str, str, bool]]:
    for id_, description in db.session.execute(select(Skill.id, Skill.description_en)):
        yield id_, description, "en", False


# -- lookups ---------------------------------------------------------------------------


def get_postcode(code: str | None) -> Postcode | None:
    """The Belgian postcode ``code`` (4 digits; spaces ignored), or None."""
    code = (code or "").strip()
    if len(code) != 4 or not code.isdigit():
        return None
    return db.session.get(Postcode, code)


def get_occupation_by_uri(uri: str | None) -> Occupation | None:
    """The occupation with this ESCO URI, or None."""
    if not uri:
        return None
    return db.session.scalars(select(Occupation).where(Occupation.uri == uri)).one_or_none()


def occupations_by_uri(uris) -> dict[str, Occupation]:
    """The occupations with these ESCO URIs, by URI, in one statement (unknown ones
    left out)."""
    uris = sorted({uri for uri in uris if uri})
    if not uris:
        return {}
    return {found.uri: found
            for found in db.session.scalars(select(Occupation).where(Occupation.uri.in_(uris)))}


def skills_by_uri(uris) -> dict[str, Skill]:
    """The skills with these ESCO URIs, by URI, in one statement (unknown ones left
    out)."""
    uris = sorted({uri for uri in uris if uri})
    if not uris:
        return {}
    return {found.uri: found
            for found in db.session.scalars(select(Skill).where(Skill.uri.in_(uris)))}


def get_skill_by_uri(uri: str | None) -> Skill | None:
    """The skill with this ESCO URI, or None."""
    if not uri:
        return None
    return db.session.scalars(select(Skill).where(Skill.uri == uri)).one_or_none()


def list_languages(locale: str = "nl") -> list[tuple[str, str]]:
    """``(code, name)`` of every language, named in ``locale`` and sorted by that name
    (accents ignored): ready for a select field."""
    column = Language.name_en if locale == "en" else Language.name_nl
    rows = db.session.execute(select(Language.code, column)).all()
    return sorted(((code, name) for code, name in rows), key=lambda row: fold(row[1]))


def list_nace_sections(locale: str = "nl") -> list[tuple[str, str]]:
    """``(code, label)`` of the 21 NACE sections A to U, labelled in ``locale``."""
    column = NaceSection.label_en if locale == "en" else NaceSection.label_nl
    return [tuple(row) for row in db.session.execute(select(NaceSection.code, column)
                                                     .order_by(NaceSection.code))]


def postcodes_within(code: str, radius_km: float) -> list[str]:
    """The postcodes whose point lies at most ``radius_km`` from that of ``code``,
    nearest first (``code`` itself always included). An unknown ``code`` gives an
    empty list; a negative radius is a ``ValueError``.

    Belgium has about 1,150 postcodes: their points are kept per process, and so is
    each answer (see ``taxonomy/version.py``). Callers then filter with
    ``column.in_(codes)``, the same on SQLite and PostgreSQL without a geographic
    extension.
    """
    if radius_km < 0 or math.isnan(radius_km):
        raise ValueError("radius_km must be zero or more")
    return postcode_points().within(code, radius_km)
