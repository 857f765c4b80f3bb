"""The examples in the app's docstrings (``>>>``) hold: a docstring that shows a wrong
result misleads the next reader more than no example at all."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "marketplace"
WITH_EXAMPLES = sorted(
    ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    for path in PACKAGE.rglob("*.py") if ">>> " in path.read_text()
)


def test_the_app_has_docstring_examples():
    assert "marketplace.taxonomy.label_text" in WITH_EXAMPLES


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_the_examples_of_the_module_hold(app, name):
    with app.test_request_context():  # some examples show interface texts
        results = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert results.failed == 0, f"{name}: {results.failed} of {results.attempted} failed"
