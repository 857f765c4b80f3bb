"""Extracting the translatable messages of the project, the way ``pybabel`` does.

Used by ``scripts/dev messages`` (through pybabel with babel.cfg) and by the test that
fails when a Dutch translation is missing.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "ungettext": (1, 2),  # a plural whose places are filled later (as pybabel finds it)
    "lazy_gettext": None,
    "_l": None,
    "lazy_ngettext": (1, 2),
}
METHOD_MAP = [
    ("marketplace/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]
CATALOG = ROOT / "marketplace" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"


def extracted_messages() -> dict[str, str]:
    """Every msgid (singular form for plurals) in the code and templates, with one
    place it comes from."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHOD_MAP, keywords=KEYWORDS, options_map={"**.html": {}, "**.txt": {}}
    ):
        # A plural message is keyed in the catalogue by its singular form.
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found
