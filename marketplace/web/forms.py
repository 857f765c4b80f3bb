"""Shared form pieces: validators for the reference data every domain uses, the
one-line rule for names and titles, and the select of a fixed vocabulary with its
messages."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import lru_cache
from types import FunctionType
from typing import NamedTuple
from weakref import WeakKeyDictionary

import wtforms
from flask import has_app_context
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms.fields.choices import Choice
from wtforms.fields.core import Label
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, Select

from marketplace import text_rules
from marketplace.extensions import db
from marketplace.taxonomy.models import Postcode
from marketplace.translation_lookup import request_translations
from marketplace.web.form_html import html_params
from marketplace.web.labels import LABELS

REQUIRED = _l("Fill in this field.")
CHOOSE = _l("Choose one of the options.")
NOT_KNOWN = _l("(not known)")


def data_choice(value: str, label: str) -> tuple[str, str, dict[str, str]]:
    """A select option whose label is data (a person's or a place's name, an ESCO
    label), not interface text: marked ``translate="no"`` like the ``data`` template
    filter marks data in a page, so browser translators and the browser tests'
    language check leave it alone while the select's own texts stay checked."""
    return (value, label, dict(_DATA))


#: The attributes of a ``data_choice``'s option, and as ``QuickSelect`` keeps them.
_DATA = {"translate": "no"}
_DATA_ITEMS = tuple(_DATA.items())


class QuickSelect(Select):
    """The select widget of every select on the site: writes each option directly
    instead of through WTForms' general ``html_params``, and keeps the HTML of options
    with a plain text label, so a profile's language and country lists (hundreds of
    options per row) are written once per process, not on every page; a list of only
    such options is kept whole (``_kept_options``)."""

    def __call__(self, field, **kwargs):
        choices = field.choices
        if (self.multiple or type(choices) not in (list, FixedChoices)
                or not hasattr(field, "coerce")):
            return super().__call__(field, **kwargs)
        coerce, data = field.coerce, field.data
        if type(choices) is FixedChoices:
            options = choices.written(coerce, data)
        else:
            options = _kept_options(coerce, choices, data)
        if options is None:
            options = _written_options(coerce, choices, data)
            if options is None:
                return super().__call__(field, **kwargs)
        # WTForms 3.3 turns every choice into two objects twice per render (for
        # ``has_groups`` and for the options): most of a 1,000-option filter's cost.
        # A plain list of tuples has no groups, so its options are written straight.
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for name in self.validation_attrs:
            if name not in kwargs and getattr(flags, name, False):
                kwargs[name] = getattr(flags, name)
        html = f"<select {html_params(name=field.name, **kwargs)}>{options}</select>"
        return Markup(html)  # noqa: S704 - every part escaped

    @classmethod
    def render_option(cls, choice, **kwargs):
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


def _kept_options(coerce, choices: list, data) -> str | None:
    """The options of ``choices`` with ``data`` selected, from the list's options kept
    per process, or None when they cannot be kept: only pairs of a plain text label
    and a text or number value (as ``render_option`` keeps single options). Looking
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
        option = QuickSelect.render_option(Choice(value, label, True, None))
        starts = kept.starts
        return f"{kept.written[:starts[number]]}{option}{kept.written[starts[number + 1]:]}"
    parts = list(kept.parts)
    for number in selected:
        value, label = choices[number]
        parts[number] = QuickSelect.render_option(Choice(value, label, True, None))
    return "".join(parts)


class FixedChoices(tuple):
    """A select's choices that never change once made: pairs of a text or number value
    and a plain text label (already in the reader's language). A process keeps such a
    list per language and gives every select the same one (a profile form's language
    list in each language row); :class:`QuickSelect` keeps the list's options' HTML
    with it and writes a select by marking its selected options, instead of checking,
    hashing and comparing the whole list on every select (``_kept_options``)."""

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


def _written_options(coerce, choices: list, data) -> str | None:
    """The options of ``choices`` with ``data`` selected, one by one, or None when a
    choice is no pair or triple (WTForms' groups or bare values: its own widget writes
    those). A pair of a plain text label, or a ``data_choice``, is looked up directly
    in the options kept per process, without the ``Choice`` that ``render_option``
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
            written.append(QuickSelect.render_option(Choice(value, label, selected,
                                                            render_kw)))
    return "".join(written)


def _written_once(coerce, choices: tuple) -> _KeptOptions:
    """Each option of ``choices`` (plain pairs) written unselected, and which options
    each coerced value selects."""
    parts = tuple(QuickSelect.render_option(Choice(value, label, False, None))
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


class _QuickChoicesCallable:
    """Calls a field's ``choices`` function as WTForms does, with the form and the
    field when it takes them and else with nothing, but without working out the
    function's signature on every form: WTForms asks ``inspect.signature`` each time
    (some 20 microseconds, for each of a profile form's 25 selects and checkboxes)."""

    def _invoke_choices_callback(self, cb):
        if type(cb) is not FunctionType:  # a method or another callable: as WTForms does
            return super()._invoke_choices_callback(cb)
        takes = _takes_form_and_field.get(cb)
        if takes is None:
            takes = _takes_form_and_field[cb] = _binds_form_and_field(cb)
        return cb(self._form, self) if takes else cb()


#: Whether each choices function takes the form and the field, for as long as it lives.
_takes_form_and_field: WeakKeyDictionary = WeakKeyDictionary()


def _binds_form_and_field(function) -> bool:
    """WTForms' test (``_invoke_choices_callable``): the signature binds two arguments."""
    try:
        inspect.signature(function).bind(None, None)
    except (ValueError, TypeError):
        return False
    return True


class SelectField(_QuickChoicesCallable, wtforms.SelectField):
    """WTForms' select with the quick widget: the one select field of the site."""

    widget = QuickSelect()


class CheckboxesField(_QuickChoicesCallable, wtforms.SelectMultipleField):
    """Several choices as checkboxes: a fieldset in the template, whose macro writes
    each option from :meth:`checkboxes`."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def checkboxes(self) -> list[tuple[Markup, Markup]]:
        """Each option's checkbox and label, written as ``option()`` and
        ``option.label`` of iterating the field write them, without the field WTForms
        builds and binds for every option (a profile form has some 30 options)."""
        if self.render_kw or any(getattr(self.flags, name, False)
                                 for name in self.option_widget.validation_attrs):
            # Attributes for every option: let WTForms' own options write them.
            return [(option(), option.label()) for option in self]
        written = []
        for number, choice in enumerate(self.iter_choices()):
            option_id = f"{self.id}-{number}"
            checkbox = html_params(checked=bool(choice.selected), id=option_id,
                                   name=self.name, type="checkbox", value=str(choice.value))
            written.append((Markup(f"<input {checkbox}>"),  # noqa: S704 - escaped
                            Label(option_id, choice.label or choice.value)()))
        return written


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


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


class KnownPostcode:
    """The field holds a Belgian postcode from the taxonomy (or is empty)."""

    def __call__(self, form, field):
        code = (field.data or "").strip()
        if not code:
            return
        if not (code.isdigit() and len(code) == 4) or db.session.get(Postcode, code) is None:
            raise ValidationError(
                _l("This is not a Belgian postcode we know. Use 4 digits, for example 2060.")
            )


class SingleLine:
    """A name, pseudonym or title is one line of visible text (``text_rules``): no line
    breaks, no control characters, no direction overrides, not only invisible characters."""

    # Most of these characters cannot be seen in a field (they come with copy and
    # paste), so each message also says how to get rid of them.
    MESSAGES = {
        text_rules.LINE_BREAK: _l(
            "Write this on one line: there is a line break in it, perhaps an invisible "
            "one from copying. Clear the field and type it again."
        ),
        text_rules.CONTROL: _l(
            "Remove the hidden control characters, such as a tab. Clear the field and "
            "type it again."
        ),
        text_rules.DIRECTION: _l(
            "Remove the hidden characters that change the writing direction. Clear the "
            "field and type it again."
        ),
        text_rules.INVISIBLE: _l(
            "Use letters or digits: now there are only invisible characters. Clear the "
            "field and type it again."
        ),
    }

    def __call__(self, form, field):
        problem = text_rules.single_line_problem(field.data or "")
        if problem is not None:
            raise ValidationError(self.MESSAGES[problem])


class PhoneNumber:
    """A phone number as people write it: digits with spaces, dots, slashes, dashes,
    brackets and a leading +; at least 8 digits (Belgian numbers have 9 or 10)."""

    ALLOWED = frozenset("0123456789 +./-()")

    def __call__(self, form, field):
        value = (field.data or "").strip()
        if not value:
            return
        digits = sum(ch.isdigit() for ch in value)
        if set(value) - self.ALLOWED or "+" in value[1:] or not 8 <= digits <= 15:
            raise ValidationError(
                _l("This is not a phone number. Write it with digits, for example 03 123 45 67.")
            )


class Between(NumberRange):
    """``NumberRange`` that stays silent when the text was no number at all: the field
    already says that, and one message is enough."""

    def __call__(self, form, field):
        if field.data is not None:
            super().__call__(form, field)


def vocabulary_select(
    label,
    vocabulary: str,
    *,
    required: bool = False,
    values=None,
    empty=NOT_KNOWN,
    message=CHOOSE,
    **kwargs,
) -> SelectField:
    """A select of a fixed vocabulary (see ``web/labels.py``) that refuses any other
    value with ``message``. ``values`` limits the choices; ``empty`` labels the empty
    first option (None: no empty option)."""
    allowed = [str(v) for v in (values or LABELS[vocabulary])]

    def options():
        pairs = [(v, str(LABELS[vocabulary][v])) for v in allowed]
        return pairs if empty is None else with_empty(pairs, empty)

    presence = InputRequired(REQUIRED) if required else Optional()
    return SelectField(
        label,
        choices=kept_per_catalogue(options),
        validate_choice=False,
        validators=[presence, AnyOf(allowed, message=message)],
        **kwargs,
    )
