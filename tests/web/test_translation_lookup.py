"""The request-cached translations (``marketplace/translation_lookup.py``) follow the
request's language, also when it changes during the request."""

from flask import session
from flask_babel import gettext, refresh
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from marketplace import translation_lookup
from marketplace.web.labels import LABELS, choice_label


def test_translations_follow_a_language_changed_during_the_request(app):
    with app.test_request_context("/"):
        dutch = gettext("Skip to main content")
        session["locale"] = "en"
        refresh()
        assert gettext("Skip to main content") == "Skip to main content"
        session["locale"] = "nl"
        refresh()
        assert gettext("Skip to main content") == dutch
        assert dutch != "Skip to main content"


def test_each_request_finds_its_own_language(app):
    # Each request of a server has its own application context (and so its own ``g``).
    with app.app_context(), app.test_request_context("/"):
        session["locale"] = "en"
        assert gettext("Skip to main content") == "Skip to main content"
    with app.app_context(), app.test_request_context("/"):
        assert gettext("Skip to main content") == "Naar de inhoud"


def test_the_quick_gettext_and_lazy_texts_follow_the_language_as_flask_babel_does(app):
    """``translation_lookup.gettext`` and ``lazy_text`` give Flask-Babel's own text, in
    the request's language also after it changed, and with values formatted."""
    with app.test_request_context("/"):
        for locale in ("nl", "en", "nl"):
            session["locale"] = locale
            refresh()
            for text, values in (("Skip to main content", {}), ("%(km)s km", {"km": "4,5"})):
                assert translation_lookup.gettext(text, **values) == gettext(text, **values)
            for vocabulary in ("cefr", "proposal_state", "hard_requirement"):
                for value, label in LABELS[vocabulary].items():
                    assert choice_label(vocabulary, value) == str(label)
                    assert choice_label(vocabulary, value) == str(label)  # kept
        assert choice_label("proposal_state", "hired") == "Aangenomen"
    # Outside the request, as Flask-Babel answers there.
    assert translation_lookup.gettext("Skip to main content") == gettext("Skip to main content")
    assert choice_label("proposal_state", "hired") == str(LABELS["proposal_state"]["hired"])


def test_fragment_texts_are_what_the_templates_underscore_gives_in_each_language(app):
    """``FragmentTexts`` gives each text as ``{{ _(...) }}`` writes it: translated in
    the request's language (also after it changed), marked safe, a text with variables
    left open for ``%`` (which escapes the values); and one dictionary per catalogue."""
    texts = translation_lookup.FragmentTexts(
        skip=_l("Skip to main content"), km=_l("%(km)s km"))
    template = app.jinja_env.from_string(
        "{{ _('Skip to main content') }}|{{ _('%(km)s km', km='<4>') }}")
    with app.test_request_context("/"):
        for locale in ("nl", "en", "nl"):
            session["locale"] = locale
            refresh()
            found = texts()
            assert found is texts()
            assert isinstance(found["skip"], Markup)
            assert f"{found['skip']}|{found['km'] % {'km': '<4>'}}" == template.render()
            assert "&lt;4&gt;" in template.render()
        assert texts()["skip"] == "Naar de inhoud"
