"""Failures a person can act on, kept on the run in a form the admin reads in their
own language.

A job's run keeps the error as text (``job_run.error``). For an ``ExplainedError`` that
text is the class name and its parameters as JSON (``TooLittleData: {"rows": 12, ...}``),
and ``describe_error`` turns it back into the class's message in the reader's language
on the jobs page. Any other error is shown as it was stored.
"""

from __future__ import annotations

import json
import re

_EXPLAINED: dict[str, type[ExplainedError]] = {}
_STORED = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*): (?P<params>\{.*\})$", re.DOTALL)


class ExplainedError(Exception):
    """An error with a translatable ``message`` (``%(name)s`` parameters) and its
    parameters (plain values: numbers and short texts, never personal data)."""

    message = None  # a lazy_gettext string in each subclass

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _EXPLAINED[cls.__name__] = cls

    def __init__(self, **params):
        self.params = params
        super().__init__(json.dumps(params, sort_keys=True))

    def explain(self) -> str:
        """The message in the current language."""
        return str(self.message) % self.params


def describe_error(stored: str | None) -> str | None:
    """The text of a stored job error in the reader's language where it can be."""
    if not stored:
        return stored
    match = _STORED.match(stored)
    cls = _EXPLAINED.get(match["name"]) if match else None
    if cls is None:
        return stored
    try:
        params = json.loads(match["params"])
        return cls(**params).explain()
    except (ValueError, TypeError, KeyError):
        return stored
