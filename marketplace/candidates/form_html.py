"""The profile form's ESCO pickers and checkbox groups as Python functions: the
``occupation_input`` and ``skill_input`` macros of ``templates/macros/taxonomy.html``
and ``checkbox_group`` of ``templates/candidates/_macros.html``, written with the
``field`` macro in Python (``web/field_html.py``) and byte for byte as the macros
write them (``tests/candidates/test_field_html.py`` compares them).
"""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup, escape

from marketplace.web.field_html import FIELD_TEXTS, field, html_of, joined_errors

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
                  '<span class="visually-hidden">', FIELD_TEXTS()["error"], "</span> ",
                  joined_errors(errors), "</p>"]
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
