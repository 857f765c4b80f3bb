"""The templates' remembering ``gettext``: the same texts as Jinja's own newstyle
gettext, in the request's language, also when a mail switches the language within a
request, with values, escaping and "%%" as before."""

from __future__ import annotations

from flask import render_template_string, session
from flask_babel import force_locale
from jinja2 import Environment
from jinja2.ext import InternationalizationExtension


def render(app, source: str, language: str, **values) -> str:
    # A request of its own, with its own ``g`` (the tests' app context would share one).
    with app.app_context(), app.test_request_context("/"):
        session["locale"] = language  # as the language switch keeps it
        return render_template_string(source, **values)


def test_a_text_is_in_the_language_of_each_request(app):
    page = "{{ _('Log in') }}|{{ gettext('Log in') }}"
    assert render(app, page, "nl") == "Inloggen|Inloggen"
    assert render(app, page, "en") == "Log in|Log in"
    assert render(app, page, "nl") == "Inloggen|Inloggen"


def test_a_forced_language_inside_a_request_is_followed_and_left_again(app):
    with app.app_context(), app.test_request_context("/"):
        assert render_template_string("{{ _('Log in') }}") == "Inloggen"
        with force_locale("en"):
            assert render_template_string("{{ _('Log in') }}") == "Log in"
        assert render_template_string("{{ _('Log in') }}") == "Inloggen"


def test_values_escaping_and_percent_signs_as_jinja_writes_them(app):
    jinja = Environment(autoescape=True, extensions=[InternationalizationExtension])
    jinja.install_null_translations(newstyle=True)
    for source, values in (
        ("{{ _('Welcome, %(name)s', name=name) }}", {"name": "<b>Ann</b>"}),
        ("{{ _('100%% sure') }}", {}),
        ("{{ _('<em>kept</em>') }}", {}),
    ):
        expected = jinja.from_string(source).render(**values)
        assert render(app, source, "en", **values) == expected
        assert render(app, source, "en", **values) == expected  # remembered
    assert "&lt;b&gt;" in render(app, "{{ _('Welcome, %(name)s', name=n) }}", "en", n="<b>")


def test_a_text_without_values_is_looked_up_once_per_language(app, monkeypatch):
    from babel.support import NullTranslations, Translations

    asked = []

    def counting(looked_up):
        def ugettext(self, text):
            asked.append(text)
            return looked_up(self, text)
        return ugettext

    for catalogue in (Translations, NullTranslations):  # Dutch, and English (no catalogue)
        monkeypatch.setattr(catalogue, "ugettext", counting(catalogue.ugettext))
    page = "{% for n in range(5) %}{{ _('Looked up once per language') }}{% endfor %}"
    render(app, page, "nl")
    render(app, page, "nl")
    render(app, page, "en")
    assert asked.count("Looked up once per language") == 2
