"""One Dutch word for one try-out: "proefsessie" wherever a text speaks of a session,
and "Proeven van jobs" only where the kind is named (its label, of an opportunity or a
trajectory step). Not "proef", "sessie" or "proefdag" beside them."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from marketplace.translations_catalog import CATALOG, extracted_messages

#: The English name of the kind, the one text that says "Proeven van jobs".
KIND_NAME = "Job try-out"
#: Other Dutch words for a single session, which the site no longer uses.
OTHER_WORDS = re.compile(r"\b(proef|proeven van jobs|sessies?|proefdag(en)?|proefmoment(en)?)\b",
                         re.IGNORECASE)


@pytest.fixture(scope="module")
def live_messages() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """``(English forms, Dutch forms)`` of every message the code and templates use."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="nl")
    pairs = []
    for msgid in extracted_messages():
        entry = catalog.get(msgid)
        assert entry is not None, msgid  # test_translations says which are missing
        english = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        dutch = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        pairs.append((english, dutch))
    return pairs


def test_the_kind_is_named_proeven_van_jobs(live_messages):
    named = [english for english, dutch in live_messages
             if any("proeven van jobs" in text.lower() for text in dutch)]
    assert named == [(KIND_NAME,)]


def test_every_text_about_a_try_out_says_proefsessie(live_messages):
    other = [english[0] for english, dutch in live_messages
             if any(re.search(r"\btry-outs?\b", text, re.IGNORECASE) for text in english)
             and english != (KIND_NAME,)
             and not all("proefsessie" in text.lower() for text in dutch)]
    assert other == []


def test_no_dutch_text_calls_a_session_otherwise(live_messages):
    other = [(english[0], match.group(0)) for english, dutch in live_messages
             if english != (KIND_NAME,)
             for text in dutch for match in [OTHER_WORDS.search(text)] if match]
    assert other == []
