"""Each domain's models configure on their own, outside the app.

Inside the app ``marketplace/models.py`` imports every model, so a relationship that
names a class by a string always finds it there. A script or a worker that imports
one domain's models (``import marketplace.news`` and then a query) would instead get
a mapper error when a named class was never imported: the module that declares the
relationship must import the class it names (or name a class of its own module).
"""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

from sqlalchemy.orm import configure_mappers

import marketplace.models  # noqa: F401 - every mapped class, to list their modules
from marketplace.extensions import db

ROOT = Path(__file__).resolve().parent.parent

#: Every module that maps a class, as ``marketplace/models.py`` gathers them.
MODEL_MODULES = sorted({mapper.class_.__module__ for mapper in db.Model.registry.mappers})

#: A package imported on its own by scripts (the case that was reported; its pages were
#: then loaded with it), and those pages on their own.
OTHER_ENTRIES = ("marketplace.news", "marketplace.news.routes")


def test_the_model_modules_are_the_domains_models():
    # The list is derived, so it must find the domains (not an empty registry).
    assert "marketplace.audit.models" in MODEL_MODULES
    assert "marketplace.apitokens.models" in MODEL_MODULES
    assert len(MODEL_MODULES) >= 15


def test_each_models_module_configures_the_mappers_in_a_fresh_interpreter():
    modules = [*MODEL_MODULES, *OTHER_ENTRIES]
    # A new interpreter (tests/fresh_imports.py) forks one child per module, each
    # without any module of the application loaded.
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-m", "tests.fresh_imports", *modules],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    errors = json.loads(result.stdout)
    assert sorted(errors) == sorted(modules)
    assert {module: error for module, error in errors.items() if error} == {}


def _binds(module: types.ModuleType, target: type) -> bool:
    """Whether ``module`` imported ``target`` or the module that maps it."""
    home = sys.modules[target.__module__]
    return any(value is target or value is home for value in vars(module).values())


def test_a_relationship_names_by_string_only_a_class_its_module_imports():
    configure_mappers()
    unresolved = []
    for mapper in db.Model.registry.mappers:
        owner = sys.modules[mapper.class_.__module__]
        for relation in mapper.relationships:
            if relation.parent is not mapper or not isinstance(relation.argument, str):
                continue
            target = relation.entity.class_
            if target.__module__ != owner.__name__ and not _binds(owner, target):
                unresolved.append(f"{mapper.class_.__name__}.{relation.key} -> {target.__name__}")
    assert unresolved == []
