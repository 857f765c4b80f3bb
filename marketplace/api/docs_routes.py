"""The contract and its page: ``/api/v1/openapi.json`` and ``/api/v1/docs``.

Both are public: the contract is not secret, and a partner's developer reads it
before having a key. The page is our own template, rendered from the same document,
in the reader's language, without scripts from elsewhere.
"""

from __future__ import annotations

from flask import jsonify, render_template

from marketplace.api.blueprint import bp
from marketplace.api.docs_page import operations_by_tag, schemas
from marketplace.api.problems import PROBLEMS, problem_type
from marketplace.api.spec import openapi_document
from marketplace.apitokens.scopes import SCOPE_LABELS
from marketplace.security import public


@bp.get("/openapi.json")
@public
def openapi():
    return jsonify(openapi_document())


@bp.get("/docs")
@public
def docs():
    document = openapi_document()
    problems = [(status, slug, title, detail, problem_type(status))
                for status, (slug, title, detail) in sorted(PROBLEMS.items())]
    return render_template(
        "api/docs.html", document=document, groups=operations_by_tag(document),
        schemas=schemas(document), problems=problems, scopes=SCOPE_LABELS,
    )
