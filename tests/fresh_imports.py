"""Import modules of the application one by one, each in a process that has loaded no
module of the application before, and configure the mappers there.

Run as ``python -m tests.fresh_imports MODULE...`` in a new interpreter; it prints one
JSON object, ``{module: error or null}``. Any module of the application loads most of
the others and, before them, the libraries (scikit-learn alone takes seconds on the
project's machines). So this interpreter loads the libraries once, then forks a child
per module: each child starts without any ``marketplace`` module, so without a mapped
class, and imports only its own module before configuring. Deliberately no import of
the application at the top of this file.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback

#: The libraries the application imports (pyproject.toml's dependencies, by the names
#: the code imports); loading one less only makes the children slower, never wrong.
LIBRARIES = (
    "argon2",
    "email_validator",
    "flask",
    "flask_babel",
    "flask_limiter",
    "flask_login",
    "flask_migrate",
    "flask_sqlalchemy",
    "flask_wtf",
    "huey",
    "icalendar",
    "joblib",
    "numpy",
    "psycopg",
    "pydantic",
    "redis",
    "scipy.sparse",
    "sklearn.feature_extraction.text",
    "spectree",
    "sqlalchemy.orm",
)

#: The longest error text a child sends back (a pipe holds far more).
MAX_ERROR = 2000


def _application_loaded() -> list[str]:
    return sorted(name for name in sys.modules if name.partition(".")[0] == "marketplace")


def _configure_in_child(module: str, write_end: int) -> None:
    """In the forked child: import ``module``, configure the mappers, send back the
    error (empty when it worked) and leave without running the parent's clean-up."""
    error = ""
    try:
        importlib.import_module(module)
        from sqlalchemy.orm import configure_mappers

        configure_mappers()
    except BaseException as exc:  # report any failure of the import, whatever it is
        lines = traceback.format_exception_only(type(exc), exc)
        error = "".join(lines).strip()[-MAX_ERROR:]
    os.write(write_end, error.encode())
    os._exit(0)


def configure_each(modules: list[str], at_once: int) -> dict[str, str | None]:
    """Fork a child per module, at most ``at_once`` at a time; each module's error."""
    results: dict[str, str | None] = {}
    running: dict[int, tuple[str, int]] = {}
    waiting = list(modules)
    while waiting or running:
        while waiting and len(running) < at_once:
            module = waiting.pop(0)
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child
                os.close(read_end)
                _configure_in_child(module, write_end)
            os.close(write_end)
            running[pid] = (module, read_end)
        pid, status = os.wait()
        module, read_end = running.pop(pid)
        with os.fdopen(read_end, "rb") as answer:
            error = answer.read().decode()
        if os.waitstatus_to_exitcode(status) != 0:
            error = error or f"the child ended with {os.waitstatus_to_exitcode(status)}"
        results[module] = error or None
    return results


def main(modules: list[str]) -> int:
    for library in LIBRARIES:
        importlib.import_module(library)
    loaded = _application_loaded()
    if loaded:  # a library must not pull in the application, or no child is fresh
        print(json.dumps({"loaded before forking": loaded}))
        return 2
    print(json.dumps(configure_each(modules, at_once=os.cpu_count() or 2)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
