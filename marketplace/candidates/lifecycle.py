"""What happens to a candidate that other packages must act on: the signals this
package sends, so it never imports the packages above it (proposals, try-outs,
barriers, trajectories, suggestions import candidates, not the other way round).

Each owning package connects its receivers in its own ``operations.py`` (and the
privacy export's sections in its ``export.py``); the app factory (``marketplace/app.py``)
imports those modules at its top, so the site, the CLI, the job worker and the tests
all have them. Receivers only flush, like every operation.

Blinker calls the receivers of one signal in no fixed order, so where order matters
the steps are separate signals sent one after the other: ``participation_ended``
(open business ends, employers and organisers are told) comes before
``candidate_erasing`` (what was written about the person goes). The receivers of one
signal touch only their own package's rows, so their order among themselves does not
change the outcome.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: The candidate can no longer be matched: their consent was withdrawn, or they are
#: being erased. ``participation_ended.send(candidate, by=user_or_None)``; receivers end
#: what is still open (proposals waiting for an answer, places in try-outs to come).
participation_ended = _signals.signal("participation-ended")

#: The candidate is being erased (after ``participation_ended``, before this package
#: empties the candidate's own row and deletes its child rows).
#: ``candidate_erasing.send(candidate)``; receivers delete or empty what their package
#: holds about the person.
candidate_erasing = _signals.signal("candidate-erasing")

#: A placement ended: the coach undid it (the profile's button) or chose another status
#: for a placed candidate (the profile form, a case system through the partner API).
#: Sent by ``operations.end_placement`` only, after the new status is saved:
#: ``placement_undone.send(candidate, by=user_or_None)``; receivers take back what a
#: hire wrote (the proposals mark the hires undone and remove their trajectory steps).
placement_undone = _signals.signal("placement-undone")

#: A privacy export (right of access) is being built.
#: ``export_sections.send(candidate, locale=locale)``; each receiver returns a dict of
#: sections (name to JSON-ready value) that its package holds about the candidate.
export_sections = _signals.signal("export-sections")


class ReceiversMissing(RuntimeError):
    """A signal that must be heard had no receivers: the owning packages' modules were
    never imported (the app was not created), and going on would silently skip steps."""


def send_required(signal, sender, **facts) -> list:
    """Send ``signal`` and refuse to go on when nobody listens: an erasure or an export
    that skipped the other packages would look done while it is not."""
    if not signal.receivers:
        raise ReceiversMissing(signal.name)
    return signal.send(sender, **facts)
