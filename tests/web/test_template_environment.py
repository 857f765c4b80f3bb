"""The site's Jinja environment imports macro files as Jinja does, with globals whose
names are compared as a set (``marketplace.web.template_environment``)."""

from __future__ import annotations

from jinja2 import DictLoader

from marketplace.web.template_environment import TemplateEnvironment, TemplateGlobals


def test_every_template_gets_globals_whose_keys_are_a_set(app):
    template = app.jinja_env.get_template("macros/tables.html")
    assert isinstance(app.jinja_env, TemplateEnvironment)
    assert isinstance(template.globals, TemplateGlobals)
    assert template.globals.keys() == set(app.jinja_env.globals)


def test_an_import_sees_the_importers_own_globals_as_jinja_promises(app):
    """A template loaded with globals of its own passes them to the macro file it
    imports (Jinja runs the file again for it); one without them gets the kept module."""
    environment = app.jinja_env.overlay(loader=DictLoader({
        "macros.html": "{% macro hello() %}{{ greeting | default('none') }}{% endmacro %}",
        "page.html": '{% from "macros.html" import hello %}[{{ hello() }}]',
    }))
    plain = environment.get_template("page.html")
    assert plain.render() == "[none]"
    own = environment.get_template("page.html", globals={"greeting": "dag"})
    assert own.render() == "[dag]"
    assert environment.get_template("macros.html").module is (
        environment.get_template("macros.html").module)


def test_keys_are_the_names_of_every_map():
    globals_ = TemplateGlobals({"a": 1}, {"b": 2, "a": 3})
    assert globals_.keys() == {"a", "b"}
    assert dict(globals_) == {"a": 1, "b": 2}
