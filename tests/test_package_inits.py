"""A package's ``__init__.py`` imports nothing, so importing a package loads no page.

Every ``marketplace.x.y`` import runs ``marketplace/__init__.py`` and
``marketplace/x/__init__.py`` first. When those defined a blueprint and imported their
``routes`` (or the app factory's domains) at the bottom, importing one model or query
loaded pages that reach into most other domains, and import cycles followed. The
blueprints now live in the modules that own the pages and the factory in
``marketplace/app.py``; this keeps it so.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "marketplace"
INITS = sorted(PACKAGE.rglob("__init__.py"))


def test_the_scan_finds_the_packages():
    names = {path.parent.name for path in INITS}
    assert {"marketplace", "accounts", "api", "candidates", "web"} <= names


@pytest.mark.parametrize("path", INITS, ids=lambda path: str(path.relative_to(PACKAGE.parent)))
def test_a_package_init_holds_only_its_docstring(path):
    module = ast.parse(path.read_text(encoding="utf-8"))
    body = module.body
    if ast.get_docstring(module) is not None:
        body = body[1:]
    assert [ast.unparse(node) for node in body] == []
