"""What the caseload page's filter offers, read in one statement.

The filter lists the occupations the candidates of the list wish for and the
municipalities where they live; the page also says how many candidates the list holds.
These were three statements over the same rows (and the count a fourth when the page
was full): one ``UNION ALL`` now answers all three, each row marked with its part.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, String, case, cast, func, literal, null, select, union_all

from marketplace.accounts.models import User
from marketplace.candidates.models import Candidate, CandidateWishedOccupation
from marketplace.candidates.queries import MINE, _scope
from marketplace.extensions import db
from marketplace.taxonomy.models import Occupation, Postcode

#: The parts of the statement, in the order it returns them.
_OCCUPATION, _MUNICIPALITY, _COUNT = 1, 2, 3


@dataclass
class CaseloadOptions:
    """The filter's choices for one list (``MINE`` or ``SHARED``) of one coach."""

    #: Id and label in the reader's language of each wished occupation, in no order.
    occupations: list[tuple[int, str]]
    #: The municipalities where the candidates live, in the database's order.
    municipalities: list[str]
    #: How many live candidates the list holds, before any filter.
    total: int


def caseload_filter_options(user: User, scope: str = MINE, locale: str = "nl") -> CaseloadOptions:
    """The wished occupations (id and label in ``locale``; only those two columns: a
    caseload of 2,000 wishes for over a thousand occupations, and whole rows made this
    list cost more than the rest of the page), the municipalities and the number of
    candidates of the list, in one statement."""
    where = _scope(user, scope)
    label = Occupation.label_en if locale == "en" else Occupation.label_nl
    occupations = select(
        literal(_OCCUPATION).label("part"), Occupation.id.label("number"), label.label("text")
    ).where(
        Occupation.id.in_(
            select(CandidateWishedOccupation.occupation_id)
            .join(Candidate, Candidate.id == CandidateWishedOccupation.candidate_id)
            .where(*where)
        )
    )
    municipalities = (
        select(literal(_MUNICIPALITY), cast(null(), Integer), Postcode.municipality)
        .join(Candidate, Candidate.postcode == Postcode.code)
        .where(*where)
        .distinct()
    )
    count = select(literal(_COUNT), func.count(), cast(null(), String)).select_from(
        Candidate).where(*where)
    everything = union_all(occupations, municipalities, count).subquery()
    rows = db.session.execute(
        select(everything.c.part, everything.c.number, everything.c.text).order_by(
            everything.c.part,
            # Only the municipalities are listed in the database's order; sorting the
            # occupations here too would be work thrown away (the form sorts them by
            # their label as the reader's language does).
            case((everything.c.part == _MUNICIPALITY, everything.c.text)),
        )
    ).all()
    options = CaseloadOptions(occupations=[], municipalities=[], total=0)
    for part, number, text in rows:
        if part == _OCCUPATION:
            options.occupations.append((number, text))
        elif part == _MUNICIPALITY:
            options.municipalities.append(text)
        else:
            options.total = number
    return options
