"""The suggestions resource: candidates of a partner's organisation for an opportunity,
and opportunities for one of its candidates, through the site's one ranking path.

Each call goes through ``suggestions.operations.show_candidates_for`` /
``show_opportunities_for``, as the suggestion pages do: dismissed pairs are left out,
the admins' switch turns the ranking off (an unranked list in a neutral order), a
ranking that fails or is too slow falls back to the unranked list, and every list is
logged with its entries and scorer version (the AI Act's record of what was shown).
The log names a person, as on the pages: for a candidate their own coach (the one who
would see the page); for an opportunity the person who made the API key. The call's
``api_call`` audit event names the key itself.
"""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from pydantic import BaseModel, Field

from marketplace.accounts.permissions import Permission
from marketplace.api.auth import api_requires, current_principal
from marketplace.api.blueprint import bp
from marketplace.api.problems import ApiProblem
from marketplace.api.spec import StrictModel, responses, spec
from marketplace.candidates.queries import organisation_candidate_or_404
from marketplace.extensions import db
from marketplace.opportunities.queries import visible_opportunity_or_404
from marketplace.suggestions.display import fit_word, lacks_must_have, plain_reasons
from marketplace.suggestions.operations import show_candidates_for, show_opportunities_for
from marketplace.web.i18n import current_language

TAGS = ("suggestions",)
MAX_SUGGESTIONS = 50


class SuggestionQuery(StrictModel):
    limit: int = Field(20, ge=1, le=MAX_SUGGESTIONS, description="How many suggestions.")


class SuggestionOut(BaseModel):
    rank: int = Field(description="1 is the best suggestion (in an unranked list: the "
                                  "neutral order, oldest first).")
    entry_id: int = Field(description="The logged suggestion: what later decisions "
                                      "link back to.")
    candidate_id: int
    opportunity_id: int
    score: float | None = Field(description="0 to 1; null in an unranked list.")
    fit: str | None = Field(description="possible, good or strong; null when unranked.")
    reasons: list[str] = Field(description="The reasons in plain sentences, in the "
                                           "language of Accept-Language (Dutch by default).")


class SuggestionListOut(BaseModel):
    """One logged suggestion list."""

    list_id: int
    scorer_version: str = Field(description="The scorer that ranked the list, or "
                                            "'unranked'.")
    ranked: bool
    unranked_because: str | None = Field(
        description="switched_off (by an admin), failed or too_slow; null when ranked.")
    eligible: int = Field(description="How many pairs met every hard requirement.")
    items: list[SuggestionOut]

    model_config = {"json_schema_extra": {"examples": [{
        "list_id": 7, "scorer_version": "cold-start-1", "ranked": True,
        "unranked_because": None, "eligible": 3, "items": [{
            "rank": 1, "entry_id": 41, "candidate_id": 12, "opportunity_id": 34,
            "score": 0.82, "fit": "strong",
            "reasons": ["Zoekt werk als heftruckchauffeur: hetzelfde beroep."]}]}]}}


def _answer(result, shown) -> SuggestionListOut:
    reasons = plain_reasons(result.entries, current_language())
    items = [
        SuggestionOut(
            rank=logged.rank, entry_id=logged.id, candidate_id=entry.candidate_id,
            opportunity_id=entry.opportunity_id, score=entry.score,
            fit=fit_word(entry.score, tuple(entry.unmet), lacks_must_have(entry.explanation)),
            reasons=[str(sentence) for sentence in sentences])
        for entry, logged, sentences in zip(result.entries, shown.entries, reasons,
                                            strict=True)
    ]
    return SuggestionListOut(list_id=shown.id, scorer_version=result.scorer_version,
                             ranked=result.ranked, unranked_because=result.unranked_because,
                             eligible=result.eligible, items=items)


def _key_holder():
    """The person who made this API key, under whom an opportunity's list is logged."""
    person = current_principal().token.created_by
    if person is None or not person.active:
        raise ApiProblem(409, _("Suggestion lists are logged under the person who made "
                                "the API key, and this key has none (any more): make a "
                                "new key."))
    return person


@bp.get("/opportunities/<int:opportunity_id>/suggestions")
@api_requires(Permission.USE_SUGGESTIONS, scope="suggestions:read")
@spec.validate(query=SuggestionQuery, resp=responses(200, SuggestionListOut,
                                                     problems=(404, 409)),
               tags=TAGS, operation_id="suggestCandidates")
def suggest_candidates(opportunity_id: int):
    """Your organisation's candidates for an opportunity, best first, with reasons.

    The same list as the site's suggestion page, and logged like it.
    """
    principal = current_principal()
    opportunity = visible_opportunity_or_404(opportunity_id, principal)
    result, shown = show_candidates_for(opportunity, _key_holder(), viewer=principal,
                                        top_k=request.context.query.limit)
    body = _answer(result, shown)
    db.session.commit()
    return body, 200


@bp.get("/candidates/<int:candidate_id>/suggestions")
@api_requires(Permission.USE_SUGGESTIONS, scope="suggestions:read")
@spec.validate(query=SuggestionQuery, resp=responses(200, SuggestionListOut,
                                                     problems=(404,)),
               tags=TAGS, operation_id="suggestOpportunities")
def suggest_opportunities(candidate_id: int):
    """Open opportunities for one of your organisation's candidates, best first.

    The same list as the site's suggestion page, logged as shown to the candidate's
    coach.
    """
    candidate = organisation_candidate_or_404(candidate_id,
                                              current_principal().organisation_id)
    result, shown = show_opportunities_for(candidate, candidate.coach,
                                           top_k=request.context.query.limit)
    body = _answer(result, shown)
    db.session.commit()
    return body, 200
