"""The ``field`` macro of ``templates/macros/forms.html`` as a Python function, for the
long forms: the candidate's profile (with its pickers, ``candidates/form_html.py``),
the trajectory panel, and the employer's answer and interview forms.

The profile form writes some 30 to 60 fields through that macro. A Jinja macro call
costs about 50 microseconds beyond the widget itself (its arguments, the ``set``
blocks, the template's attribute lookups), some 1.5 ms of the form's 11. ``field``
here writes the very same HTML, byte for byte (whitespace included), in a fraction
of that: the macro stays the site's one definition, a template takes this one with
``{% set field = field_html %}``, and ``tests/candidates/test_field_html.py`` and
``tests/proposals/test_answer_field_html.py`` render every field of those forms, with
and without errors and hints, through both and compare them.
"""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from marketplace.translation_lookup import FragmentTexts, lazy_text

#: What the macro writes between its parts (the template's own whitespace).
_BETWEEN = "\n    "


#: The macro's own texts (``{{ _('required') }}``, ``{{ _('Error:') }}``).
FIELD_TEXTS = FragmentTexts(required=_l("required"), error=_l("Error:"))


def html_of(value) -> Markup:
    """``{{ value }}`` in an escaping template. A lazy text (a label, a description) is
    written as it is, as its ``__html__`` says, and read once per catalogue
    (``lazy_text``): translating it cost more than the rest of a field."""
    if isinstance(value, LazyString):
        return Markup(lazy_text(value))  # noqa: S704 - what LazyString.__html__ gives
    return escape(value)


def _label(f) -> str:
    """``{{ f.label }}``: WTForms' ``Label()`` without arguments."""
    label = f.label
    return f'<label for="{escape(label.field_id)}">{html_of(label.text)}</label>'


def joined_errors(errors) -> Markup:
    """``errors|join(' ')`` in an escaping template: plain texts escaped once joined,
    texts that are markup already (``__html__``) kept as they are."""
    if any(hasattr(error, "__html__") for error in errors):
        return Markup(" ").join(errors)
    return escape(" ".join(str(error) for error in errors))


def field(f, hint=None, class_="", **kwargs) -> Markup:
    """The HTML of ``{{ field(f, hint=..., class_=..., **kwargs) }}`` (the macro of
    ``macros/forms.html``): label, hint, error and input tied together for screen
    readers."""
    errors = f.errors
    identifier = escape(f.id)
    description = html_of(f.description) if f.description is not None else ""
    has_hint = bool(description or hint)
    described = []
    if has_hint:
        described.append(f"{f.id}-hint")
    if errors:
        described.append(f"{f.id}-error")
    if kwargs.get("aria-describedby"):
        described.append(str(kwargs["aria-describedby"]))
    # false, not none: WTForms leaves a false attribute out but writes none as "None"
    attrs = dict(kwargs)
    attrs["aria-describedby"] = " ".join(described) or False
    attrs["aria-invalid"] = "true" if errors else False
    boolean = f.type == "BooleanField"
    parts = [f'<div class="field {escape(class_)}{" field--error" if errors else ""}">',
             _BETWEEN]
    if boolean:
        parts += ['\n      <div class="checkbox">\n        ', escape(f(**attrs)),
                  "\n        ", _label(f), "\n      </div>\n    "]
    else:
        parts += ["\n      ", _label(f)]
        if f.flags.required:
            parts += [' <span class="required">(', FIELD_TEXTS()["required"], ")</span>"]
        parts.append(_BETWEEN)
    parts.append(_BETWEEN)
    if has_hint:
        parts += [f'<p class="hint" id="{identifier}-hint">',
                  html_of(hint) if hint else description, "</p>"]
    parts.append(_BETWEEN)
    if errors:
        parts += [f'\n      <p class="error-message" id="{identifier}-error">'
                  '<span class="visually-hidden">', FIELD_TEXTS()["error"], "</span> ",
                  joined_errors(errors), "</p>\n    "]
    parts.append(_BETWEEN)
    if not boolean:
        parts += ["\n      ", escape(f(**attrs)), _BETWEEN]
    parts.append("\n  </div>")
    return Markup("".join(map(str, parts)))  # noqa: S704 - every value escaped above


def install(app) -> None:
    """Make :func:`field` the template global ``field_html``."""
    app.add_template_global(field, "field_html")
