"""Explanations in words: the structured reasons of ``matching.explain`` turned into
sentences of the reader's language, with the names of occupations, skills, languages
and sectors read from the taxonomy (the suggestion pages and ``match rank``).

The names are kept per process and language under the taxonomy's data version
(``taxonomy/version.py``): every suggestion page read all languages and sectors and
its occupations and skills again, four statements; now only names not read before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from babel.support import NullTranslations
from flask import has_app_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.matching.explain import Explanation, Reason
from marketplace.taxonomy.models import Language, NaceSection, Occupation, Skill, skill_label
from marketplace.taxonomy.version import reference_cache, taxonomy_version
from marketplace.translation_lookup import gettext as _
from marketplace.translation_lookup import lazy_text, request_translations, translate
from marketplace.web.labels import choice_label, kind_label
from marketplace.web.written_numbers import number_text

RELATION_WORDS = {
    "same": _l("the same occupation"),
    "esco_family": _l("a closely related occupation"),
    "isco4": _l("an occupation in the same group"),
    "isco3": _l("a related occupation"),
    "isco2": _l("an occupation in the same field"),
}
FEATURE_WORDS = {
    "occupation": _l("occupation"),
    "skills_required": _l("must-have skills"),
    "skills_advantage": _l("nice-to-have skills"),
    "dutch": _l("Dutch"),
    "languages": _l("other languages"),
    "distance": _l("distance"),
    "hours": _l("hours"),
    "schedule": _l("working times"),
    "sector": _l("sector"),
    "start_date": _l("start date"),
}
DAY_PART_WORDS = {
    "day": _l("daytime"),
    "evening": _l("evenings"),
    "night": _l("nights"),
    "weekend": _l("weekends"),
    "shifts": _l("shifts"),
}


@dataclass(frozen=True)
class Names:
    """What the ids in explanations are called, in one language."""

    occupations: dict
    skills: dict
    languages: dict
    sectors: dict
    #: The language of each skill's name (``"en"`` where the catalogue has no Dutch).
    skill_languages: dict = field(default_factory=dict)

    def occupation(self, id_) -> str:
        return self.occupations.get(id_, "?")

    def skill_list(self, ids) -> str:
        return ", ".join(self.skills.get(i, "?") for i in ids)

    def language(self, code) -> str:
        return self.languages.get(code, code)


#: The reasons whose ``matched`` / ``partly`` / ``missing`` hold skill ids.
SKILL_REASONS = frozenset({"skills_required", "skills_advantage"})


def names_for(explanations: list[Explanation], locale: str) -> Names:
    """Every name the explanations mention, from the names this process keeps (the
    ones not read before in one query per kind)."""
    occupation_ids, skill_ids = set(), set()
    for explanation in explanations:
        for reason in (*explanation.reasons, *explanation.unmet):
            params = reason.params
            for key in ("candidate_occupation", "opportunity_occupation"):
                if params.get(key) is not None:
                    occupation_ids.add(params[key])
            if reason.code in SKILL_REASONS:  # "missing" also names day parts elsewhere
                for key in ("matched", "partly", "missing"):
                    skill_ids.update(params.get(key, ()))
    kept = _kept_names(locale)
    label = Occupation.label_en if locale == "en" else Occupation.label_nl
    occupations = _known(kept["occupations"], occupation_ids, lambda ids: db.session.execute(
        select(Occupation.id, label).where(Occupation.id.in_(ids))).all())
    labelled = _known(kept["skills"], skill_ids, lambda ids: [
        (skill_id, skill_label(label_nl, label_en, locale))
        for skill_id, label_nl, label_en in db.session.execute(
            select(Skill.id, Skill.label_nl, Skill.label_en).where(Skill.id.in_(ids)))])
    return Names(occupations, {i: label for i, (label, _lang) in labelled.items()},
                 kept["languages"], kept["sectors"],
                 skill_languages={i: lang for i, (_label, lang) in labelled.items()})


def _kept_names(locale: str) -> dict:
    """The names this process keeps in ``locale``: every language and sector, and the
    occupations and skills read so far (``_known`` adds to them)."""

    def build() -> dict:
        language_name = Language.name_en if locale == "en" else Language.name_nl
        sector_label = NaceSection.label_en if locale == "en" else NaceSection.label_nl
        return {
            "languages": dict(db.session.execute(select(Language.code, language_name)).all()),
            "sectors": dict(db.session.execute(select(NaceSection.code, sector_label)).all()),
            "occupations": {},
            "skills": {},
        }

    return reference_cache.get(f"explanation names {locale}", taxonomy_version(), build)


def _known(kept: dict, ids: set, read) -> dict:
    """The names of ``ids`` (those that exist), reading the ones ``kept`` lacks with
    ``read(missing ids)`` and keeping them."""
    missing = [i for i in ids if i not in kept]
    if missing:
        kept.update(read(sorted(missing)))
    return {i: kept[i] for i in ids if i in kept}


SAME_PLACE_KM = 0.05
"""Below this, two postcodes share their point (the same municipality): no "0 km"."""


def _number(value) -> str:
    """A number in the reader's notation without trailing zeros: 2,5 in Dutch, 2.5 in
    English; 1.0 as 1."""
    return number_text(value)


def same_place(km) -> bool:
    """True when a distance means the two postcodes share their point."""
    return km is not None and km < SAME_PLACE_KM


def distance_text(km) -> str:
    """A distance as the reader says it: "4,5 km" in Dutch, "4.5 km" in English, and
    "same municipality" for postcodes that share their point."""
    if same_place(km):
        return _("same municipality")
    return _("%(km)s km", km=_number(km))


#: The fixed words of explanations per catalogue (two in practice: Dutch, English);
#: past this many the memo starts again rather than grow.
CATALOGUES_KEPT = 16

_fixed_words: dict = {}


class Wording:
    """The request's language, found once for the many sentences of a page: its
    catalogue, its locale and the fixed words of explanations (relations, features, day
    parts, Dutch levels). A suggestion page writes some four hundred sentences, and each
    looked the catalogue up two or three times through the request's globals.

    The texts are the same as ``gettext``'s: ``text`` translates with the catalogue
    ``gettext`` would use. The fixed words are kept per catalogue, like ``lazy_text``:
    a catalogue does not change while the process runs."""

    def __init__(self):
        self.catalogue = request_translations() if has_app_context() else _UNTRANSLATED
        self.locale = get_locale()
        words = _fixed_words.get(self.catalogue)
        if words is None:
            if len(_fixed_words) >= CATALOGUES_KEPT:
                _fixed_words.clear()
            words = _fixed_words[self.catalogue] = {
                "relation": {key: lazy_text(label) for key, label in RELATION_WORDS.items()},
                "feature": {key: lazy_text(label) for key, label in FEATURE_WORDS.items()},
                "day_part": {key: lazy_text(label) for key, label in DAY_PART_WORDS.items()},
                "level": {},
            }
        self._relations, self._features = words["relation"], words["feature"]
        self._day_parts, self._levels = words["day_part"], words["level"]

    def text(self, text: str, **variables) -> str:
        """``gettext(text, **variables)`` with the catalogue found once."""
        return translate(self.catalogue, text, **variables)

    def number(self, value) -> str:
        """A number in the reader's notation without trailing zeros (``_number``)."""
        return number_text(value, locale=self.locale)

    def relation(self, key: str) -> str:
        return self._relations[key]

    def feature(self, key: str) -> str:
        return self._features[key]

    def day_part(self, key: str) -> str:
        return self._day_parts[key]

    def level(self, level) -> str:
        """A Dutch level's label (``choice_label("cefr", level)``), kept per catalogue."""
        found = self._levels.get(level)
        if found is None:
            found = self._levels[level] = choice_label("cefr", level)
        return found


_UNTRANSLATED = NullTranslations()
"""Outside an application context ``gettext`` answers untranslated, so does this."""


def reason_sentence(reason: Reason, names: Names,
                    wording: Wording | None = None) -> str | None:
    """One reason as a sentence in the current language (None: nothing worth saying)."""
    w = wording or Wording()
    _ = w.text  # the catalogue found once (the extractor still sees _())
    p = reason.params
    code = reason.code
    if code == "occupation_match":
        occupation = names.occupation(p["candidate_occupation"])
        relation = w.relation(p["relation"])
        if p["source"] == "experience":
            return _("%(years)s years of experience as %(occupation)s: %(relation)s.",
                     years=w.number(p["years"]), occupation=occupation, relation=relation)
        return _("Wishes to work as %(occupation)s: %(relation)s.",
                 occupation=occupation, relation=relation)
    if code == "occupation_unrelated":
        return _("Nothing in their experience or wishes is related to %(occupation)s.",
                 occupation=names.occupation(p["opportunity_occupation"]))
    if code == "occupation_unknown":
        return _("The opportunity names no occupation.")
    if code in ("skills_required", "skills_advantage"):
        return _skills_sentence(code, p, names, w)
    if code == "dutch_level":
        sentence = _("Dutch: %(candidate)s; %(required)s asked.",
                     candidate=w.level(p["candidate"]), required=w.level(p["required"]))
        if p["bridged"]:
            sentence += " " + _bridged_sentence(p.get("kind"), w)
        return sentence
    if code == "languages":
        return _languages_sentence(p, names, w)
    if code == "distance":
        if same_place(p["km"]):
            if p["max_commute_km"] is None:
                return _("Lives in the same municipality.")
            return _("Lives in the same municipality; travels up to %(max)s km.",
                     max=w.number(p["max_commute_km"]))
        if p["max_commute_km"] is None:
            return _("Lives %(km)s km away.", km=w.number(p["km"]))
        return _("Lives %(km)s km away; travels up to %(max)s km.",
                 km=w.number(p["km"]), max=w.number(p["max_commute_km"]))
    if code == "distance_unknown":
        return _("Distance unknown: a postcode is missing.")
    if code == "hours":
        if p["wished"] is None:
            return None
        return _("Wishes %(wished)s hours a week; %(offered)s offered.",
                 wished=w.number(p["wished"]), offered=w.number(p["offered"]))
    if code == "schedule":
        if p["available"] is None:
            return _("When they can work is not recorded.")
        if p["missing"]:
            return _("Cannot work at these times: %(parts)s.",
                     parts=", ".join(w.day_part(part) for part in p["missing"]))
        return _("Can work at the times needed.")
    if code == "sector":
        sector = names.sectors.get(p["sector"], p["sector"])
        if p["wished"]:
            return _("Wishes to work in this sector (%(sector)s).", sector=sector)
        return None
    if code == "start_date":
        if p["days_late"] is None:
            return None
        if p["days_late"] == 0:
            return _("Available in time for the start.")
        return _("Available %(days)d days after the start.", days=p["days_late"])
    if code == "work_permission_pending":
        return _("Permission to work is still pending: check it first.")
    if code == "requirement_unmet":
        return _unmet_sentence(p, w)
    return None


def _skills_sentence(code: str, p: dict, names: Names, w: Wording) -> str | None:
    _ = w.text
    if not (p["matched"] or p["partly"] or p["missing"]):
        return None
    parts = []
    if p["matched"]:
        parts.append(_("has %(skills)s", skills=names.skill_list(p["matched"])))
    if p["partly"]:
        parts.append(_("partly %(skills)s", skills=names.skill_list(p["partly"])))
    if p["missing"]:
        parts.append(_("misses %(skills)s", skills=names.skill_list(p["missing"])))
    if code == "skills_required":
        return _("Must-have skills: %(parts)s.", parts="; ".join(parts))
    return _("Nice-to-have skills: %(parts)s.", parts="; ".join(parts))


def _languages_sentence(p: dict, names: Names, w: Wording) -> str | None:
    _ = w.text
    if not (p["met"] or p["short"]):
        return None
    parts = []
    for entry in p["met"]:
        parts.append(_("%(language)s %(level)s (enough)", language=names.language(entry["code"]),
                       level=entry["candidate"]))
    for entry in p["short"]:
        if entry["candidate"] == "none":
            parts.append(_("%(language)s not spoken, %(minimum)s asked",
                           language=names.language(entry["code"]), minimum=entry["minimum"]))
        else:
            parts.append(_("%(language)s %(level)s, %(minimum)s asked",
                           language=names.language(entry["code"]), level=entry["candidate"],
                           minimum=entry["minimum"]))
    return _("Other languages: %(parts)s.", parts="; ".join(parts))


def _bridged_sentence(kind: str | None, w: Wording) -> str:
    """Why one Dutch level lower will do, naming who gives the language support: the
    course itself, the volunteering organisation, a try-out's organiser, else the
    employer (also for reasons kept from before they named their kind)."""
    _ = w.text
    if kind == "training":
        return _("One level lower is fine: the course offers language support.")
    if kind == "volunteering":
        return _("One level lower is fine: the organisation offers language support.")
    if kind == "tryout":
        return _("One level lower is fine: the organiser offers language support.")
    return _("One level lower is fine: the employer offers language support.")


def _unmet_sentence(p: dict, w: Wording) -> str:
    _ = w.text
    requirement = p["requirement"]
    if requirement == "consent":
        return _("No active consent to be matched.")
    if requirement == "kind":  # "Is not looking for a training course.": the kind's words
        return kind_label("hard_requirement", "kind", p.get("kind"))
    if requirement == "dutch_level":
        return _("Dutch %(candidate)s is below the %(required)s asked.",
                 candidate=w.level(p.get("candidate")), required=w.level(p.get("required")))
    if requirement == "distance":
        return _("Lives %(km)s km away, further than the %(max)s km they travel.",
                 km=w.number(p.get("km")), max=w.number(p.get("max_commute_km")))
    if requirement == "allowed_to_work":
        return _("Not allowed to work in Belgium.")
    if requirement == "working_time":
        return _("Can work only %(available)s, never at the working time asked (%(needed)s).",
                 available=_day_parts(p.get("available", []), w),
                 needed=_day_parts(p.get("needed", []), w))
    return _("Already proposed or placed here.")


def _day_parts(parts, w: Wording) -> str:
    return ", ".join(w.day_part(part) for part in parts)


def strongest_features(explanation: Explanation,
                       wording: Wording | None = None) -> tuple[list[str], list[str]]:
    """The features that pushed the score up most and down most, as words."""
    w = wording or Wording()
    up = [w.feature(r.params["feature"]) for r in explanation.strongest_up]
    down = [w.feature(r.params["feature"]) for r in explanation.strongest_down]
    return up, down


def explanation_sentences(explanation: Explanation, names: Names,
                          wording: Wording | None = None) -> list[str]:
    """Every reason worth saying, unmet requirements first, then the score's drivers.
    ``wording``: the request's language found once for many explanations."""
    w = wording or Wording()
    _ = w.text  # the catalogue found once (the extractor still sees _())
    sentences = [s for r in (*explanation.unmet, *explanation.reasons)
                 if (s := reason_sentence(r, names, w))]
    up, down = strongest_features(explanation, w)
    if up:
        sentences.append(_("Raised the score most: %(features)s.", features=", ".join(up)))
    if down:
        sentences.append(_("Lowered the score most: %(features)s.", features=", ".join(down)))
    return sentences


