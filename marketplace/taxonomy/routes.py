"""Search pages and htmx fragments for the reference data, under ``/taxonomy``.

* ``GET /taxonomy/occupations?q=`` and ``GET /taxonomy/skills?q=``: a plain search page
  (a GET form; works without JavaScript). With the ``HX-Request`` header the answer is
  only the results fragment, for htmx autocomplete: a ``<ul>`` whose items carry
  ``data-value`` (the ESCO URI) and ``data-label``, plus an out-of-band update of the
  element ``#taxonomy-result-count`` (a persistent ``aria-live`` region) when the page
  has one.
* With ``as=options`` the answer is the ``<option>`` elements of a picker's
  ``<datalist>`` (see ``marketplace/taxonomy/fields.py``); ``field`` names the query
  parameter that holds the typed text.
* ``GET /taxonomy/postcodes/<code>`` (or ``/taxonomy/postcodes?postcode=``): the place
  names of a Belgian postcode as a small HTML fragment, or as JSON when asked for
  (``Accept: application/json`` or ``?format=json``).

Views stay thin: parse the request, call ``queries``, render.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l

from marketplace.accounts.permissions import Permission
from marketplace.security import requires
from marketplace.taxonomy.queries import get_postcode, search_occupations, search_skills
from marketplace.web.i18n import current_language

bp = Blueprint("taxonomy", __name__, url_prefix="/taxonomy")

PAGE_LIMIT = 25
FRAGMENT_LIMIT = 10
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class SearchPage:
    """The words and endpoint of one search page."""

    endpoint: str
    title: object
    intro: object
    field_label: object
    hint: object


SEARCH_PAGES = {
    "occupations": SearchPage(
        endpoint="taxonomy.occupations",
        title=_l("Find an occupation"),
        intro=_l("Occupations come from ESCO, the European list of occupations and skills."),
        field_label=_l("Occupation"),
        hint=_l("Type a job title in Dutch or English. Spelling mistakes are allowed."),
    ),
    "skills": SearchPage(
        endpoint="taxonomy.skills",
        title=_l("Find a skill"),
        intro=_l("Skills come from ESCO. The skills most asked in Antwerp also have a Dutch "
                 "name; the others are in English."),
        field_label=_l("Skill"),
        hint=_l("Type a skill in Dutch or English, for example: forklift, cleaning, "
                "customer service."),
    ),
}

SKILL_KIND_LABELS = {
    "group": _l("Skill group"),
    "skill": _l("Skill"),
    "transversal": _l("Transversal skill"),
    "language": _l("Language skill"),
    "ict": _l("Digital skill"),
}


@bp.get("/occupations")
@requires(Permission.SEARCH_TAXONOMY)
def occupations():
    q = _query()
    limit = FRAGMENT_LIMIT if _is_htmx() else PAGE_LIMIT
    results = search_occupations(q, current_language(), limit=limit) if q else []
    return _render_search("occupations", q, results)


@bp.get("/skills")
@requires(Permission.SEARCH_TAXONOMY)
def skills():
    q = _query()
    limit = FRAGMENT_LIMIT if _is_htmx() else PAGE_LIMIT
    results = search_skills(q, current_language(), limit=limit) if q else []
    return _render_search("skills", q, results)


@bp.get("/postcodes", defaults={"code": None})
@bp.get("/postcodes/<code>")
@requires(Permission.SEARCH_TAXONOMY)
def postcode(code: str | None):
    field = request.args.get("field") or "postcode"  # a form's postcode input, by name
    code = (code or request.args.get(field) or request.args.get("code") or "").strip()
    found = get_postcode(code)
    if _wants_json():
        if found is None:
            return jsonify(error="not_found", code=code), 404
        return jsonify(
            code=found.code,
            municipality=found.municipality,
            places=found.places.split(", "),
            latitude=found.latitude,
            longitude=found.longitude,
        )
    # htmx only swaps 2xx answers: it gets 200 so that "unknown" replaces an old name.
    status = 200 if found is not None or _is_htmx() else 404
    response = make_response(render_template("taxonomy/_postcode.html", postcode=found), status)
    response.vary.add("HX-Request")
    return response


def _render_search(kind: str, q: str, results: list):
    if request.args.get("as") == "options":
        template = "taxonomy/_options.html"  # the <option>s of a picker's datalist
    elif _is_htmx():
        template = "taxonomy/_results.html"
    else:
        template = "taxonomy/search.html"
    response = make_response(
        render_template(
            template,
            kind=kind,
            page=SEARCH_PAGES[kind],
            q=q,
            results=results,
            skill_kinds=SKILL_KIND_LABELS,
        )
    )
    response.vary.add("HX-Request")
    return response


def _query() -> str:
    """The search text: ``q``, or the parameter a picker names in ``field`` (htmx sends
    the picker's input under the input's own name)."""
    name = request.args.get("field") or "q"
    return request.args.get(name, "").strip()[:MAX_QUERY_LENGTH]


def _is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def _wants_json() -> bool:
    if request.args.get("format") == "json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"
