"""The main menu: each role sees its own pages; an admin's pages stand in groups."""

from __future__ import annotations

import re

from marketplace.extensions import db


def _menu(html: str) -> str:
    return html[html.index('<nav class="site-nav"'):html.index("</nav>")]


def _groups(menu: str) -> dict[str, list[str]]:
    found = re.findall(
        r'<span class="site-nav__label" id="(menu-group-\d+)">([^<]+)</span>\s*'
        r'<ul aria-labelledby="\1">(.*?)</ul>', menu, re.S)
    return {label: re.findall(r">([^<]+)</a>", links) for _id, label, links in found}


def test_an_admin_menu_is_grouped_with_every_link_visible(client, login_as):
    groups = _groups(_menu(login_as("admin").get("/start").get_data(as_text=True)))
    assert groups["Mensen"][0] == "Gebruikers"
    assert groups["Post en achtergrondtaken"][0] == "Uitgaande berichten"
    assert len(groups["Rapporten"]) == 5  # insights, barriers, outcomes, trajectories, log
    assert set(groups) == {"Mensen", "Post en achtergrondtaken", "Rapporten"}


def test_a_coach_menu_is_one_plain_row(client, login_as):
    menu = _menu(login_as("coach_a").get("/start").get_data(as_text=True))
    assert "site-nav__group" not in menu
    assert len(re.findall(r"<a href=", menu)) >= 4


def test_the_menu_follows_a_flag_given_to_a_user_after_their_first_page(
        client, login_as, users):
    # The menu's entries are worked out once per role and flags: the API keys entry must
    # still come with the flag, and go with it.
    employer = users["employer_a"]
    login_as("employer_a")
    assert "API-sleutels" not in _menu(client.get("/start").get_data(as_text=True))
    employer.manages_api_tokens = True
    db.session.commit()
    assert "API-sleutels" in _menu(client.get("/start").get_data(as_text=True))
    employer.manages_api_tokens = False
    db.session.commit()
    assert "API-sleutels" not in _menu(client.get("/start").get_data(as_text=True))


def test_the_layout_links_follow_each_requests_site_root(client, login_as):
    # The layout's links are built once per site root: a page served under a path
    # prefix (a proxy's X-Forwarded-Prefix) links under it, the next one without does not.
    login_as("coach_a")
    prefixed = client.get("/start", base_url="http://localhost/werkbrug").get_data(as_text=True)
    plain = client.get("/start").get_data(as_text=True)
    for page, root in ((prefixed, "/werkbrug"), (plain, "")):
        assert f'href="{root}/static/css/werkbrug.css"' in page
        assert f'action="{root}/logout"' in page
        assert f'href="{root}/candidates/"' in _menu(page)
    assert "/werkbrug/" not in plain


def test_the_admin_menu_names_the_imports_in_dutch(client, login_as):
    """"Imports" read as English on a Dutch page."""
    groups = _groups(_menu(login_as("admin").get("/start").get_data(as_text=True)))
    assert "Importeren" in groups["Post en achtergrondtaken"]
    assert "Imports" not in groups["Post en achtergrondtaken"]
    page = client.get("/admin/imports/").get_data(as_text=True)
    assert "<h1>Importeren</h1>" in page
