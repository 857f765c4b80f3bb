"""Journey 1, in Dutch and in English: an admin invites an employer user, who chooses a
password through the link in the outbox and logs in."""

from __future__ import annotations

import pytest

from tests.browser.journeys import invite_user, log_in_as, log_out, open_outbox_link

NEW_COLLEAGUES = {
    "nl": ("Noor Aziz", "noor.aziz@scheldepoort.example"),
    "en": ("Daniel Mensah", "daniel.mensah@scheldepoort.example"),
}
EMPLOYER = "Scheldepoort Logistics"
NEW_PASSWORD = "de haven van Antwerpen is groot"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_admin_invites_an_employer_who_sets_a_password_and_logs_in(lang, browse):
    name, email = NEW_COLLEAGUES[lang]
    admin = browse("admin", lang)
    invite_user(
        admin,
        email=email,
        name=name,
        organisation=EMPLOYER,
        role="Employer",
        forget_email_first=True,
    )
    link = open_outbox_link(admin, email)

    newcomer = browse(None, lang)
    newcomer.goto(link)
    page = newcomer.page
    assert email in page.locator("main").inner_text()
    page.get_by_label(newcomer.text("New password"), exact=True).fill(NEW_PASSWORD)
    page.get_by_label(newcomer.text("Type the password again"), exact=True).fill(NEW_PASSWORD)
    with newcomer.navigates():
        page.get_by_role("button", name=newcomer.text("Save password")).click()
    flash = page.locator(".flash")
    assert flash.inner_text() == newcomer.text("Your password is saved. Welcome to Werkbrug.")
    heading = newcomer.text("Welcome, %(name)s", name=name)
    assert page.get_by_role("heading", level=1).inner_text() == heading

    log_out(newcomer)
    log_in_as(newcomer, email, NEW_PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert EMPLOYER in page.locator("main").inner_text()

    # The link worked once: opening it again explains what happened.
    log_out(newcomer)
    newcomer.goto(link, status=410)
    assert newcomer.text("The link was already used. A link works only once.") in (
        page.locator("main").inner_text()
    )

    # The admin sees the new user as active.
    admin.goto(f"/admin/users?q={email}")
    row = admin.page.get_by_role("row").filter(has_text=email)
    assert admin.text("Active") in row.inner_text()
