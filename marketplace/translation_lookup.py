"""A faster way to the request's translations for Flask-Babel.

Flask-Babel finds the translations anew for every ``gettext`` call: three lookups of
its per-request namespace on ``g``, the locale, and ``str(locale)`` to key its cache.
A page translates a few hundred texts (menu, labels, lazy choices, reason sentences),
and each call cost about 26 microseconds, 51 from a template: 10 to 20 ms of a page.
``RequestCachedDomain`` keeps the translations it found in Flask-Babel's own namespace
for the request, next to the locale they belong to, and hands them back while that
locale is still the request's (``flask_babel.refresh()`` or a new request drops it).

In templates, ``{{ _('Start') }}`` went on through Jinja's "newstyle" gettext: a
context call, a ``Markup`` and a ``%`` format even without variables, about 19
microseconds a text, 6 to 11 ms of a suggestion page's 600 texts. ``template_gettext``
keeps each finished text without variables per catalogue, so the second time a page
asks for it is a dictionary lookup.

In Python, :func:`gettext` is Flask-Babel's with the catalogue found in one lookup (the
reason sentences of a suggestion page ask about 150 times), and :func:`lazy_text` keeps
the text of a module-level lazy label per catalogue (a suggestion page turns some 260
labels into text: 35 microseconds each through Flask-Babel, a dictionary lookup here).
:class:`FragmentTexts` does the same for the texts of HTML that Python writes (list
rows, cards, form fields): all of a fragment's texts in one lookup per catalogue;
:class:`PerCatalogue` keeps any other value made from the translations (a form's
labels) the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.globals import _cv_app
from flask_babel import Babel, Domain, get_translations
from flask_babel import gettext as babel_gettext
from flask_babel.speaklater import LazyString
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.utils import cached_property

#: Finished template texts kept at most (catalogues x texts x escaping: a few thousand
#: in practice); past it the memo starts again rather than grow.
TEMPLATE_TEXTS_KEPT = 50_000

#: Lazy labels' texts kept at most (catalogues x labels: a few thousand in practice).
LAZY_TEXTS_KEPT = 20_000

#: Catalogues a ``PerCatalogue`` keeps what it made for: one per language, a few more when a
#: catalogue is reloaded in development.
FRAGMENT_CATALOGUES_KEPT = 16


class RequestCachedDomain(Domain):
    """``Domain`` whose ``get_translations`` answers from a per-request slot."""

    def get_translations(self):
        context = babel_context()
        kept = _kept_translations(context, self)
        if kept is not None:
            return kept
        translations = super().get_translations()
        context = babel_context()
        locale = getattr(context, "babel_locale", None)
        if locale is not None:
            context.werkbrug_translations = (self, locale, translations)
        return translations


def _kept_translations(context, domain=None):
    """The catalogue ``RequestCachedDomain`` kept in Flask-Babel's per-request
    namespace ``context``, while it still belongs to the request's locale object
    (Flask-Babel keeps one per request until ``refresh()`` or ``force_locale``), and
    to ``domain`` when one is given; else None."""
    found = getattr(context, "werkbrug_translations", None)
    if (found is not None and (domain is None or found[0] is domain)
            and found[1] is getattr(context, "babel_locale", None)):
        return found[2]
    return None


def _app_globals():
    """The application context's ``g``, None outside one: what ``flask.g`` stands for,
    without its proxy (a few microseconds at each of the several hundred lookups of a
    suggestion page)."""
    context = _cv_app.get(None)
    return None if context is None else context.g


def babel_context():
    """Flask-Babel's per-request namespace on ``g`` (None outside an application
    context, or before Flask-Babel made it)."""
    app_globals = _app_globals()
    return None if app_globals is None else app_globals.get("_flask_babel")


def request_translations():
    """The request's catalogue straight from ``RequestCachedDomain``'s slot (one lookup
    of ``g`` instead of Flask-Babel's six), else found as Flask-Babel finds it."""
    kept = _kept_translations(babel_context())
    return kept if kept is not None else get_translations()


def gettext(text: str, **variables) -> str:
    """Flask-Babel's ``gettext``, the same text: translated in the request's language,
    formatted with ``variables`` when there are any."""
    if _app_globals() is None:  # no application context: Flask-Babel answers untranslated
        return babel_gettext(text, **variables)
    return translate(request_translations(), text, **variables)


def translate(catalogue, text: str, **variables) -> str:
    """``text`` from ``catalogue``, formatted with ``variables`` as ``gettext`` does:
    for callers that found the request's catalogue once for many texts."""
    translated = catalogue.ugettext(text)
    return translated % variables if variables else translated


_lazy_texts: dict = {}


def lazy_text(label) -> str:
    """``str(label)``: a lazy label's text in the request's language, kept per
    catalogue, or any other value as text. Meant for labels made once, at import: each
    kept text holds on to its label, so an id is never mistaken for another's."""
    if not isinstance(label, LazyString) or _app_globals() is None:
        return str(label)
    key = (request_translations(), id(label))
    found = _lazy_texts.get(key)
    if found is not None and found[0] is label:
        return found[1]
    if len(_lazy_texts) >= LAZY_TEXTS_KEPT:
        _lazy_texts.clear()
    text = str(label)
    _lazy_texts[key] = (label, text)
    return text


class PerCatalogue:
    """What ``make()`` gives, made once per catalogue of the request's language (texts a
    page shows dozens of times, such as a form's labels). Shared: callers must not
    change what they get."""

    def __init__(self, make: Callable[[], Any]):
        self._make = make
        self._by_catalogue: dict = {}

    def __call__(self):
        catalogue = request_translations()
        found = self._by_catalogue.get(catalogue)
        if found is None:
            if len(self._by_catalogue) >= FRAGMENT_CATALOGUES_KEPT:
                self._by_catalogue.clear()
            found = self._by_catalogue[catalogue] = self._make()
        return found


class FragmentTexts(PerCatalogue):
    """The interface texts of a fragment of HTML that Python writes, in the request's
    language, translated once per catalogue.

    Made once, at import, from lazy labels (``_l``, so that ``pybabel extract`` finds
    them): ``FragmentTexts(score=_l("score %(score)s of 1"), ...)``. Called during a
    request, it gives every text by its key as the templates' ``_()`` gives it: our
    own catalogue marked safe; a text without variables formatted already (``%%``
    reads ``%``), one with ``%(name)s`` left for the caller to fill in with ``%``,
    which escapes the values."""

    def __init__(self, **texts: LazyString):
        super().__init__(lambda: {key: _as_template_text(str(label))
                                  for key, label in texts.items()})


def _as_template_text(translated: str) -> Markup:
    """A translation as Jinja's newstyle ``_()`` writes it, its variables still open."""
    text = Markup(translated)  # noqa: S704 - our own catalogue, as Jinja does
    return text if "%(" in translated else text % {}


def _finished(translations, text: str, autoescape: bool, variables: dict):
    """What Jinja's newstyle gettext makes of ``text``: translated, marked safe when the
    template escapes, and always formatted (so "%%" reads "%" with or without values)."""
    translated = translations.ugettext(text)
    if autoescape:
        translated = Markup(translated)  # noqa: S704 - our own catalogue, as Jinja does
    return translated % variables


def template_gettext():
    """The templates' ``gettext`` (and ``_``): Jinja's newstyle behaviour, with texts
    without variables kept per catalogue object (Flask-Babel keeps one per locale)."""
    kept: dict = {}

    @pass_context
    def gettext(context, text: str, **variables):
        translations = request_translations()
        autoescape = context.eval_ctx.autoescape
        if variables:
            return _finished(translations, text, autoescape, variables)
        key = (translations, text, autoescape)
        found = kept.get(key)
        if found is None:
            if len(kept) >= TEMPLATE_TEXTS_KEPT:
                kept.clear()
            found = kept[key] = _finished(translations, text, autoescape, {})
        return found

    return gettext


class CachingBabel(Babel):
    """Flask-Babel's ``Babel`` with the request-cached domain and the templates'
    remembering ``gettext``."""

    def init_app(self, app, *args, **kwargs):
        super().init_app(app, *args, **kwargs)
        # ``_`` too: Jinja's own ``_`` looks ``gettext`` up in the context at each call.
        app.jinja_env.globals["gettext"] = app.jinja_env.globals["_"] = template_gettext()

    @cached_property
    def domain_instance(self):
        return RequestCachedDomain(domain=self.domain)
