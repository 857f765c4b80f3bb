"""The admins' upload of a records file (JSON Lines) for an import job."""

from __future__ import annotations

import os

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import ValidationError

#: File names the interchange format is written to (JSON Lines; plain text).
ALLOWED_EXTENSIONS = (".jsonl", ".ndjson", ".json", ".txt")
#: The starts of compressed, archived or office files, which are never JSON Lines.
BINARY_STARTS = (b"\x1f\x8b", b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"BZh", b"7z\xbc\xaf")


class RecordsUploadForm(FlaskForm):
    records_file = FileField(
        _l("Records file"),
        description=_l("A JSON Lines file (.jsonl): one organisation, coach, opportunity "
                       "or candidate per line, as written by the export."),
    )

    #: The file's bytes once validated (read once, here).
    data_bytes: bytes = b""

    def validate_records_file(self, field):
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError(_l("Choose a file to upload."))
        extension = os.path.splitext(upload.filename)[1].lower()
        if extension not in ALLOWED_EXTENSIONS:
            raise ValidationError(_l("This is not a records file: choose a JSON Lines "
                                     "file (.jsonl)."))
        limit = int(current_app.config["RECORD_IMPORT_MAX_BYTES"])
        data = upload.stream.read(limit + 1)
        if len(data) > limit:
            raise ValidationError(_l("The file is too large: at most %(size)s MB.",
                                     size=f"{limit / 1_000_000:g}"))
        if not data.strip():
            raise ValidationError(_l("The file is empty."))
        if data.startswith(BINARY_STARTS) or b"\x00" in data:
            raise ValidationError(_l("This is not a records file: choose a JSON Lines "
                                     "file (.jsonl)."))
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(_l("The file is not UTF-8 text: save it as UTF-8 and "
                                     "upload it again.")) from None
        self.data_bytes = data

    @property
    def filename(self) -> str:
        return os.path.basename(self.records_file.data.filename)
