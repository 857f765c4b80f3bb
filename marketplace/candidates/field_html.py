"""The ``field`` macro of ``templates/macros/forms.html`` as a Python function, for the
candidate profile form (``templates/candidates/candidate_form.html``), and the ESCO
pickers of ``templates/macros/taxonomy.html`` (``occupation_input``, ``skill_input``)
written with it.

The profile form writes some 30 to 60 fields through that macro. A Jinja macro call
costs about 50 microseconds beyond the widget itself (its arguments, the ``set``
blocks, the template's attribute lookups), some 1.5 ms of the form's 11. ``field``
here writes the very same HTML, byte for byte (whitespace included), in a fraction
of that: the macro stays the site's one definition, and
``tests/candidates/test_field_html.py`` renders every field of the profile form,
with and without errors and hints, through both and compares them.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import LazyString
from markupsafe import Markup, escape

from marketplace.translation_lookup import lazy_text, request_translations

#: What the macro writes between its parts (the template's own whitespace).
_BETWEEN = "\n    "


#: The macro's own texts by catalogue (Flask-Babel keeps one per language).
_texts: dict = {}


def template_text(text: str) -> Markup:
    """``{{ _(text) }}`` as a template writes it: translated, marked safe and formatted
    (Jinja's newstyle gettext, ``translation_lookup.template_gettext``), kept per
    catalogue."""
    translations = request_translations()
    key = (translations, text)
    found = _texts.get(key)
    if found is None:
        if len(_texts) > 64:  # a catalogue reloaded in development: forget the old ones
            _texts.clear()
        found = _texts[key] = Markup(translations.ugettext(text)) % {}  # noqa: S704
    return found


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


def _joined_errors(errors) -> Markup:
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
            parts += [' <span class="required">(', template_text("required"), ")</span>"]
        parts.append(_BETWEEN)
    parts.append(_BETWEEN)
    if has_hint:
        parts += [f'<p class="hint" id="{identifier}-hint">',
                  html_of(hint) if hint else description, "</p>"]
    parts.append(_BETWEEN)
    if errors:
        parts += [f'\n      <p class="error-message" id="{identifier}-error">'
                  '<span class="visually-hidden">', template_text("Error:"), "</span> ",
                  _joined_errors(errors), "</p>\n    "]
    parts.append(_BETWEEN)
    if not boolean:
        parts += ["\n      ", escape(f(**attrs)), _BETWEEN]
    parts.append("\n  </div>")
    return Markup("".join(map(str, parts)))  # noqa: S704 - every value escaped above


#: What the pickers' inputs ask of htmx (``_picker`` of ``macros/taxonomy.html``).
_PICKER_HTMX = {"hx-trigger": "input changed delay:250ms, focus once",
                "hx-swap": "innerHTML", "hx-sync": "this:replace"}


def picker(f) -> Markup:
    """The HTML of ``{{ occupation_input(f) }}`` or ``{{ skill_input(f) }}`` (by the
    field's ``picker_endpoint``): the field with its suggestions list, and the URI of
    the entry shown in a hidden input."""
    options = f"{f.id}-options"
    url = url_for(f.picker_endpoint, **{"as": "options", "field": f.name})
    written = field(f, list=options, autocomplete="off", spellcheck="false",
                    **{"hx-get": url, "hx-target": f"#{options}", **_PICKER_HTMX})
    return Markup(f'{written}\n  <input type="hidden" name="{escape(f.name)}-uri" '  # noqa: S704
                  f'value="{escape(f.uri)}">\n  <datalist id="{escape(options)}"></datalist>')


#: Each checkbox with its label as ``checkbox_group`` writes it, unticked and ticked, by
#: (input id, name, value, label): the same few dozen on every profile form.
_checkboxes: dict[tuple, tuple[str, str]] = {}


def _checkbox(option_id: str, name: str, value, label) -> tuple[str, str]:
    """``{{ checkbox }} {{ label }}`` of one option of ``CheckboxesField.checkboxes``
    (``web/forms.py``), unticked and ticked: the attributes in the order WTForms'
    ``html_params`` writes them, the label as WTForms' ``Label`` does."""
    text = html_of(label or value)
    key = (option_id, name, value, str(text))
    found = _checkboxes.get(key)
    if found is None:
        if len(_checkboxes) > 4096:  # a catalogue reloaded in development
            _checkboxes.clear()
        rest = (f'id="{escape(option_id)}" name="{escape(name)}" type="checkbox" '
                f'value="{escape(str(value))}">')
        written = f' <label for="{escape(option_id)}">{text}</label>'
        found = _checkboxes[key] = (f"<input {rest}{written}",
                                    f"<input checked {rest}{written}")
    return found


def checkbox_group(f) -> Markup:
    """The HTML of ``{{ checkbox_group(f) }}`` (the macro of ``candidates/_macros.html``):
    a fieldset of a ``CheckboxesField``'s options, with its legend, hint and error. The
    options' HTML is kept (``_checkbox``): only which are ticked changes."""
    errors = f.errors
    identifier = escape(f.id)
    described = ([f"{f.id}-hint"] if f.description else []) + \
        ([f"{f.id}-error"] if errors else [])
    parts = [f'<fieldset class="field checkbox-group{" field--error" if errors else ""}" '
             f'id="{identifier}"']
    if described:
        parts.append(f' aria-describedby="{escape(" ".join(described))}"')
    parts += ['>\n    <legend class="label">', html_of(f.label.text), "</legend>\n    "]
    if f.description:
        parts += [f'<p class="hint" id="{identifier}-hint">', html_of(f.description), "</p>"]
    parts.append("\n    ")
    if errors:
        parts += [f'<p class="error-message" id="{identifier}-error">'
                  '<span class="visually-hidden">', template_text("Error:"), "</span> ",
                  _joined_errors(errors), "</p>"]
    parts.append("\n    ")
    if f.render_kw or any(getattr(f.flags, name, False)
                          for name in f.option_widget.validation_attrs):
        # Attributes for every option: as the macro, through WTForms' own options.
        for checkbox, label in f.checkboxes():
            parts += ['\n      <div class="checkbox">', checkbox, " ", label, "</div>\n    "]
    else:
        data = f.data or ()
        for number, choice in enumerate(f.iter_choices()):
            unticked, ticked = _checkbox(f"{f.id}-{number}", f.name, choice.value,
                                         choice.label)
            parts += ['\n      <div class="checkbox">',
                      ticked if f.coerce(choice.value) in data else unticked, "</div>\n    "]
    parts.append("\n  </fieldset>")
    return Markup("".join(map(str, parts)))  # noqa: S704 - every value escaped above
