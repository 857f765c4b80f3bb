"""What other packages must have a say in when a user changes place or an organisation
stops: the signals this package sends, so it never imports the packages above it
(candidates imports accounts, not the other way round).

The owning package connects its receiver in its own ``operations.py``; the app factory
(``marketplace/app.py``) imports that module, so the site, the CLI, the job worker and
the tests all have it.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Asked before a user moves to another organisation or another role:
#: ``people_held.send(user)``; each receiver answers how many people's records of its
#: package the user still holds (a coach's caseload), 0 when none. Those records belong
#: to the user's organisation, so they must go to a colleague first: moving the user
#: would take them along into another organisation, or leave them with nobody.
people_held = _signals.signal("people-held")


class ReceiversMissing(RuntimeError):
    """Nobody answered: a move checked by no one would look safe while it is not."""


def count_people_held(user) -> int:
    """How many people's records ``user`` holds, by every package that keeps some."""
    if not people_held.receivers:
        raise ReceiversMissing(people_held.name)
    return sum(held for _receiver, held in people_held.send(user))


#: Sent when an organisation is made inactive, in the same transaction:
#: ``organisation_deactivated.send(organisation, count_only=False)``. Its users can no
#: longer log in, so whatever of a package's waits on them stops; each receiver answers
#: how many of its records it stopped (the opportunities package closes the open
#: opportunities), or with ``count_only`` how many it would stop, changing nothing.
organisation_deactivated = _signals.signal("organisation-deactivated")


def stop_what_waits_on(organisation, *, count_only: bool = False) -> int:
    """How many records every package stopped because ``organisation`` went inactive;
    ``count_only``: how many they would stop (the admin's form says it beforehand)."""
    if not organisation_deactivated.receivers:
        raise ReceiversMissing(organisation_deactivated.name)
    return sum(stopped for _receiver, stopped
               in organisation_deactivated.send(organisation, count_only=count_only))
