"""The fixed vocabularies of opportunities, and the Dutch-level rule, as plain Python.

No Flask and no database here: the models, forms, labels and (later) the pure matching
maths all read the same lists.
"""

from __future__ import annotations

import enum

from marketplace.taxonomy.levels import CEFR_ORDER, Cefr


class OpportunityKind(enum.StrEnum):
    JOB = "job"
    INTERNSHIP = "internship"
    VOLUNTEERING = "volunteering"
    TRAINING = "training"  # a course of a training provider (opleiding)
    TRYOUT = "tryout"  # a session where people taste a job ("Proeven van jobs")


class OpportunityStatus(enum.StrEnum):
    """The life cycle: see ``operations.TRANSITIONS`` for the moves between them."""

    DRAFT = "draft"
    PUBLISHED = "published"
    PAUSED = "paused"
    FILLED = "filled"
    CLOSED = "closed"


class ContractType(enum.StrEnum):
    """Kinds of Belgian employment contract a job can offer."""

    PERMANENT = "permanent"  # contract van onbepaalde duur
    FIXED_TERM = "fixed_term"  # contract van bepaalde duur
    INTERIM = "interim"  # uitzendarbeid, through a temp agency
    STUDENT = "student"  # studentenjob
    FLEXI = "flexi"  # flexi-job
    ARTICLE_60 = "article_60"  # artikel 60 §7, employment through the OCMW
    TRAINING = "training"  # IBO: individuele beroepsopleiding through VDAB


#: Contract types that end after a while (schema.org calls them TEMPORARY).
TEMPORARY_CONTRACTS = frozenset(
    {
        ContractType.FIXED_TERM,
        ContractType.INTERIM,
        ContractType.STUDENT,
        ContractType.FLEXI,
        ContractType.ARTICLE_60,
        ContractType.TRAINING,
    }
)

#: The kinds of opportunity each kind of organisation offers, by the value of its
#: ``accounts.roles.OrganisationKind``. Employers offer work and try-outs, training
#: providers courses, sector federations try-outs.
KINDS_FOR_ORGANISATION: dict[str, tuple[OpportunityKind, ...]] = {
    "employer": (
        OpportunityKind.JOB,
        OpportunityKind.INTERNSHIP,
        OpportunityKind.VOLUNTEERING,
        OpportunityKind.TRYOUT,
    ),
    "training_provider": (OpportunityKind.TRAINING,),
    "federation": (OpportunityKind.TRYOUT,),
}

#: Kinds nobody has to wish for: a try-out lets anyone taste a job, so a candidate's
#: wished kinds never rule one out.
KINDS_OPEN_TO_ALL = frozenset({OpportunityKind.TRYOUT})

#: Kinds whose hours per week nobody sees: a try-out is one session on a day (its page
#: and the browse list show the day and the times), so it fits any week, a filter on
#: hours a week never hides one, the insights' hours table leaves it out and the form
#: does not ask them. The column stays required (1 to 60): the API and the records may
#: still give hours, else a new one stores :data:`UNSHOWN_HOURS` and a changed one keeps
#: what it had (``rules.hours_to_store``); the API's answers, the export and the pages
#: never show them (``rules.asks_weekly_hours``).
KINDS_WITHOUT_WEEKLY_HOURS = frozenset({OpportunityKind.TRYOUT})

#: Kinds whose working time and start date are their session's: a try-out's day and
#: times say when it happens, so the form, the API and the records do not ask them and
#: what is stored comes from the session (``rules.working_time_to_store``,
#: ``rules.start_date_to_store``); the ranking reads them as for any other kind.
KINDS_TIMED_BY_SESSION = frozenset({OpportunityKind.TRYOUT})


def kinds_for(organisation_kind: str | None) -> tuple[OpportunityKind, ...]:
    """The kinds of opportunity an organisation of ``organisation_kind`` may offer.

    >>> [str(kind) for kind in kinds_for("federation")]
    ['tryout']
    >>> kinds_for("partner")
    ()
    """
    return KINDS_FOR_ORGANISATION.get(organisation_kind or "", ())


#: The five moments work can happen, as the column that says so.
SCHEDULE_COLUMNS: dict[str, str] = {
    "day": "works_day",
    "evening": "works_evening",
    "night": "works_night",
    "weekend": "works_weekend",
    "shifts": "works_shifts",
}

#: Fields of the opportunity form that only some kinds of opportunity have, and those
#: kinds; every other field applies to every kind. The one rule for the form (a field
#: that does not apply is ignored), the operations (it is stored as empty), the
#: publication check and the script that hides such fields.
KIND_SPECIFIC_FIELDS: dict[str, frozenset[OpportunityKind]] = {
    "contract_type": frozenset({OpportunityKind.JOB}),
    "internship_weeks": frozenset({OpportunityKind.INTERNSHIP}),
    "duration_weeks": frozenset({OpportunityKind.TRAINING}),
    "schedule_note": frozenset({OpportunityKind.TRAINING}),
    # A try-out is one session on a day, from a start to an end time, at an address.
    "session_on": frozenset({OpportunityKind.TRYOUT}),
    "session_starts": frozenset({OpportunityKind.TRYOUT}),
    "session_ends": frozenset({OpportunityKind.TRYOUT}),
    "street_address": frozenset({OpportunityKind.TRYOUT}),
}

#: What publishing asks besides a description and a closing date, by field, and of
#: which kinds: a job its contract, an internship its length, a training course its
#: start date and length (coaches plan a candidate's weeks around them), a try-out its
#: session (day, times, address). The schedule note of a course stays optional.
NEEDED_TO_PUBLISH: dict[str, frozenset[OpportunityKind]] = {
    "contract_type": frozenset({OpportunityKind.JOB}),
    "internship_weeks": frozenset({OpportunityKind.INTERNSHIP}),
    "starts_on": frozenset({OpportunityKind.TRAINING}),
    "duration_weeks": frozenset({OpportunityKind.TRAINING}),
    "session_on": frozenset({OpportunityKind.TRYOUT}),
    "session_starts": frozenset({OpportunityKind.TRYOUT}),
    "session_ends": frozenset({OpportunityKind.TRYOUT}),
    "street_address": frozenset({OpportunityKind.TRYOUT}),
}

#: Kinds that close when their start date has passed (nobody joins a course that
#: already began), as others close after their closing date.
CLOSE_AT_START = frozenset({OpportunityKind.TRAINING})

#: Kind-specific lists: the same rule as ``KIND_SPECIFIC_FIELDS``, but they may stay
#: empty when publishing (a try-out's further occupations besides the main one).
KIND_SPECIFIC_LISTS: dict[str, frozenset[OpportunityKind]] = {
    "further_occupations": frozenset({OpportunityKind.TRYOUT}),
}
#: A try-out can let people taste this many occupations besides its main one.
MAX_FURTHER_OCCUPATIONS = 3


def applies_to(field_name: str, kind: str | None) -> bool:
    """True when ``field_name`` belongs to an opportunity of ``kind``.

    >>> applies_to("contract_type", "job"), applies_to("contract_type", "volunteering")
    (True, False)
    >>> applies_to("places", "internship")
    True
    """
    kinds = KIND_SPECIFIC_FIELDS.get(field_name) or KIND_SPECIFIC_LISTS.get(field_name)
    return kinds is None or kind in kinds


def is_member(value, vocabulary: type[enum.StrEnum]) -> bool:
    """True when ``value`` is one of the vocabulary's values (``"job" in OpportunityKind``
    only works from Python 3.12 on)."""
    return isinstance(value, str) and value in {member.value for member in vocabulary}


MIN_HOURS, MAX_HOURS = 1, 60
#: What a new opportunity of a kind without weekly hours stores when none were given:
#: the lowest the column allows; nothing reads it (``KINDS_WITHOUT_WEEKLY_HOURS``).
UNSHOWN_HOURS = MIN_HOURS
MAX_PLACES = 1000  # as the records interchange format allows
MAX_INTERNSHIP_WEEKS = 104
MAX_COURSE_WEEKS = 156  # a vocational course with its internship rarely takes longer
MAX_SCHEDULE_NOTE = 200
#: Levels another language can be asked at ("none" makes no sense for a wish).
LANGUAGE_LEVELS: tuple[Cefr, ...] = tuple(level for level in CEFR_ORDER if level != Cefr.NONE)


def lowest_acceptable_dutch_level(required: str, language_support: bool) -> Cefr:
    """The lowest Dutch level that can do a place asking ``required``.

    With language support on the job (a language coach or buddy) one level lower is
    enough; never lower than "none".

    >>> lowest_acceptable_dutch_level("A2", True)
    <Cefr.A1: 'A1'>
    >>> lowest_acceptable_dutch_level("none", True)
    <Cefr.NONE: 'none'>
    """
    level = Cefr(required)
    if language_support and level.rank > 0:
        return CEFR_ORDER[level.rank - 1]
    return level


def levels_open_to(candidate_level: str) -> tuple[list[Cefr], Cefr | None]:
    """Which places someone with Dutch at ``candidate_level`` can do.

    Returns ``(levels, with_support)``: places asking one of ``levels`` are open to them
    in any case, and places asking ``with_support`` (one level higher; None above C2)
    only when they offer language support.
    """
    level = Cefr(candidate_level)
    levels = list(CEFR_ORDER[: level.rank + 1])
    higher = CEFR_ORDER[level.rank + 1] if level.rank + 1 < len(CEFR_ORDER) else None
    return levels, higher
