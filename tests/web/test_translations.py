"""Every string a person reads has a Dutch translation (English is the source text)."""

from __future__ import annotations

from babel.messages.pofile import read_po

from marketplace.translations_catalog import CATALOG, extracted_messages


def _catalog():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="nl")


def test_every_message_has_a_dutch_translation():
    catalog = _catalog()
    missing = []
    for msgid, where in sorted(extracted_messages().items()):
        entry = catalog.get(msgid)
        translated = entry is not None and (
            all(entry.string) if isinstance(entry.string, tuple) else bool(entry.string)
        )
        if not translated or (entry is not None and entry.fuzzy):
            missing.append(f"{where}: {msgid!r}")
    assert not missing, "missing Dutch translations:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]")
    catalog = _catalog()
    wrong = [
        entry.id
        for entry in catalog
        if entry.id
        and isinstance(entry.id, str)
        and entry.string
        and sorted(placeholder.findall(entry.id)) != sorted(placeholder.findall(entry.string))
    ]
    assert not wrong
