"""The choices of the site's selects and the HTML of their options.

A choice whose label is data (``data_choice``); lists of choices that never change
once made (``FixedChoices``, made once per catalogue by ``kept_per_catalogue``) or that
start with an empty one (``with_empty``); and the options' HTML, written once per
process and kept (``option_html``, ``kept_options``, ``written_options``), from which
``forms.QuickSelect`` writes a select by marking its selected options instead of
writing every option anew.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from flask import has_app_context
from markupsafe import Markup, escape
from wtforms.fields.choices import Choice

from marketplace.translation_lookup import request_translations


def data_choice(value: str, label: str) -> tuple[str, str, dict[str, str]]:
    """A select option whose label is data (a person's or a place's name, an ESCO
    label), not interface text: marked ``translate="no"`` like the ``data`` template
    filter marks data in a page, so browser translators and the browser tests'
    language check leave it alone while the select's own texts stay checked."""
    return (value, label, dict(_DATA))


#: The attributes of a ``data_choice``'s option, and as ``_kept_option`` keeps them.
_DATA = {"translate": "no"}
_DATA_ITEMS = tuple(_DATA.items())


def option_html(choice: Choice, **kwargs) -> Markup:
    """The HTML of one option (``QuickSelect.render_option``): an option with a plain
    text label and a text or number value, and no attributes of the render, is written
    once per process and kept."""
    label = choice.label or choice.value
    # Only plain strings: a lazy text renders in the reader's language, and True
    # would share a key with 1.
    if kwargs or type(label) is not str or type(choice.value) not in (str, int):
        return _written_option(choice.value, label, choice.selected,
                               {**(choice.render_kw or {}), **kwargs})
    extra = tuple(choice.render_kw.items()) if choice.render_kw else ()
    return _kept_option(choice.value, label, choice.selected, extra)


class _KeptOptions(NamedTuple):
    parts: tuple[str, ...]  #: each option, none selected
    written: str  #: all of them, joined
    selected: dict  #: coerced value -> the numbers of the options it selects
    starts: tuple[int, ...]  #: where each option starts in ``written`` (and the last ends)


def kept_options(coerce, choices: list, data) -> str | None:
    """The options of ``choices`` with ``data`` selected, from the list's options kept
    per process, or None when they cannot be kept: only pairs of a plain text label
    and a text or number value (as ``option_html`` keeps single options). Looking
    the whole list up costs a tenth of writing its options one by one, and a profile
    form writes the language and country lists (hundreds of options) once per row."""
    if not all(map(_is_plain_pair, choices)):
        return None
    try:
        kept = _options_of(coerce, tuple(choices))
    except TypeError:  # a value without a hash
        return None
    return _with_selected(kept, choices, data)


def _is_plain_pair(choice) -> bool:
    """Whether ``choice`` is a pair of a text or number value and a plain text label:
    the choices whose options are kept."""
    return (type(choice) is tuple and len(choice) == 2 and type(choice[1]) is str
            and type(choice[0]) in (str, int))


def _with_selected(kept: _KeptOptions, choices, data) -> str | None:
    """The kept options of ``choices`` with those that ``data`` selects written
    selected, or None when ``data`` has no hash (a list)."""
    try:
        selected = kept.selected.get(data)
    except TypeError:
        return None
    if not selected:
        return kept.written
    if len(selected) == 1:  # most selects: the rest of the options copied as they are
        number = selected[0]
        value, label = choices[number]
        option = option_html(Choice(value, label, True, None))
        starts = kept.starts
        return f"{kept.written[:starts[number]]}{option}{kept.written[starts[number + 1]:]}"
    parts = list(kept.parts)
    for number in selected:
        value, label = choices[number]
        parts[number] = option_html(Choice(value, label, True, None))
    return "".join(parts)


class FixedChoices(tuple):
    """A select's choices that never change once made: pairs of a text or number value
    and a plain text label (already in the reader's language). A process keeps such a
    list per language and gives every select the same one (a profile form's language
    list in each language row); ``forms.QuickSelect`` keeps the list's options' HTML
    with it and writes a select by marking its selected options, instead of checking,
    hashing and comparing the whole list on every select (``kept_options``)."""

    def __new__(cls, pairs):
        fixed = super().__new__(cls, pairs)
        if not all(map(_is_plain_pair, fixed)):
            raise TypeError("FixedChoices holds (value, plain text label) pairs only")
        fixed._options_by_coerce = {}
        return fixed

    def written(self, coerce, data) -> str | None:
        """The options with ``data`` selected (None when ``data`` has no hash)."""
        kept = self._options_by_coerce.get(coerce)
        if kept is None:
            kept = self._options_by_coerce[coerce] = _written_once(coerce, self)
        return _with_selected(kept, self, data)


def written_options(coerce, choices: list, data) -> str | None:
    """The options of ``choices`` with ``data`` selected, one by one, or None when a
    choice is no pair or triple (WTForms' groups or bare values: its own widget writes
    those). A pair of a plain text label, or a ``data_choice``, is looked up directly
    in the options kept per process, without the ``Choice`` that ``option_html``
    takes: a caseload's filter lists a coach's 1,000 wished occupations as data."""
    written = []
    for choice in choices:
        if type(choice) is not tuple or len(choice) not in (2, 3):
            return None
        value, label = choice[0], choice[1]
        render_kw = choice[2] if len(choice) == 3 else None
        selected = coerce(value) == data
        if (label and type(label) is str and type(value) in (str, int)
                and (not render_kw or render_kw == _DATA)):
            written.append(_kept_option(value, label, selected,
                                        _DATA_ITEMS if render_kw else ()))
        else:
            written.append(option_html(Choice(value, label, selected, render_kw)))
    return "".join(written)


def _written_once(coerce, choices: tuple) -> _KeptOptions:
    """Each option of ``choices`` (plain pairs) written unselected, and which options
    each coerced value selects."""
    parts = tuple(option_html(Choice(value, label, False, None))
                  for value, label in choices)
    selected: dict = {}
    for number, (value, _label) in enumerate(choices):
        selected.setdefault(coerce(value), []).append(number)
    starts = [0]
    for part in parts:
        starts.append(starts[-1] + len(part))
    return _KeptOptions(parts, "".join(parts), selected, tuple(starts))


#: The options of lists of choices made anew for each form, by their pairs.
_options_of = lru_cache(maxsize=64)(_written_once)


@lru_cache(maxsize=20_000)
def _kept_option(value, label: str, selected: bool, extra: tuple) -> Markup:
    return _written_option(value, label, selected, dict(extra))


def _written_option(value, label, selected: bool, render_kw: dict) -> Markup:
    attributes = {"value": value, **render_kw}
    if selected:
        attributes["selected"] = True
    written = "".join(  # in WTForms' order (sorted), so pages stay byte-identical
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in sorted(attributes.items()) if value is not False
    )
    return Markup(f"<option{written}>{escape(label)}</option>")  # noqa: S704 - escaped


#: Catalogues (languages) whose choices ``kept_per_catalogue`` keeps at most.
_CATALOGUES_KEPT = 16


def kept_per_catalogue(build: Callable[[], list]) -> Callable[[], FixedChoices]:
    """A ``choices`` function that makes ``build()``'s choices once per catalogue (the
    reader's language) and gives every form the same ``FixedChoices`` after that: for
    choices made only of labels translated from that catalogue, such as a vocabulary's."""
    kept: dict = {}

    def choices():
        if not has_app_context():  # no request's language: made each time, as before
            return build()
        catalogue = request_translations()
        found = kept.get(id(catalogue))
        if found is None or found[0] is not catalogue:
            if len(kept) >= _CATALOGUES_KEPT:
                kept.clear()
            # The catalogue is held with its choices: its id is never another's.
            found = kept[id(catalogue)] = (catalogue, FixedChoices(build()))
        return found[1]

    return choices


def with_empty(pairs, empty_label) -> list[tuple]:
    """Choices that start with an empty one: a select that has no answer until the
    user picks one (paired with ``DataRequired`` where a choice is required)."""
    return [("", str(empty_label)), *pairs]
