"""One suggestion row as HTML (``match_row``): who, the label and score, the marks, the
explanation on request and the actions, for the two suggestion pages.

It was a Jinja macro called with ``{% call %}``: two macro calls per row, each costing
more than the row's own text, and twenty to forty rows a page. Here the row is written
in Python with the same bytes the macro wrote: every value is escaped (``escape``), the
interface texts come from the request's catalogue once per catalogue (``_TEXTS``), as
the templates' ``_()`` gives them (the translation marked safe, then formatted with
escaped values), and the links are built with ``web.urls.built_url``.

The row's heading was the body of a ``{% call %}``, a macro of its own per row; the
functions below write it now with the same bytes (``candidate_heading`` on an
opportunity's page, ``opportunity_heading`` on a candidate's), and the templates pass
it in::

    {{ match_row(row, row.candidate.pseudonym,
                 candidate_heading(row, names, candidate_detail), near=near) }}

A name that repeats on the list still gets its second detail from the macro of
``macros/repeats.html`` (passed in as ``detail``): it is rare, and written there once.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from marketplace.translation_lookup import FragmentTexts
from marketplace.web.i18n import as_data, format_day
from marketplace.web.labels import choice_label
from marketplace.web.urls import built_url

#: The interface texts of a row.
_TEXTS = FragmentTexts(
    score=_l("score %(score)s of 1"),
    requirements=_l("Requirements"),
    explanation=_l("Explanation"),
    in_tryout=_l("In this try-out: %(status)s"),
    enrol=_l("Enrol"),
    propose=_l("Propose"),
    set_aside=_l("Set aside"),
    coach_enrols=_l("Only their coach can enrol them: %(coach)s (%(organisation)s)."),
    coach_proposes=_l("Only their coach can propose: %(coach)s (%(organisation)s)."),
    number=_l("Number %(rank)d:"),
    own=_l("(your caseload)"),
    shared=_l("(shared)"),
)


def match_row(row, name, heading: Markup, with_actions: bool = True,
              near: bool = False) -> Markup:
    """One compact row (``display.Row``) under ``heading`` (the heading's content);
    ``name`` labels the buttons and the explanation for screen readers. A try-out's
    row offers "Enrol" (its enrol form, the person chosen) where other kinds offer
    "Propose"; "Set aside" keeps the near misses shown (``near``) for the way back."""
    texts = _TEXTS()
    # Pieces are escaped (or our own Markup) and joined as plain text, then made
    # Markup once: adding Markups escapes and wraps again at every step.
    named = f': <span translate="no">{escape(name)}</span></span>'
    parts = ['<div class="match__row">\n  <h3 class="match__name">', heading, "</h3>\n  "]
    if row.score is not None:
        parts += ['\n<p class="match__score"><span class="fit fit--', escape(row.fit), '">',
                  escape(choice_label("suggestion_fit", row.fit)),
                  '</span>\n  <span class="muted">', texts["score"] % {"score": row.score_text},
                  "</span></p>\n"]
    parts.append("\n  ")
    if row.marks:
        parts += ['\n<ul class="marks" aria-label="', texts["requirements"], '">\n  ',
                  row.marks_html, "\n</ul>\n"]
    parts.append("\n  ")
    if row.sentences:
        parts += ['\n<details class="match__why">\n  <summary>', texts["explanation"],
                  '<span class="visually-hidden">', named, '</summary>\n  <ul '
                  'class="match__reasons">\n    ', row.sentences, "\n  </ul>\n</details>\n"]
    parts.append("\n  ")
    if with_actions:
        parts.append('<div class="match__actions">')
        if row.own:
            parts.append('\n<ul class="actions">\n  ')
            parts += _actions(row, texts, named, near)
            parts.append("\n</ul>\n")
        elif row.candidate:
            candidate = row.candidate
            said = texts["coach_enrols"] if row.by_enrolment else texts["coach_proposes"]
            parts += ['\n<p class="hint match__shared">',
                      said % {"coach": as_data(candidate.coach_name),
                              "organisation": as_data(candidate.coach_organisation)},
                      "</p>\n"]
        parts.append("</div>")
    parts.append("\n</div>")
    return Markup("".join(parts))  # noqa: S704 - every piece escaped or made safe


def _actions(row, texts: dict[str, Markup], named: str, near: bool) -> list:
    """The items of an own candidate's actions: enrolled already, "Enrol" or
    "Propose", and "Set aside" for a logged entry."""
    if row.enrolment:  # enrolled already: no second enrolment to offer
        status = choice_label("enrolment_status", row.enrolment).lower()
        parts = ['\n  <li class="hint">', texts["in_tryout"] % {"status": status},
                 "</li>\n  "]
    elif row.by_enrolment:  # a try-out goes by enrolment, not by proposal
        target = built_url("tryouts.enrol", opportunity_id=row.opportunity_id,
                       candidate=row.candidate_id, entry=row.entry_id)
        parts = ['\n  <li><a class="button" href="', escape(target), '">', texts["enrol"],
                 '<span class="visually-hidden">', named, "</a></li>\n  "]
    else:
        target = built_url("proposals.propose", candidate_id=row.candidate_id,
                       opportunity_id=row.opportunity_id, entry=row.entry_id)
        parts = ['\n  <li><a class="button" href="', escape(target), '">', texts["propose"],
                 '<span class="visually-hidden">', named, "</a></li>\n  "]
    parts.append("\n  ")
    if row.entry_id:
        target = built_url("suggestions.dismiss", entry_id=row.entry_id, near=1 if near else None)
        parts += ['<li><a class="button button--secondary" href="', escape(target), '">',
                  texts["set_aside"], '<span class="visually-hidden">', named, "</a></li>"]
    return parts


def _place(row, texts: dict[str, Markup]) -> str:
    """"Number 3: " for screen readers, before a listed suggestion's name."""
    return f'<span class="visually-hidden">{texts["number"] % {"rank": row.rank}} </span>'


def candidate_heading(row, names, detail, listed: bool = True) -> Markup:
    """The heading of a candidate's row on an opportunity's suggestions: the place
    (``listed``; a near miss has none), the name linking the profile, its second
    detail when the name repeats in ``names`` (``detail``: the macro
    ``candidate_detail``) and, for a listed one, whether they are the viewer's own."""
    texts = _TEXTS()
    candidate = row.candidate
    target = built_url("candidates.profile", candidate_id=row.candidate_id)
    parts = [_place(row, texts) if listed else "", '<a href="', escape(target),
             '" translate="no">', escape(candidate.pseudonym), "</a>"]
    if candidate.pseudonym in names:
        parts.append(detail(candidate, names))
    if listed:
        parts += ['\n        <span class="muted">', texts["own" if row.own else "shared"],
                  "</span>"]
    return Markup("".join(parts))  # noqa: S704 - every piece escaped or made safe


def opportunity_heading(row, titles, detail, listed: bool = True) -> Markup:
    """The heading of an opportunity's row on a candidate's suggestions: the place
    (``listed``), the title linking the opportunity and its employer; for a listed one
    also the second detail when the title repeats in ``titles`` (``detail``: the macro
    ``opportunity_detail``) and a try-out's kind and day."""
    texts = _TEXTS()
    opportunity = row.opportunity
    target = built_url("opportunities.detail", opportunity_id=row.opportunity_id)
    parts = [_place(row, texts) if listed else "", '<a href="', escape(target),
             '" translate="no">', escape(opportunity.title), "</a>\n",
             "        " if listed else "          ", '<span class="muted" translate="no">',
             escape(opportunity.organisation_name), "</span>"]
    if listed:
        if opportunity.title in titles:
            parts.append(detail(opportunity, titles, with_employer=False))
        if row.by_enrolment:
            parts += [' <span class="muted">· ',
                      escape(choice_label("opportunity_kind", opportunity.kind))]
            if opportunity.session_on:
                parts += [", ", escape(format_day(opportunity.session_on, "medium"))]
            parts.append("</span>")
    return Markup("".join(parts))  # noqa: S704 - every piece escaped or made safe
