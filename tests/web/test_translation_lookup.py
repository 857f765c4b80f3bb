"""The request-cached translations (``marketplace/translation_lookup.py``) follow the
request's language, also when it changes during the request."""

from flask import session
from flask_babel import gettext, refresh


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
