"""Turning the codes and URIs of a request body into taxonomy rows, with 422 errors.

A request model checks the form of a value (an ESCO URI, four digits); whether the
occupation, skill, postcode or language exists is asked here, and every unknown one
becomes an entry of the 422 problem at its place in the body, as pydantic's own errors
are. The resources' input modules use one :class:`Lookups` per request.
"""

from __future__ import annotations

from marketplace.api.problems import ApiProblem
from marketplace.extensions import db
from marketplace.taxonomy.models import Language, NaceSection
from marketplace.taxonomy.queries import get_occupation_by_uri, get_postcode, get_skill_by_uri

Location = tuple[str | int, ...]


class Lookups:
    """Collects the problems of one request body; :meth:`raise_if_any` answers them."""

    def __init__(self) -> None:
        self.errors: list[dict] = []

    def fail(self, location: Location, message: str, code: str) -> None:
        self.errors.append({"location": ["body", *(str(part) for part in location)],
                            "message": message, "code": code})

    def raise_if_any(self) -> None:
        if self.errors:
            raise ApiProblem(422, errors=self.errors)

    def occupation(self, uri: str, location: Location):
        found = get_occupation_by_uri(uri)
        if found is None:
            self.fail(location, "No ESCO occupation has this URI.", "unknown_occupation")
        return found

    def skill(self, uri: str, location: Location):
        found = get_skill_by_uri(uri)
        if found is None:
            self.fail(location, "No ESCO skill has this URI.", "unknown_skill")
        return found

    def postcode(self, code: str, location: Location) -> str | None:
        found = get_postcode(code)
        if found is None:
            self.fail(location, "This is not a Belgian postcode.", "unknown_postcode")
            return None
        return found.code

    def language(self, code: str, location: Location) -> str | None:
        if db.session.get(Language, code) is None:
            self.fail(location, "No language has this ISO 639-1 code.", "unknown_language")
            return None
        return code

    def sector(self, code: str, location: Location) -> str | None:
        if db.session.get(NaceSection, code) is None:
            self.fail(location, "No NACE section has this letter.", "unknown_sector")
            return None
        return code
