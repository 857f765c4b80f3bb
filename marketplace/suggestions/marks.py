"""Marks: what a coach checks at a glance on a suggestion row, one mark per aspect.

Each mark has a state, shown as a symbol *and* a word on the page (never colour
alone): ✓ met, ~ partly, ✗ not met, ? unknown. The states come from the structured
explanation (``matching.explain``, its reason codes) and the unmet hard requirements
(``matching.requirements``); this module is pure, the page puts the words on them.

The aspects, in their order on the row:

``dutch``
    ✗ below the level asked (a hard requirement); ~ one level short, bridged by the
    employer's language support; else ✓.
``working_time``
    ✗ no day part in common (hard requirement); ~ some of the times needed missing;
    ? the candidate's times are not recorded; no mark when the opportunity names none.
``distance``
    ✗ further than the candidate travels (hard requirement); ? a postcode is missing;
    else ✓. The mark carries the distance in km.
``skills``
    The must-have skills: ✗ one or more missing; ~ some only partly held; else ✓; no
    mark when the opportunity asks none. Never excludes, but caps the label.
``hours``
    ✓ within 10 % of the hours offered (``min / max >= 0.9``, the hours feature
    ``1 - |wished - offered| / max``); ✗ less than half (``< 0.5``); else ~. No mark
    when either side is unknown.
``permit``
    ✗ not allowed to work (hard requirement); ~ permission pending; else ✓.

Without an explanation (an unranked list) only the hard requirements can be judged:
a row of that list meets every one it does not name as unmet, so skills and hours get
no mark. An unmet hard requirement that has no aspect of its own (``consent``,
``kind``, ``already_proposed``) gets a ✗ mark under its own name. Unmet hard
requirements always come first, so a near miss shows what it misses before the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

MET, PARTLY, UNMET, UNKNOWN = "met", "partly", "unmet", "unknown"
SYMBOLS = {MET: "✓", PARTLY: "~", UNMET: "✗", UNKNOWN: "?"}

ASPECTS = ("dutch", "working_time", "distance", "skills", "hours", "permit")
"""The aspects every row is checked on, in their order on the page."""

ASPECT_OF_REQUIREMENT = {
    "dutch_level": "dutch",
    "working_time": "working_time",
    "distance": "distance",
    "allowed_to_work": "permit",
}
"""The aspect that shows a hard requirement; the others show under their own name."""

HOURS_MET, HOURS_PARTLY = 0.9, 0.5
"""Bounds on ``min(wished, offered) / max(wished, offered)`` for ✓ and ~ (else ✗)."""


@dataclass(frozen=True)
class Mark:
    """One aspect of a suggestion and how it stands."""

    aspect: str
    """One of :data:`ASPECTS`, or an unmet hard requirement without an aspect."""
    state: str
    km: float | None = None
    """The distance, for the ``distance`` aspect when known."""
    level: str | None = None
    """The candidate's Dutch level (``"none"``, ``"A1"`` ...), for ``dutch`` when known."""

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.state]


def marks_for(explanation, unmet: tuple[str, ...] = ()) -> list[Mark]:
    """The marks of one row: unmet hard requirements first (in the order of ``unmet``),
    then the other aspects in :data:`ASPECTS` order; aspects that do not apply are left
    out (module docstring)."""
    reasons = {} if explanation is None else {r.code: r for r in explanation.reasons}
    details = {} if explanation is None else {
        r.params["requirement"]: r.params for r in explanation.unmet
    }
    unmet_aspects = {ASPECT_OF_REQUIREMENT.get(name, name): name for name in unmet}
    first = [
        _unmet_mark(aspect, details.get(requirement, {}))
        for aspect, requirement in unmet_aspects.items()
    ]
    rest = [
        mark
        for aspect in ASPECTS
        if aspect not in unmet_aspects
        and (mark := _mark(aspect, reasons, explanation is not None)) is not None
    ]
    return first + rest


def _unmet_mark(aspect: str, params: dict) -> Mark:
    if aspect == "distance":
        return Mark(aspect, UNMET, km=params.get("km"))
    if aspect == "dutch":
        return Mark(aspect, UNMET, level=params.get("candidate"))
    return Mark(aspect, UNMET)


def _mark(aspect: str, reasons: dict, explained: bool) -> Mark | None:
    """The mark of an aspect whose hard requirement (if any) is met."""
    if aspect == "dutch":
        reason = reasons.get("dutch_level")
        if reason is None:
            return Mark(aspect, MET)
        return Mark(aspect, PARTLY if reason.params["bridged"] else MET,
                    level=reason.params["candidate"])
    if aspect == "working_time":
        return _working_time(reasons.get("schedule"), explained)
    if aspect == "distance":
        if "distance_unknown" in reasons:
            return Mark(aspect, UNKNOWN)
        reason = reasons.get("distance")
        return Mark(aspect, MET, km=None if reason is None else reason.params["km"])
    if aspect == "skills":
        return _skills(reasons.get("skills_required"))
    if aspect == "hours":
        return _hours(reasons.get("hours"))
    return Mark(aspect, PARTLY if "work_permission_pending" in reasons else MET)


def _working_time(reason, explained: bool) -> Mark | None:
    if reason is None:  # the opportunity names no working time (or an unranked list)
        return None if explained else Mark("working_time", MET)
    if reason.params["available"] is None:
        return Mark("working_time", UNKNOWN)
    return Mark("working_time", PARTLY if reason.params["missing"] else MET)


def _skills(reason) -> Mark | None:
    if reason is None:
        return None
    if reason.params["missing"]:
        return Mark("skills", UNMET)
    return Mark("skills", PARTLY if reason.params["partly"] else MET)


def _hours(reason) -> Mark | None:
    if reason is None or not reason.params.get("wished") or not reason.params.get("offered"):
        return None
    wished, offered = reason.params["wished"], reason.params["offered"]
    fit = min(wished, offered) / max(wished, offered)
    state = MET if fit >= HOURS_MET else PARTLY if fit >= HOURS_PARTLY else UNMET
    return Mark("hours", state)
