"""The site's Jinja environment: Flask's, with template globals whose names Jinja can
compare in C.

Every ``{% from "macros/..." import ... %}`` of a page asks Jinja whether the importing
template knows globals the macro file does not (then the file is run again with them):
``context.globals_keys - template.globals.keys()``. A template's globals are a
``ChainMap`` (its own over the environment's), and a set minus a ChainMap's key view
goes through Python's abstract-set code, one ``in`` of the ChainMap per name: about
50 microseconds per import with the site's 25 globals, and a page imports several macro
files. :class:`TemplateGlobals` answers ``keys()`` with a set of the same names, which
the set difference takes in a microsecond or two.
"""

from __future__ import annotations

from collections import ChainMap

from flask import Flask
from flask.templating import Environment


class TemplateGlobals(ChainMap):
    """A template's globals (``Environment.make_globals``) whose ``keys()`` is a set."""

    def keys(self):
        # A snapshot, not a live view: Jinja asks once per import, and globals are
        # never changed while a page renders.
        return set().union(*self.maps)


class TemplateEnvironment(Environment):
    """Flask's environment with :class:`TemplateGlobals` for every template."""

    def make_globals(self, d):
        return TemplateGlobals({} if d is None else d, self.globals)


class WerkbrugFlask(Flask):
    """The app class: Flask with :class:`TemplateEnvironment`."""

    jinja_environment = TemplateEnvironment
