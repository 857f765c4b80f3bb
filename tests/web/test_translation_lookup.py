"""The request-cached translations (``marketplace/translation_lookup.py``) follow the
request's language, also when it changes during the request."""

from flask import session
from flask_babel import gettext, refresh

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
