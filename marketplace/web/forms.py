"""Shared form pieces: the site's select and checkboxes fields (the select's widget
writes options that ``select_options.py`` keeps), validators for the reference data
every domain uses, the one-line rule for names and titles, and the select of a fixed
vocabulary with its messages."""

from __future__ import annotations

import inspect
from types import FunctionType
from weakref import WeakKeyDictionary

import wtforms
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms.fields.core import Label
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, Select

from marketplace import text_rules
from marketplace.extensions import db
from marketplace.taxonomy.models import Postcode
from marketplace.web.form_html import html_params
from marketplace.web.labels import LABELS
from marketplace.web.select_options import (
    FixedChoices,
    kept_options,
    kept_per_catalogue,
    option_html,
    with_empty,
    written_options,
)

REQUIRED = _l("Fill in this field.")
CHOOSE = _l("Choose one of the options.")
NOT_KNOWN = _l("(not known)")


class QuickSelect(Select):
    """The select widget of every select on the site: writes each option directly
    instead of through WTForms' general ``html_params``, and keeps the HTML of options
    with a plain text label, so a profile's language and country lists (hundreds of
    options per row) are written once per process, not on every page; a list of only
    such options is kept whole (``select_options.kept_options``)."""

    def __call__(self, field, **kwargs):
        choices = field.choices
        if (self.multiple or type(choices) not in (list, FixedChoices)
                or not hasattr(field, "coerce")):
            return super().__call__(field, **kwargs)
        coerce, data = field.coerce, field.data
        if type(choices) is FixedChoices:
            options = choices.written(coerce, data)
        else:
            options = kept_options(coerce, choices, data)
        if options is None:
            options = written_options(coerce, choices, data)
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
        """WTForms' hook for one option, written (and kept) by ``option_html``."""
        return option_html(choice, **kwargs)


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
