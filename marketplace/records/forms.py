"""The admins' upload of a records file (JSON Lines) for an import job."""

from __future__ import annotations

import os

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import ValidationError

from marketplace.records.uploads import upload_problem
from marketplace.web.once_only import SubmissionTokenField

#: File names the interchange format is written to (JSON Lines; plain text).
ALLOWED_EXTENSIONS = (".jsonl", ".ndjson", ".json", ".txt")


class RecordsUploadForm(FlaskForm):
    #: One-time token: a second send of the form makes nothing (``web/once_only``).
    submission_token = SubmissionTokenField()

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
        problem = upload_problem(data)
        if problem is not None:
            raise ValidationError(problem)
        self.data_bytes = data

    @property
    def filename(self) -> str:
        return os.path.basename(self.records_file.data.filename)
