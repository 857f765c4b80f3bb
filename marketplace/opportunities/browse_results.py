"""The results of the browse page (``opportunities/browse.html``), written in Python.

A page lists 20 opportunities, each with a dozen values, four of them through macros
(the Dutch level, a try-out's day and time, the schedule): in Jinja the list cost about
half of the page's CPU time. This writes the same HTML, byte for byte, as the template
wrote it (``opportunities/_macros.html`` keeps the macros for the other pages): every
value escaped or marked as data, the texts translated once per catalogue.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup, escape

from marketplace.opportunities.typed_input import format_number
from marketplace.translation_lookup import FragmentTexts
from marketplace.web.i18n import as_data, current_language, format_day
from marketplace.web.labels import choice_label
from marketplace.web.urls import built_url

#: The texts of the results, translated once per catalogue.
_WORDS = FragmentTexts(
    occupation=_l("Occupation"),
    prepares=_l("Prepares for the occupation"),
    dutch=_l("Dutch"),
    support_job=_l("with language support on the job"),
    support_course=_l("with language support during the course"),
    day=_l("Day of the try-out"),
    time=_l("Time"),
    not_chosen=_l("not chosen yet"),
    start=_l("Start"),
    lessons=_l("When the lessons are"),
    hours=_l("Hours"),
    left=_l("Places left"),
    closes=_l("Closing date"),
    from_to=_l("from %(start)s to %(end)s"),
    per_week=_l("%(hours)s hours per week"),
)


def browse_results(opportunities) -> list[Markup]:
    """The ``<li>`` of each of ``opportunities``."""
    words = _WORDS()
    language = current_language()
    return [_result(opportunity, words, language) for opportunity in opportunities]


def _schedule(opportunity) -> Markup:
    return Markup(", ").join([choice_label("schedule", moment) for moment in opportunity.schedule])


def _when(opportunity, words: dict[str, Markup]) -> str:
    """The lines that say when: a try-out's session on a day, a course's lessons from its
    start, a job's hours a week (each branch as the template's ``if`` wrote it)."""
    if opportunity.kind == "tryout":
        day = (escape(format_day(opportunity.session_on, "full")) if opportunity.session_on
               else words['not_chosen'])
        if opportunity.session_starts and opportunity.session_ends:
            time = words['from_to'] % {"start": opportunity.session_starts.strftime("%H:%M"),
                                    "end": opportunity.session_ends.strftime("%H:%M")}
        else:
            time = words['not_chosen']
        return (f"\n      <dt>{words['day']}</dt><dd>{day}</dd>"
                f"\n      <dt>{words['time']}</dt><dd>{time}</dd>\n      ")
    hours = words['per_week'] % {"hours": format_number(opportunity.hours_per_week)}
    if opportunity.kind == "training":
        start = (escape(format_day(opportunity.starts_on, "medium")) if opportunity.starts_on
                 else words['not_chosen'])
        if opportunity.duration_weeks:
            start += " · " + Markup(ngettext("%(num)d week", "%(num)d weeks",  # noqa: S704
                                             opportunity.duration_weeks))
        note = (f'<br><span translate="no">{escape(opportunity.schedule_note)}</span>'
                if opportunity.schedule_note else "")
        lessons = f"{hours} · {_schedule(opportunity)}{note}"
        return (f"\n      <dt>{words['start']}</dt><dd>{start}</dd>"
                f"\n      <dt>{words['lessons']}</dt><dd>{lessons}</dd>\n      ")
    return f"\n      <dt>{words['hours']}</dt><dd>{hours} · {_schedule(opportunity)}</dd>\n      "


def _result(opportunity, words: dict[str, Markup], language: str) -> Markup:
    kind = opportunity.kind
    status = ""
    if opportunity.status != "published":
        status = (f' · <span class="status-tag status-tag--{escape(opportunity.status)}">'
                  f'{escape(choice_label("opportunity_status", opportunity.status))}</span>')
    occupation = opportunity.occupation
    dutch = escape(choice_label("cefr", opportunity.dutch_level))
    if opportunity.language_support and opportunity.dutch_level != "none":
        dutch = (f"{dutch}\n    · "
                 f"{words['support_course'] if kind == 'training' else words['support_job']}")
    closes = ""
    if opportunity.closes_on:
        closes = f"<dt>{words['closes']}</dt><dd>{escape(format_day(opportunity.closes_on))}</dd>"
    detail = built_url("opportunities.detail", opportunity_id=opportunity.id)
    return Markup(  # noqa: S704 - every value escaped or marked as data
        f'<li class="opportunity-result">\n'
        f'    <h3><a href="{escape(detail)}" translate="no">'
        f"{escape(opportunity.title)}</a></h3>\n"
        f'    <p class="muted">{escape(choice_label("opportunity_kind", kind))} · '
        f"{as_data(opportunity.organisation.name)} · {as_data(opportunity.place.label)}"
        f"{status}</p>\n"
        f'    <dl class="facts facts--compact">\n'
        f"      <dt>{words['prepares'] if kind == 'training' else words['occupation']}</dt>"
        f"<dd>{as_data(occupation.label(language))} ({escape(occupation.isco_code)})</dd>\n"
        f"      <dt>{words['dutch']}</dt><dd>{dutch}</dd>\n"
        f"      \n"
        f"      {_when(opportunity, words)}\n"
        f"      <dt>{words['left']}</dt><dd>{opportunity.places_left}</dd>\n"
        f"      {closes}\n"
        f"    </dl>\n"
        f"  </li>"
    )
