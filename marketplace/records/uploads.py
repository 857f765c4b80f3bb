"""What an uploaded records file must be before it is kept for the import job: the
rule the admins' upload form and the API's imports share."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: The starts of compressed, archived or office files, which are never JSON Lines.
BINARY_STARTS = (b"\x1f\x8b", b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"BZh", b"7z\xbc\xaf")


def upload_problem(data: bytes):
    """Why ``data`` cannot be a records file (empty, binary, not UTF-8), as a
    translatable message; None when it can be imported (the import checks each line)."""
    if not data.strip():
        return _l("The file is empty.")
    if data.startswith(BINARY_STARTS) or b"\x00" in data:
        return _l("This is not a records file: choose a JSON Lines file (.jsonl).")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _l("The file is not UTF-8 text: save it as UTF-8 and upload it again.")
    return None
