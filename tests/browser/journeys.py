"""Steps that journeys share, written the way a person uses the site: by the visible
texts of links, buttons and labels, in the visitor's language.

Each step leaves the visitor on a checked page (see visitor.py). ``seed_proposal``
makes what a journey needs but is not about (a coach's proposal) through the operations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from sqlalchemy import exists, select

from marketplace.db_types import local_today
from tests.browser.pages import DemoData
from tests.browser.visitor import Visitor

#: The coach's motivation of a seeded proposal (``seed_proposal``).
MOTIVATION = "Reed vijf jaar met een heftruck in een magazijn en werkt graag in ploegen."


def open_menu(visitor: Visitor, msgid: str) -> None:
    """Follow a link of the main menu."""
    menu = visitor.page.get_by_role("navigation", name=visitor.text("Main menu"))
    with visitor.navigates():
        menu.get_by_role("link", name=visitor.text(msgid), exact=True).click()


def log_out(visitor: Visitor) -> None:
    with visitor.navigates():
        visitor.page.get_by_role("button", name=visitor.text("Log out")).click()
    assert visitor.page.locator(".flash").inner_text() == visitor.text("You are logged out.")


def log_in_as(visitor: Visitor, email: str, password: str) -> None:
    """Log in through the login form; ends on the home page, in the visitor's language.
    The site opens in the user's saved language, which another journey of the same demo
    user may have set to the other one: then the language button switches back."""
    page = visitor.page
    if not urlsplit(page.url).path.startswith("/login"):
        visitor.goto("/login")
    page.get_by_label(visitor.text("E-mail address"), exact=True).fill(email)
    page.get_by_label(visitor.text("Password"), exact=True).fill(password)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=visitor.text("Log in")).click()
    if page.evaluate("document.documentElement.lang") != visitor.lang:
        visitor.use_language(visitor.lang)
    else:
        visitor.check()
    assert urlsplit(page.url).path == "/start", page.url


def invite_user(
    visitor: Visitor,
    *,
    email: str,
    name: str,
    organisation: str,
    role: str,
    forget_email_first: bool = False,
):
    """An admin invites a user through Users → Invite a user. ``role`` is the English
    label of the role (its msgid)."""
    page = visitor.page
    open_menu(visitor, "Users")
    with visitor.navigates():
        page.get_by_role("link", name=visitor.text("Invite a user")).click()
    email_field = page.get_by_label(visitor.text("E-mail address"), exact=True)
    if forget_email_first:
        # Sent without an address: the error is next to the field and the form is
        # checked in its error state too.
        page.get_by_label(visitor.text("Name"), exact=True).fill(name)
        with visitor.navigates():
            page.get_by_role("button", name=visitor.text("Send invitation")).click()
        assert email_field.get_attribute("aria-invalid") == "true"
        error = page.locator(f"#{email_field.get_attribute('id')}-error").inner_text()
        assert visitor.text("Fill in this field.") in error
    email_field.fill(email)
    page.get_by_label(visitor.text("Name"), exact=True).fill(name)
    page.get_by_label(visitor.text("Organisation"), exact=True).select_option(label=organisation)
    page.get_by_label(visitor.text("Role"), exact=True).select_option(label=visitor.text(role))
    with visitor.navigates():
        page.get_by_role("button", name=visitor.text("Send invitation")).click()
    flash = page.locator(".flash").inner_text()
    assert flash == visitor.text("Invitation sent to %(email)s.", email=email), flash


def open_outbox_link(visitor: Visitor, recipient: str) -> str:
    """An admin opens the newest message to ``recipient`` in the outbox; returns the
    path of the link in it."""
    page = visitor.page
    open_menu(visitor, "Outbox")
    row = page.get_by_role("row").filter(has_text=recipient).first
    with visitor.navigates():
        row.get_by_role("link").click()
    link = page.locator(".mail-body a").first.get_attribute("href")
    assert link, "no link in the message"
    return urlsplit(link).path


def choose_suggestion(visitor: Visitor, field, typed: str, suggestion: str) -> None:
    """Type the start of a name into a taxonomy picker (occupation, skill) and choose
    ``suggestion`` from the list htmx fills while typing.

    The list is a <datalist>: the browser draws it outside the page, where Playwright
    cannot click, so the field gets the option's exact value, as choosing it would.
    Waiting for that option proves the live search offered it.
    """
    field.press_sequentially(typed)
    # A CSS string: ESCO labels hold quotes now and then.
    value = '"' + suggestion.replace("\\", "\\\\").replace('"', '\\"') + '"'
    option = visitor.page.locator(f"datalist#{field.get_attribute('list')} option[value={value}]")
    option.wait_for(state="attached")
    field.fill(suggestion)


def type_postcode(visitor: Visitor, field, code: str) -> str:
    """Type a postcode; returns the places the page then shows next to it (htmx)."""
    field.press_sequentially(code)
    place = visitor.page.locator(f"#{field.get_attribute('id')}-place .postcode-municipality")
    place.wait_for()
    return place.inner_text()


def fill_invitation(visitor: Visitor, form, day: date, place: str,
                    start: str = "10:00", end: str = "11:00") -> None:
    """On the answer form: invite to an interview on ``day`` from ``start`` to ``end``
    at the address ``place`` (the contact person stays the employer, as prefilled)."""
    form.get_by_label(visitor.text("Invite to an interview"), exact=True).check()
    form.get_by_label(visitor.text("Date of the interview"), exact=True).fill(day.isoformat())
    form.get_by_label(visitor.text("Start time"), exact=True).fill(start)
    form.get_by_label(visitor.text("End time"), exact=True).fill(end)
    form.get_by_label(visitor.text("At an address"), exact=True).check()
    form.get_by_label(visitor.text("Address"), exact=True).fill(place)


def place_fields(visitor: Visitor, form):
    """The answer form's address and meeting link, found by role as a screen reader
    finds them: a field hidden from screen readers is not found at all."""
    address = form.get_by_role("textbox", name=visitor.text("Address"), exact=True)
    link = form.get_by_role("textbox", name=visitor.text("Link to the online meeting"),
                            exact=True)
    return address, link


# --- what a journey needs but is not about, made through the operations ---------


@dataclass(frozen=True)
class Seeded:
    title: str
    pseudonym: str
    employer: str
    #: Today where the site is (Brussels), as its date fields understand it.
    today: date
    proposal_id: int


def seed_proposal(live_server, title: str) -> Seeded:
    """A published one-place opportunity of the demo employer, like its first published
    one, and the demo coach's proposal of a consenting candidate not proposed before."""
    from marketplace.candidates.models import Candidate
    from marketplace.extensions import db
    from marketplace.opportunities import operations as opportunities
    from marketplace.opportunities.models import Opportunity
    from marketplace.proposals import operations as proposals
    from marketplace.proposals.models import Proposal

    with live_server.app.test_request_context(base_url=live_server.url):
        demo = DemoData(live_server.app, live_server.url)
        coach = demo["users"]["coach_a"]
        model = demo["opportunity"]
        today = local_today()
        data = opportunities.opportunity_data(
            model, title=title, places=1, closes_on=today + timedelta(days=30)
        )
        opportunity = opportunities.create_opportunity(model.organisation, data, publish=True)
        candidate = db.session.scalar(
            select(Candidate)
            .where(
                Candidate.coach_id == coach.id,
                Candidate.status == "active",
                Candidate.has_active_consent,
                ~exists().where(Proposal.candidate_id == Candidate.id),
            )
            .order_by(Candidate.id)
            .limit(1)
        )
        assert candidate is not None, "the demo coach has no consenting candidate left to propose"
        proposal = proposals.propose_candidate(
            coach,
            candidate,
            db.session.get(Opportunity, opportunity.id),
            motivation=MOTIVATION,
            candidate_agreed_on=today - timedelta(days=1),
        )
        db.session.commit()
        return Seeded(title, candidate.pseudonym, model.organisation.name, today, proposal.id)
