"""The interface texts of both languages, read from the Dutch catalogue.

Journeys find buttons and links by their visible text in the language under test
(``text("nl", "Log in")`` is "Inloggen"), and the language check knows which words
belong to only one of the two languages.
"""

from __future__ import annotations

import re
from functools import cache

from babel.messages.pofile import read_po

from marketplace.translations_catalog import CATALOG

LANGUAGES = ("nl", "en")

#: Placeholders and markup are not words of either language.
_NOT_WORDS = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]*>")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def words(text: str) -> set[str]:
    """The lower-cased words of ``text`` (letters only; "collega's" is one word).

    A single letter is not a word of either language: on a page it is a code (NACE
    section "I", CEFR level "A2"), an initial or the "s" of "'s avonds", the same in
    Dutch and English. Two letters already make words that tell the languages apart
    ("je", "op", "to", "or"), so those count.
    """
    found = _WORD.findall(_NOT_WORDS.sub(" ", text))
    return {word.lower() for word in found if len(word) >= 2}


@cache
def _translations() -> dict[str, tuple[str, ...]]:
    """English msgid (the singular of a plural) -> its Dutch msgstr forms."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="nl")
    found = {}
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        found[msgid] = tuple(forms)
    return found


def _dutch(msgid: str) -> tuple[str, ...]:
    forms = _translations().get(msgid)
    if not forms or not all(forms):
        raise KeyError(f"no Dutch translation for {msgid!r} in {CATALOG}")
    return forms


def text(lang: str, msgid: str, **values) -> str:
    """What the interface shows for ``msgid`` in ``lang``, with ``values`` filled in."""
    shown = msgid if lang == "en" else _dutch(msgid)[0]
    return shown % values if values else shown


def plural_text(lang: str, singular: str, plural: str, num: int, **values) -> str:
    """``ngettext`` in ``lang``: Dutch and English both use the singular for 1 only."""
    if lang == "en":
        shown = singular if num == 1 else plural
    else:
        shown = _dutch(singular)[0 if num == 1 else 1]
    return shown % {"num": num, **values}


@cache
def distinctive_words() -> dict[str, frozenset[str]]:
    """For each language, the words its interface texts use and the other's never do.

    Built from the catalogue alone: English words from every msgid, Dutch words from
    every msgstr. A word in both (``status``, ``sector``, ``in``) belongs to neither.
    So a correctly translated page can never trip the check through its own
    interface texts; it trips only on a text of the other language, or on data that
    is not marked as data (``translate="no"`` or a ``lang`` attribute).
    """
    english: set[str] = set()
    dutch: set[str] = set()
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="nl")
    for message in catalog:
        if not message.id:
            continue
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            english |= words(msgid)
        for msgstr in message.string if isinstance(message.string, tuple) else (message.string,):
            dutch |= words(msgstr or "")
    return {"en": frozenset(english - dutch), "nl": frozenset(dutch - english)}
