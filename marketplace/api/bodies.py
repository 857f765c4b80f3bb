"""Helpers of the resources' request bodies: the PATCH model of a full body, the
check of a merged body, and the ESCO URIs the contract's examples use.

A ``PATCH`` body has every field of the full body, each optional, with the same
constraints (:func:`partial_model`); the view merges it over the stored values and
checks the result as a full body (:func:`validated`), so one set of rules holds.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from marketplace.api.problems import ApiProblem, validation_errors
from marketplace.api.spec import StrictModel

#: ESCO URIs for the examples of the contract (a forklift driver, teamwork).
EXAMPLE_OCCUPATION = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"
EXAMPLE_SKILL = "http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0"


def _optional(field) -> Any:
    """The field's type with its constraints, or null."""
    if field.metadata:
        return Annotated[(field.annotation, *field.metadata)] | None
    return field.annotation | None


def partial_model(name: str, full: type[BaseModel], example: dict) -> type[StrictModel]:
    """A model with every field of ``full``, each optional (default null)."""
    base = type(f"_{name}Base", (StrictModel,), {
        "model_config": ConfigDict(json_schema_extra={"examples": [example]}),
        "__module__": __name__})
    return create_model(
        name, __base__=base,
        __doc__="The fields to change; the others keep their values. `null` empties a field.",
        **{field_name: (_optional(field), Field(None, description=field.description))
           for field_name, field in full.model_fields.items()},
    )


def validated(full: type[BaseModel], values: dict[str, Any]):
    """``values`` checked as a ``full`` body; a 422 problem at each field otherwise."""
    try:
        return full.model_validate(values)
    except ValidationError as error:
        raise ApiProblem(422, errors=validation_errors(
            error.errors(include_url=False), "body")) from None
