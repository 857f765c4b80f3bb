"""The opportunities resource: the pattern every API resource follows.

``GET /opportunities`` lists, cursor-paged, what the token's organisation may see as
in the site (``opportunities.queries.visible_opportunities``: an employer's, training
provider's or federation's own opportunities; published ones for a partner; all for
the partnership's admin body); ``GET /opportunities/{id}`` answers one with its ETag,
another organisation's id a 404 problem, as in the site. The write operations come
from ``opportunities`` operations the same way.
"""

from __future__ import annotations

from flask import request
from sqlalchemy.orm import selectinload

from marketplace.accounts.permissions import Permission
from marketplace.api.auth import api_requires, current_principal
from marketplace.api.blueprint import bp
from marketplace.api.etag import etag_header
from marketplace.api.opportunity_schemas import (
    OpportunityListQuery,
    OpportunityOut,
    OpportunityPage,
)
from marketplace.api.paging import paginate_cursor
from marketplace.api.spec import ETAG, LINK, responses, spec
from marketplace.opportunities.models import Opportunity, OpportunitySkill
from marketplace.opportunities.queries import (
    visible_opportunities,
    visible_opportunity_or_404,
)

TAGS = ("opportunities",)


@bp.get("/opportunities")
@api_requires(Permission.VIEW_OPPORTUNITY, scope="opportunities:read")
@spec.validate(query=OpportunityListQuery, resp=responses(200, OpportunityPage, problems=(400,),
                                                            headers=(LINK,)),
               tags=TAGS, operation_id="listOpportunities")
def list_opportunities():
    """List the opportunities your organisation may see.

    Cursor-paged by id: follow `next_cursor` (or the `Link` header) to the next page.
    """
    query: OpportunityListQuery = request.context.query
    select = visible_opportunities(current_principal()).options(
        selectinload(Opportunity.languages),
        selectinload(Opportunity.skills).joinedload(OpportunitySkill.skill),
        selectinload(Opportunity.further_occupations),
    )
    if query.status is not None:
        select = select.where(Opportunity.status == query.status)
    page = paginate_cursor(select, (Opportunity.id,), query.limit, query.cursor)
    body = OpportunityPage(items=[OpportunityOut.of(row) for row in page.items],
                           next_cursor=page.next_cursor)
    return body, 200, page.link_header()


@bp.get("/opportunities/<int:opportunity_id>")
@api_requires(Permission.VIEW_OPPORTUNITY, scope="opportunities:read")
@spec.validate(resp=responses(200, OpportunityOut, problems=(404,), headers=(ETAG,)),
               tags=TAGS,
               operation_id="getOpportunity")
def get_opportunity(opportunity_id: int):
    """One opportunity, with its ETag (send it in If-Match to change it)."""
    row = visible_opportunity_or_404(opportunity_id, current_principal())
    return OpportunityOut.of(row), 200, etag_header(row)
