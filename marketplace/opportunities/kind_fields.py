"""Which fields of the opportunity form each kind asks: the form shows a kind-specific
field with ``data-kinds`` (the script hides it for the other kinds), leaves out a field
no offered kind asks, and ignores a field that does not belong to the kind chosen."""

from __future__ import annotations

from marketplace.opportunities.rules import asks_weekly_hours, timed_by_session
from marketplace.opportunities.vocab import (
    KIND_SPECIFIC_FIELDS,
    KIND_SPECIFIC_LISTS,
    applies_to,
)

#: Fields that some kinds do not ask, and the rule that says which kinds do (a
#: try-out's session says its hours, working time and start date: ``rules.py``).
ASKED_BY_KIND = {
    "hours_per_week": asks_weekly_hours,
    "works_day": lambda kind: not timed_by_session(kind),
    "starts_on": lambda kind: not timed_by_session(kind),
}


class KindFields:
    """Mixin of ``OpportunityForm``: the kinds each field is for. Expects ``kind`` (the
    kind chosen) and ``offered_kinds`` (the kinds the organisation offers)."""

    @staticmethod
    def kinds_of(field_name: str) -> str:
        """The kinds a kind-specific field belongs to, for ``data-kinds`` (the script
        hides the field for the other kinds)."""
        kinds = KIND_SPECIFIC_FIELDS.get(field_name) or KIND_SPECIFIC_LISTS[field_name]
        return " ".join(sorted(kinds))

    def kinds_asking(self, field_name: str) -> str:
        """The offered kinds that ask ``field_name`` (``ASKED_BY_KIND``), for its
        ``data-kinds``; empty when none does (a sector federation offers only try-outs:
        the form leaves the field out)."""
        asks = ASKED_BY_KIND[field_name]
        return " ".join(sorted(kind for kind in self.offered_kinds if asks(kind)))

    def asked_by_all(self, field_name: str) -> bool:
        """True when every offered kind asks ``field_name``; else its hint says which
        kind it is not for (without JavaScript it shows for every kind)."""
        return all(ASKED_BY_KIND[field_name](kind) for kind in self.offered_kinds)

    def applies(self, field_name: str) -> bool:
        """Whether a field belongs to the kind chosen; one that does not is ignored."""
        return applies_to(field_name, self.kind.data)
