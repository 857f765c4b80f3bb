"""Bulk records in the interchange format: JSON Lines, one object per line, told apart
by ``"type"`` (``schema.RECORD_TYPES``; described in ``docs/records.md``).

``flask records import FILE`` checks the whole file first and writes nothing when any
line is wrong; ``flask records export`` writes the same format back. Admins can also
upload a file in the site (``routes.py``, ``/admin/imports/``, with its blueprint): it
is kept in ``record_import`` (``models.py``) and imported by a job
(``operations.run_import``).
"""
