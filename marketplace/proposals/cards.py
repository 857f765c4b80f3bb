"""The candidate card: what an employer may see of one proposed candidate (an
``employer_views.EmployerView``), on the inbox of an opportunity and the answer page.

Written in Python rather than as a Jinja macro: the inbox shows a card for every
proposal, and the macro's thirty-odd escaped outputs, loops and translated labels per
card cost more CPU than the rest of the page's own content. The HTML is the one the
macro wrote, byte for byte, escaped as Jinja's autoescaping escapes it: every value
through ``escape``; the site's own translated texts as they are (``Markup``), as the
templates' ``_()`` gives them.
"""

from __future__ import annotations

from functools import lru_cache

from flask_babel import format_decimal, get_translations
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from marketplace.translation_lookup import FragmentTexts
from marketplace.web.i18n import as_data, current_language, format_day
from marketplace.web.labels import choice_label

#: The card's texts.
_TEXTS = FragmentTexts(
    dutch=_l("Dutch"), languages=_l("Other languages"), experience=_l("Experience"),
    skills=_l("Skills"), availability=_l("Availability"), none=_l("None recorded"),
    motivation=_l("Motivation of the coach"), coach=_l("Coach"),
    hours=_l("%(hours)d hours a week"), from_=_l("From %(date)s"),
    coach_of=_l("%(name)s (%(organisation)s)"),
)


def candidate_card(view) -> Markup:
    """The card of ``view`` (an ``EmployerView``): a list of facts."""
    texts = _TEXTS()
    none = texts["none"]
    language = current_language()
    languages = ", ".join(f'<span translate="no">{escape(name)}</span> {escape(level)}'
                          for name, level in view.languages) or none
    experience = ", ".join(f'<span translate="no">{escape(label)}</span> '
                           f'({escape(_written_years(years, language))})'
                           for label, years in view.experience) or none
    skills = ", ".join(f'<span translate="no" lang="en">{escape(label)}</span>'
                       for label in view.skills) or none
    hours = texts["hours"] % {"hours": view.hours_per_week} + ". " if view.hours_per_week else ""
    day_parts = f"{escape(', '.join(view.day_parts))}. " if view.day_parts else ""
    available_from = (texts["from_"] % {"date": format_day(view.available_from, "medium")}
                      + "." if view.available_from else "")
    coach = texts["coach_of"] % {"name": as_data(view.coach_name),
                                 "organisation": as_data(view.coach_organisation)}
    return Markup(  # noqa: S704 - every value above is escaped
        f'\n<dl class="facts">\n'
        f'  <dt>{texts["dutch"]}</dt><dd>{escape(choice_label("cefr", view.dutch_level))}</dd>\n'
        f'  <dt>{texts["languages"]}</dt><dd>{languages}</dd>\n'
        f'  <dt>{texts["experience"]}</dt><dd>{experience}</dd>\n'
        f'  <dt>{texts["skills"]}</dt><dd>{skills}</dd>\n'
        f'  <dt>{texts["availability"]}</dt><dd>\n'
        f'    {hours}\n'
        f'    {day_parts}\n'
        f'    {available_from}\n'
        f'  </dd>\n'
        f'  <dt>{texts["motivation"]}</dt><dd class="prewrap">{as_data(view.motivation)}</dd>\n'
        f'  <dt>{texts["coach"]}</dt><dd>{coach}</dd>\n'
        f'</dl>\n'
    )


@lru_cache(maxsize=1024)
def _written_years(years: float, language: str) -> str:
    """"4 years", "1,5 jaar": ``years`` of experience written the way ``language`` (the
    request's) writes numbers (a decimal comma in Dutch, no ".0"). Kept: Babel's number
    formatting and the catalogue lookup cost more than the rest of a line, and an inbox
    shows thirty of them out of a few dozen values."""
    # Not ngettext: it fills %(num)s with the raw number itself. A fraction takes the
    # plural ("1,5 jaar", "1.5 years"); gettext chooses forms by whole numbers only.
    count = int(years) if float(years).is_integer() else 2
    text = get_translations().ungettext("%(num)s year", "%(num)s years", count)
    return text % {"num": format_decimal(years)}
