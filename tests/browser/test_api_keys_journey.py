"""API keys, in Dutch and in English: the partnership's admin reads the API's page,
makes a key for an employer's ATS (a wrong expiry date first: the message is at the
field), copies the key from the page that shows it once (on a phone:
test-artifacts/screenshots/api-key-390-<lang>.png, with the layout check), the key
works in the API, and after revoking it with a confirmation it no longer does."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.db_types import local_today
from tests.browser.checks import check_layout, save_screenshot
from tests.browser.journeys import open_menu

EMPLOYER = "Scheldepoort Logistics"
NAMES = {"nl": "ATS vacatures haven", "en": "ATS job board sync"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_admin_makes_a_key_that_works_until_it_is_revoked(lang, browse, live_server):
    admin = browse("admin", lang, width=390)
    page = admin.page
    admin.goto("/api/v1/docs")
    assert page.get_by_role("heading", level=1).inner_text() == admin.text("Partner API")
    check_layout(page)

    admin.goto("/start")
    open_menu(admin, "API keys")
    page.get_by_label(admin.text("Make a key for"), exact=True).select_option(label=EMPLOYER)
    with admin.navigates():
        page.get_by_role("button", name=admin.text("New API key")).click()

    form = page.locator("main form")
    form.get_by_label(admin.text("Name"), exact=True).fill(NAMES[lang])
    form.get_by_label(admin.text("Read opportunities"), exact=True).check()
    form.get_by_label(admin.text("Read proposals"), exact=True).check()
    expiry = form.get_by_label(admin.text("Valid until"), exact=True)
    expiry.fill((local_today() + timedelta(days=400)).isoformat())
    with admin.navigates():
        form.get_by_role("button", name=admin.text("Make the key")).click()
    error = page.locator("#expires_on-error")
    assert admin.text("Choose a day at most a year from today.") in error.inner_text()
    assert form.get_by_label(admin.text("Name"), exact=True).input_value() == NAMES[lang]

    expiry.fill((local_today() + timedelta(days=90)).isoformat())
    with admin.navigates():
        form.get_by_role("button", name=admin.text("Make the key")).click()
    assert admin.text("Copy the key now: you will not see it again") in (
        page.locator("main").inner_text())
    secret = page.get_by_label(admin.text("API key %(name)s", name=NAMES[lang])).input_value()
    assert secret.startswith("wb_")
    check_layout(page)
    save_screenshot(page, f"api-key-390-{lang}")

    bearer = {"Authorization": f"Bearer {secret}"}
    answer = page.context.request.get("/api/v1/opportunities", headers=bearer)
    assert answer.status == 200 and answer.json()["items"]

    with admin.navigates():
        page.get_by_role("link", name=admin.text("I have copied it: back to the API keys")
                         ).click()
    row = page.get_by_role("row").filter(has_text=NAMES[lang])
    with admin.navigates():
        row.get_by_role("link", name=admin.text("Revoke %(name)s", name=NAMES[lang])).click()
    with admin.navigates():
        page.get_by_role("button", name=admin.text("Revoke the key")).click()
    assert NAMES[lang] in page.locator(".flash").inner_text()
    assert page.context.request.get("/api/v1/opportunities", headers=bearer).status == 401
