"""Every import of the app's code sits at the top of its module.

An import placed inside a function to dodge an import cycle means the code is in the
wrong place (docs/contributing.md): the cycle is to be broken by moving code, as
``accounts/roles.py`` and ``accounts/permissions.py`` broke the one between access
control and the audit log.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "marketplace"


def imports_inside_functions(source: str) -> list[int]:
    """Line numbers of the imports inside a function or method of ``source``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines.extend(inner.lineno for inner in ast.walk(node)
                         if isinstance(inner, ast.Import | ast.ImportFrom))
    return sorted(set(lines))


def test_the_check_finds_an_import_in_a_function():
    assert imports_inside_functions("import os\n\ndef f():\n    import sys\n") == [4]
    assert imports_inside_functions("import os\n\nclass A:\n    x = 1\n") == []


def test_no_module_of_the_app_imports_inside_a_function():
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line in imports_inside_functions(path.read_text())
    ]
    assert found == []
