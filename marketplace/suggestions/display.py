"""Suggestion lists as the coach reads them: names, a plain word for the score, and the
explanation in sentences of the reader's language.

The score (0 to 1) is shown as a number and a word, and the word follows the facts
too, so it never contradicts the reasons below it: *strong* from 0.7 (with the
cold-start weights, the same occupation or a close relative with a fair fit on the
rest), *good* from 0.5, else *possible*; but nobody who misses a must-have skill is
*strong* (at most *good*), and a near miss (a hard requirement unmet) is at most
*possible*. The word is never the only signal: the number is shown next to it.

Each row also carries its marks (``marks.py``), with the words the page shows: a symbol,
the aspect's name, a short detail (the distance, the Dutch level) and the state in
words for screen readers.

A page shows one part of a list (``ListPage``): places 21 to 40 of 137 on page 2, with
a link to the next ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from flask_babel import gettext as _
from markupsafe import Markup, escape

from marketplace.proposals.vocab import goes_by_enrolment
from marketplace.suggestions import queries, ranking
from marketplace.suggestions.entry_log import LoggedList
from marketplace.suggestions.marks import Mark, marks_for
from marketplace.suggestions.ranking import PAGE_SIZE, Entry, SuggestionResult
from marketplace.suggestions.sentences import (
    Names,
    Wording,
    distance_text,
    explanation_sentences,
    names_for,
)
from marketplace.translation_lookup import request_translations
from marketplace.tryouts.queries import live_enrolments
from marketplace.web.labels import choice_label, kind_label
from marketplace.web.pagination import say_page_unavailable
from marketplace.web.written_numbers import number_text

STRONG, GOOD = 0.7, 0.5


FIT_WORDS = ("possible", "good", "strong")
"""The words for a fit, weakest first."""


def fit_word(score: float | None, unmet: tuple[str, ...] = (),
             lacks_must_have: bool = False) -> str | None:
    """``strong``, ``good`` or ``possible`` for a score, capped by the facts (module
    docstring); None without a score."""
    if score is None:
        return None
    word = "strong" if score >= STRONG else "good" if score >= GOOD else "possible"
    cap = "possible" if unmet else "good" if lacks_must_have else "strong"
    return min(word, cap, key=FIT_WORDS.index)


def lacks_must_have(explanation) -> bool:
    """True when the explanation says a must-have skill is missing or only partly held."""
    return explanation is not None and any(
        reason.code == "skills_required"
        and (reason.params.get("missing") or reason.params.get("partly"))
        for reason in explanation.reasons
    )


NOTHING = Markup("")
"""Empty HTML: a row without an explanation, a mark without its item."""


@dataclass(frozen=True)
class ShownMark:
    """A mark in the reader's words: ``✓ Nederlands B1`` and, for screen readers, "met"."""

    state: str
    symbol: str
    word: str
    detail: str
    state_word: str
    html: Markup = field(default=NOTHING, compare=False)
    """The mark's item of a suggestion row's list (``_MARK_ITEM``)."""


#: One mark as the suggestion rows list it (``row.marks_html`` in
#: ``templates/suggestions/_macros.html``): a symbol and a word, never colour alone; the
#: symbol is hidden from screen readers, which read the state in words instead. Made
#: once per catalogue and mark (``shown_mark``), so a row's list is one join rather than
#: five escapes per mark in the template. Each item ends with the newline and indent
#: the template's loop wrote after it.
_MARK_ITEM = Markup(
    '<li class="mark mark--{state}"><span class="mark__symbol" aria-hidden="true">{symbol}'
    '</span> {word}{detail}<span class="visually-hidden">: {state_word}</span></li>\n  '
)
_MARK_DETAIL = Markup(' <span class="mark__detail">{}</span>')


def _detail(mark: Mark) -> str:
    """The short fact after the aspect's name: the distance, or the Dutch level."""
    if mark.aspect == "distance" and mark.km is not None:
        return distance_text(mark.km)
    if mark.aspect == "dutch" and mark.level is not None:
        return _("none") if mark.level == "none" else mark.level
    return ""


#: Marks in words kept at most (catalogues x marks: the aspects, states, Dutch levels
#: and distances repeat on every page); past it the memo starts again rather than grow.
MARKS_KEPT = 20_000

_shown_marks: dict = {}


def shown_mark(mark: Mark, catalogue=None) -> ShownMark:
    """The words of one mark in the current language, kept per catalogue (a page shows
    about a hundred marks, most of them alike). ``catalogue``: the request's
    (``request_translations``), when the caller found it once for many marks."""
    key = (catalogue if catalogue is not None else request_translations(), mark)
    found = _shown_marks.get(key)
    if found is None:
        if len(_shown_marks) >= MARKS_KEPT:
            _shown_marks.clear()
        word, detail = choice_label("suggestion_mark", mark.aspect), _detail(mark)
        state_word = choice_label("mark_state", mark.state)
        found = _shown_marks[key] = ShownMark(
            state=mark.state, symbol=mark.symbol, word=word, detail=detail,
            state_word=state_word,
            html=_MARK_ITEM.format(
                state=mark.state, symbol=mark.symbol, word=word,
                detail=_MARK_DETAIL.format(detail) if detail else "", state_word=state_word),
        )
    return found


@dataclass(frozen=True)
class Row:
    """One suggestion (or near miss) on the page."""

    candidate_id: int
    opportunity_id: int
    candidate: queries.CandidateLabel | None
    opportunity: object | None
    entry_id: int | None = None
    rank: int | None = None
    score: float | None = None
    fit: str | None = None
    sentences: Markup = NOTHING
    """The explanation's sentences, each as an item of the row's list (``<li>``)."""
    marks: list[ShownMark] = field(default_factory=list)
    enrolment: str | None = None
    """For a try-out and the viewer's own candidate: the status of their enrolment in
    it (enrolled, waiting, ...), shown instead of "Enrol"; None when there is none."""

    @property
    def marks_html(self) -> Markup:
        """The items of the row's list of marks (``ShownMark.html``), in one piece."""
        return Markup("".join([mark.html for mark in self.marks]))  # noqa: S704 - made safe

    @property
    def score_text(self) -> str:
        """The score with two decimals, in the reader's notation (0,82 in Dutch)."""
        return score_text(self.score)

    @property
    def own(self) -> bool:
        """The viewer keeps this candidate: they may propose (or enrol) or dismiss."""
        return self.candidate is not None and self.candidate.own

    @property
    def by_enrolment(self) -> bool:
        """The opportunity is a try-out: the row offers "Enrol", not "Propose"."""
        return self.opportunity is not None and goes_by_enrolment(self.opportunity.kind)


_HUNDREDTHS = Decimal("0.01")


def score_text(score: float) -> str:
    """``number_text(score, format="0.00")``, kept per hundredth: Babel rounds the
    float's decimal text to two places (``Decimal(str(score)).quantize``, the context's
    half-even rounding) and writes that; rounding here first gives Babel the same
    number, and a hundred texts per language stay kept instead of one per score."""
    if not 0 < score < 1000:  # a sign, grouping or no number: Babel's own way
        return number_text(score, format="0.00")
    return number_text(Decimal(str(score)).quantize(_HUNDREDTHS), format="0.00")


_TOKEN = re.compile("\x00skill(\\d+)\x00")
#: A skill's name as data: English ones (ESCO's, where the catalogue has no Dutch)
#: carry ``lang="en"``. The opening tag, then the escaped name and ``</span>``: joined
#: as text, not ``Markup.format`` (Python's string formatter, forty names a page).
_SKILL_NAME = {"en": '<span lang="en" translate="no">', "nl": '<span translate="no">'}


def sentence_marker(names: Names):
    """``marked(explanation)``: the explanation's sentences as list items, with every
    skill name marked as data.

    ESCO names skills in English only; Werkbrug's catalogue has Dutch names for the
    skills most asked. A Dutch page shows those, and the English names carry
    ``lang="en"``; every name carries ``translate="no"``. The sentences are built with
    a token per skill; the text between tokens is escaped and each token becomes the
    marked (escaped) name. The tokens and the marked names are made once per page, not
    per row; a sentence without a skill is escaped whole."""
    tokens = Names(names.occupations, {i: f"\x00skill{i}\x00" for i in names.skills},
                   names.languages, names.sectors)
    marked_names = {
        str(i): f'{_SKILL_NAME[names.skill_languages.get(i, "en")]}{escape(name)}</span>'
        for i, name in names.skills.items()}
    wording = Wording()

    def marked(explanation) -> Markup:
        # Escaped pieces joined as plain text and made Markup once per row: joining or
        # adding Markups escapes and wraps again at every step.
        parts = []
        for sentence in explanation_sentences(explanation, tokens, wording):
            parts.append("<li>")
            if "\x00" not in sentence:
                parts.append(escape(sentence))
            else:
                pieces = _TOKEN.split(sentence)  # text, skill id, text, skill id, ..., text
                parts.extend(marked_names[piece] if odd % 2 else escape(piece)
                             for odd, piece in enumerate(pieces))
            parts.append("</li>")
        return Markup("".join(parts))  # noqa: S704 - every piece escaped or made safe

    return marked


def listed(sentences) -> Markup:
    """Sentences as the items of a list (``<li>``), each escaped."""
    return Markup("".join([f"<li>{escape(sentence)}</li>" for sentence in sentences]))  # noqa: S704


def plain_reasons(entries: list[Entry], locale: str) -> list[list[str]]:
    """Each entry's reasons as plain sentences in ``locale`` (the API's lists): the
    explanation's sentences, or in an unranked list the unmet requirements."""
    explanations = [e.explanation for e in entries if e.explanation is not None]
    names = names_for(explanations, locale) if explanations else None
    wording = Wording()
    return [
        explanation_sentences(entry.explanation, names, wording)
        if entry.explanation is not None
        else [str(choice_label("hard_requirement", name)) for name in entry.unmet]
        for entry in entries
    ]


def page_rows(result: SuggestionResult, shown: LoggedList, viewer, locale: str,
              opportunity=None) -> tuple[list[Row], list[Row]]:
    """The rows of a shown (and logged) list and of its near misses. ``opportunity``:
    the one the list is about, already loaded (not read again: one statement less)."""
    every = [*result.entries, *result.near_misses]
    candidates = queries.candidate_labels({e.candidate_id for e in every}, viewer)
    known = {} if opportunity is None else {opportunity.id: opportunity}
    opportunities = known | queries.opportunities_by_id(
        {e.opportunity_id for e in every} - known.keys())
    explanations = [e.explanation for e in every if e.explanation is not None]
    marked = sentence_marker(names_for(explanations, locale)) if explanations else None
    # A try-out's own people who are enrolled already (or waiting): their rows say so
    # instead of offering "Enrol" again. Read only for lists with a try-out in them.
    enrolments = live_enrolments(
        (e.candidate_id, e.opportunity_id) for e in result.entries
        if (o := opportunities.get(e.opportunity_id)) is not None
        and goes_by_enrolment(o.kind)
        and (c := candidates.get(e.candidate_id)) is not None and c.own)

    catalogue = request_translations()  # once for the page's hundred marks

    def row(entry: Entry, logged=None) -> Row:
        shown_opportunity = opportunities.get(entry.opportunity_id)
        if entry.explanation is not None:
            sentences = marked(entry.explanation)
        else:  # an unranked list: only the unmet requirements can be named, in its kind's words
            kind = getattr(shown_opportunity, "kind", None)
            sentences = listed(kind_label("hard_requirement", name, kind) for name in entry.unmet)
        return Row(
            candidate_id=entry.candidate_id, opportunity_id=entry.opportunity_id,
            candidate=candidates.get(entry.candidate_id), opportunity=shown_opportunity,
            entry_id=logged.id if logged else None, rank=logged.rank if logged else None,
            score=entry.score, sentences=sentences,
            marks=[shown_mark(mark, catalogue)
                   for mark in marks_for(entry.explanation, entry.unmet)],
            fit=fit_word(entry.score, tuple(entry.unmet), lacks_must_have(entry.explanation)),
            enrolment=enrolments.get((entry.candidate_id, entry.opportunity_id)),
        )

    rows = [row(entry, logged) for entry, logged in zip(result.entries, shown.entries,
                                                          strict=True)]
    return rows, [row(entry) for entry in result.near_misses]


def entry_page(rank: int, size: int = PAGE_SIZE) -> int:
    """The page a list shows place ``rank`` on."""
    return (rank - 1) // size + 1


@dataclass(frozen=True)
class ListPage:
    """Which places of a suggestion list a page shows: ``first`` to ``last`` of the
    ``total`` that meet every hard requirement (``last`` is ``first - 1`` when there
    are none), in pages of ``size``."""

    number: int
    first: int
    last: int
    total: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.last < self.total

    @property
    def next_count(self) -> int:
        """How many the next page shows (a full page, or what is left)."""
        return min(self.size, self.total - self.last)

    @property
    def query(self) -> dict[str, int]:
        """The query parameter that keeps this page in a link (none for the first)."""
        return {"page": self.number} if self.number > 1 else {}


def list_page(result: SuggestionResult, asked: int | None, size: int = PAGE_SIZE) -> ListPage:
    """The part of the list that ``result`` holds. When ``asked`` (the page number
    asked for; None when it was no page number) is not the page shown, which is the
    first for no number and the last for a number past the end, the reader is told,
    as on every paged list (``web.pagination``)."""
    shown = ListPage(number=entry_page(result.first_rank, size), first=result.first_rank,
                     last=result.first_rank + len(result.entries) - 1,
                     total=result.eligible, size=size)
    if asked != shown.number:
        say_page_unavailable(shown.number, shown.pages)
    return shown


EMPLOYER_HIDDEN_ASPECTS = frozenset({"permit"})
"""Marks an employer does not see: the right to work is not on the proposal page."""


def employer_marks(candidate_id: int, opportunity) -> list[ShownMark]:
    """The marks of a proposed candidate for the employer's answer page: the coach's
    marks of the pair (``ranking.pair_entry``), without what the proposal page does not
    already show the employer: no work permit, and no distance in km (it would tell
    roughly where the candidate lives; the mark still says whether it is within their
    travel distance). Empty when the candidate is no longer active."""
    entry = ranking.pair_entry(candidate_id, opportunity)
    if entry is None:
        return []
    return [
        shown_mark(replace(mark, km=None))
        for mark in marks_for(entry.explanation, entry.unmet)
        if mark.aspect not in EMPLOYER_HIDDEN_ASPECTS
    ]


def candidate_marks(candidate_id: int, opportunity) -> list[ShownMark]:
    """Every mark of the pair (``ranking.pair_entry``), for the explanation a coach
    prints for the candidate: the candidate's own facts, so nothing is left out. Empty
    when the candidate is no longer active."""
    entry = ranking.pair_entry(candidate_id, opportunity)
    if entry is None:
        return []
    return [shown_mark(mark) for mark in marks_for(entry.explanation, entry.unmet)]
