"""Language choice (Dutch first, English second) and the helpers templates use."""

from __future__ import annotations

from flask import Flask, current_app, session
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from marketplace.taxonomy.levels import Cefr


def select_locale() -> str:
    """The user's saved language, else the one chosen in this browser, else Dutch."""
    languages = current_app.config["LANGUAGES"]
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in languages:
        return user_locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "nl")


def as_data(value) -> Markup:
    """``value`` marked as data rather than interface text: a name, an address, what a
    user typed. ``translate="no"`` keeps browser translators off it, and the browser
    tests' language check skips it (a Dutch street name is fine on an English page).
    In templates: ``{{ user.name|data }}``, also inside a translated sentence."""
    return Markup('<span translate="no">%s</span>') % value


def install_template_helpers(app: Flask) -> None:
    from marketplace.web.labels import choice_label
    from marketplace.web.navigation import navigation_items

    app.add_template_filter(as_data, "data")

    @app.context_processor
    def _helpers():
        return {
            "current_language": current_language,
            "choice_label": choice_label,
            "cefr_levels": list(Cefr),
            "navigation_items": navigation_items,
        }
