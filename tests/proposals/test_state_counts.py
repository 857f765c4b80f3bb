"""The employer's list names each opportunity's proposal states in one fixed order, not
in the order the database happened to count them in."""

from marketplace.extensions import db
from marketplace.opportunities.queries import listed_opportunities
from marketplace.proposals.list_queries import counted_states
from marketplace.proposals.vocab import ProposalState
from tests.factories import make_candidate, make_proposal


def _proposals_in(states, coach, opportunity):
    # All proposed first: a hire may fill the opportunity's last place.
    proposals = [make_proposal(coach, make_candidate(coach, commit=True), opportunity)
                 for _state in states]
    for proposal, state in zip(proposals, states, strict=True):
        proposal.state = state
    db.session.commit()


def test_states_come_open_ones_first_as_a_proposal_moves_on(users, opportunity):
    _proposals_in([ProposalState.WITHDRAWN, ProposalState.DECLINED, ProposalState.DECLINED,
                   ProposalState.HIRED, ProposalState.INTERVIEW, ProposalState.PROPOSED],
                  users["coach_a"], opportunity)
    (listed,) = db.session.scalars(listed_opportunities(opportunity.organisation_id)).all()
    assert listed.waiting == 1
    assert list(counted_states(listed.proposal_states).items()) == [
        ("proposed", 1), ("interview", 1), ("hired", 1), ("declined", 2), ("withdrawn", 1)]


def test_the_list_page_reads_them_in_that_order(client, login_as, users, opportunity):
    _proposals_in([ProposalState.DECLINED, ProposalState.PROPOSED], users["coach_a"],
                  opportunity)
    login_as("employer_a")
    listing = client.get("/opportunities/").get_data(as_text=True)
    assert "Voorgesteld: 1, Afgewezen: 1</a>" in listing
