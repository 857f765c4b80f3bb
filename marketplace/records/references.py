"""What the lines of a file point to: organisations, coaches, ESCO occupations and
skills, postcodes, languages, loaded once from the database and checked before anything
is written.

An organisation record is the row with its ref, else the row with its name compared
without case (as the site's forms compare names); a name another row already has is a
problem of its line, not a failed write.
"""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.lifecycle import count_people_held
from marketplace.accounts.models import Organisation, User
from marketplace.accounts.operations import people_held_by
from marketplace.accounts.roles import OrganisationKind, Role
from marketplace.extensions import db
from marketplace.matching.operations import title_resolver
from marketplace.opportunities.vocab import kinds_for
from marketplace.records.reader import ParsedFile, Problem
from marketplace.taxonomy.models import Language, Occupation, Postcode, Skill

KIND_OF_ROLE = {
    "employer": OrganisationKind.EMPLOYER,
    "partner": OrganisationKind.PARTNER,
    "federation": OrganisationKind.FEDERATION,
    "admin": OrganisationKind.ADMIN_BODY,
    "training_provider": OrganisationKind.TRAINING_PROVIDER,
}


class References:
    """What the file may point to, loaded once from the database."""

    def __init__(self, parsed: ParsedFile):
        rows = db.session.execute(
            select(Organisation.id, Organisation.ref, Organisation.name, Organisation.kind)
        ).all()
        #: Ref (of the database, or of a file record that matches a row) -> id.
        self.organisations = {row.ref: row.id for row in rows}
        self.organisation_refs = {row.id: row.ref for row in rows}
        self.organisation_by_name = {row.name.lower(): row.id for row in rows}
        self.kind_of_organisation = {row.id: row.kind for row in rows}
        # A file record is the row with its ref, else the row with its name: names that
        # differ only in case are one organisation, as in the site's forms.
        self.file_organisations: dict[str, int] = {}
        self.organisation_kinds = {row.ref: row.kind for row in rows}
        for _line, record in parsed.records["organisation"]:
            id_ = self.organisations.get(record.ref)
            if id_ is None:
                id_ = self.organisation_by_name.get(record.name.lower())
            if id_ is not None:
                self.file_organisations[record.ref] = id_
                self.organisations[record.ref] = id_
            self.organisation_kinds[record.ref] = KIND_OF_ROLE[record.role]
        users = db.session.execute(
            select(User.email, User.id, User.role, User.organisation_id)).all()
        self.coaches = {row.email: (row.id, row.role) for row in users}
        #: User id -> the organisation the user is in now.
        self.user_organisations = {row.id: row.organisation_id for row in users}
        self.file_coaches = {
            record.email.lower(): record for _line, record in parsed.records["coach"]
        }
        self.occupations = dict(db.session.execute(select(Occupation.uri, Occupation.id)).all())
        self.skills = dict(db.session.execute(select(Skill.uri, Skill.id)).all())
        self.postcodes = set(db.session.scalars(select(Postcode.code)))
        self.languages = set(db.session.scalars(select(Language.code)))
        self._resolver = None
        self._resolved: dict[str, int | None] = {}

    def occupation_for(self, uri_or_title: str) -> int | None:
        """An ESCO URI as given, else the occupation a typed title names (or None)."""
        if uri_or_title.startswith("http://data.europa.eu/esco/"):
            return self.occupations.get(uri_or_title)
        if uri_or_title not in self._resolved:
            if self._resolver is None:
                self._resolver = title_resolver()
            found = self._resolver.resolve(uri_or_title)
            self._resolved[uri_or_title] = found.occupation_id if found else None
        return self._resolved[uri_or_title]


def check_references(parsed: ParsedFile, ref: References, warnings: list[Problem]) -> list[Problem]:
    """The problems of what the lines point to, by line; what is only left out (a
    title that names no occupation) goes to ``warnings``."""
    problems: list[Problem] = []

    def need(line: int, ok: bool, message: str) -> None:
        if not ok:
            problems.append(Problem(line, message))

    first_line_of: dict[object, int] = {}
    for line, record in parsed.records["organisation"]:
        need(
            line,
            record.postcode is None or record.postcode in ref.postcodes,
            f"organisation: unknown postcode {record.postcode}",
        )
        target = ref.file_organisations.get(record.ref)
        known_kind = ref.kind_of_organisation.get(target)
        need(
            line,
            known_kind is None or known_kind == KIND_OF_ROLE[record.role],
            f"organisation {record.ref!r}: its role cannot change",
        )
        owner = ref.organisation_by_name.get(record.name.lower())
        need(
            line,
            owner is None or owner == target,
            f"organisation {record.ref!r}: the name {record.name!r} is already organisation "
            f"{ref.organisation_refs.get(owner)!r}",
        )
        # As on the site (accounts.operations.update_organisation): none of its users
        # can log in once it is inactive, so its caseloads go to colleagues first.
        leaving = (db.session.get(Organisation, target)
                   if record.active is False and target is not None else None)
        held = people_held_by(leaving.users) if leaving is not None and leaving.is_active else 0
        need(
            line,
            not held,
            f"organisation {record.ref!r}: deactivated with {held} candidate(s) still in "
            "its coaches' caseloads: hand them over on the site first",
        )
        for key in (("name", record.name.lower()), ("row", target)):
            first = first_line_of.setdefault(key, line)
            need(
                line,
                key[1] is None or first == line,
                f"organisation {record.ref!r}: the same organisation as on line {first} "
                "(names that differ only in case are one organisation)",
            )
    for line, record in parsed.records["coach"]:
        need(
            line,
            ref.organisation_kinds.get(record.organisation) == OrganisationKind.PARTNER,
            f"coach: organisation {record.organisation!r} is not a partner in the file "
            "or the database",
        )
        existing = ref.coaches.get(record.email.lower())
        need(
            line,
            existing is None or existing[1] == Role.COACH,
            f"coach: {record.email} is already a user with another role",
        )
        moving = (existing is not None and ref.user_organisations[existing[0]]
                  != ref.organisations.get(record.organisation))
        # As on the site (accounts.operations.update_user): the caseload is the
        # organisation's, so it goes to a colleague before the coach moves.
        held = count_people_held(db.session.get(User, existing[0])) if moving else 0
        need(
            line,
            not held,
            f"coach: {record.email} moves to organisation {record.organisation!r} with "
            f"{held} candidate(s) still in their caseload: hand them over on the site first",
        )
    for line, record in parsed.records["opportunity"]:
        owner_kind = ref.organisation_kinds.get(record.organisation)
        need(
            line,
            record.kind in kinds_for(owner_kind and str(owner_kind)),
            f"opportunity: organisation {record.organisation!r} is not in the file or the "
            f"database as an organisation that offers a {record.kind}",
        )
        for uri in record.further_occupations or ():
            need(line, uri in ref.occupations,
                 f"opportunity: further occupation {uri} is not in ESCO")
        need(
            line,
            record.postcode in ref.postcodes,
            f"opportunity: unknown postcode {record.postcode}",
        )
        occupation = ref.occupation_for(record.occupation or record.title)
        need(
            line,
            occupation is not None,
            f"opportunity: occupation {record.occupation!r} is not an ESCO occupation"
            if record.occupation
            else f"opportunity: title {record.title!r} names no ESCO occupation; add 'occupation'",
        )
        _check_languages_and_skills(
            line, record.languages, [s.uri for s in record.skills], ref, need, "opportunity"
        )
    for line, record in parsed.records["candidate"]:
        coach = record.coach.lower()
        in_file = coach in ref.file_coaches
        known = ref.coaches.get(coach)
        need(
            line,
            in_file or (known is not None and known[1] == Role.COACH),
            f"candidate: coach {record.coach} is not a coach in the file or the database",
        )
        need(
            line, record.postcode in ref.postcodes, f"candidate: unknown postcode {record.postcode}"
        )
        for entry in record.consent_records or ():
            for email in (entry.recorded_by, entry.withdrawn_by):
                need(line, email is None or email.lower() in ref.coaches
                     or email.lower() in ref.file_coaches,
                     f"candidate: consent recorded by {email}, who is not a user in the file "
                     "or the database")
        _check_languages_and_skills(
            line, record.languages, [s.uri for s in record.skills], ref, need, "candidate"
        )
        for entry in record.experience:
            if entry.occupation is not None:
                need(
                    line,
                    entry.occupation in ref.occupations,
                    f"candidate: experience occupation {entry.occupation} is not in ESCO",
                )
            elif ref.occupation_for(entry.title) is None:
                warnings.append(
                    Problem(
                        line,
                        f"candidate: experience {entry.title!r} names no ESCO occupation; left out",
                    )
                )
        for wish in record.wishes.occupations:
            if wish.startswith("http://data.europa.eu/esco/"):
                need(
                    line,
                    wish in ref.occupations,
                    f"candidate: wished occupation {wish} is not in ESCO",
                )
            elif ref.occupation_for(wish) is None:
                warnings.append(
                    Problem(line, f"candidate: wish {wish!r} names no ESCO occupation; left out")
                )
    return problems


def _check_languages_and_skills(line, languages, skill_uris, ref, need, kind) -> None:
    for language in languages:
        need(line, language.code in ref.languages, f"{kind}: unknown language code {language.code}")
    for uri in skill_uris:
        need(line, uri in ref.skills, f"{kind}: skill {uri} is not in ESCO")
