"""Links in messages never come from the request's Host header, and production refuses
hosts it does not serve.

A forged ``Host: evil.example`` on ``POST /password/forgot`` used to put
``http://evil.example/password/set/<valid token>`` in a real user's mail. Every link in
every message, made in a request or on the command line, is now built from
``PUBLIC_BASE_URL`` (with its path prefix), and in production ``TRUSTED_HOSTS``
(by default the host of ``PUBLIC_BASE_URL``) answers 400 to any other host.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from marketplace.app import create_app
from marketplace.config import ConfigurationError
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from tests.conftest import TEST_PASSWORD
from tests.factories import make_candidate, make_opportunity

EVIL = {"Host": "evil.example"}
LINK = re.compile(r"https?://\S+")


def links_mailed_to(recipient: str) -> list[str]:
    bodies = db.session.scalars(
        select(OutgoingMessage.body).where(OutgoingMessage.recipient == recipient)
    ).all()
    assert bodies, f"no message for {recipient}"
    return [link for body in bodies for link in LINK.findall(body)]


def carry_login_to(client, host: str) -> None:
    """The logged-in browser's cookie, sent to ``host`` too (the attacker's forged
    Host header would otherwise arrive without a login)."""
    session = client.get_cookie("werkbrug_session")
    client.set_cookie("werkbrug_session", session.value, domain=host)


@pytest.fixture
def public_base(app):
    """A public address with a path prefix, as behind a proxy that serves /werkbrug."""
    saved = app.config["PUBLIC_BASE_URL"]
    app.config["PUBLIC_BASE_URL"] = "https://werk.example/werkbrug"
    yield "https://werk.example/werkbrug/"
    app.config["PUBLIC_BASE_URL"] = saved


def test_a_forged_host_never_reaches_the_reset_link(client, app_ctx, public_base):
    response = client.post("/password/forgot", data={"email": "coach.a@test.example"}, headers=EVIL)
    assert response.status_code == 200
    links = links_mailed_to("coach.a@test.example")
    assert links and all(link.startswith(public_base + "password/set/") for link in links)


def test_a_forged_host_never_reaches_the_invitation_link(
    client, app_ctx, login_as, organisations, public_base
):
    login_as("admin")
    carry_login_to(client, EVIL["Host"])
    response = client.post(
        "/admin/users/invite",
        headers=EVIL,
        data={
            "email": "new.person@test.example",
            "name": "New Person",
            "organisation": organisations["employer_a"].id,
            "role": "employer",
        },
    )
    assert response.status_code == 302
    links = links_mailed_to("new.person@test.example")
    assert links and all(link.startswith(public_base + "password/set/") for link in links)


def test_a_forged_host_never_reaches_the_proposal_notification(
    client, login_as, users, organisations, public_base
):
    opportunity = make_opportunity(organisations["employer_a"], commit=True)
    candidate = make_candidate(users["coach_a"], commit=True)
    login_as("coach_a")
    carry_login_to(client, EVIL["Host"])
    response = client.post(
        f"/proposals/candidates/{candidate.id}/propose",
        headers=EVIL,
        data={
            "opportunity": str(opportunity.id),
            "motivation": "Sterk in logistiek.",
            "candidate_agreed": "y",
            "candidate_agreed_on": "2026-01-06",
        },
    )
    assert response.status_code == 302
    links = links_mailed_to(users["employer_a"].email)
    assert links and all(link.startswith(public_base + "proposals/") for link in links)


def test_the_command_line_makes_links_on_the_public_address(app, app_ctx, public_base):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create-admin",
            "second.admin@test.example",
            "Second Admin",
            "--organisation",
            "Partnership office",
        ]
    )
    assert result.exit_code == 0, result.output
    assert public_base + "password/set/" in result.output


@pytest.fixture
def production_app(monkeypatch):
    monkeypatch.setenv("WERKBRUG_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://werk.example:8443/werkbrug")
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_refuses_a_host_it_does_not_serve(production_app):
    response = production_app.test_client().get("/login", headers=EVIL)
    assert response.status_code == 400
    assert "Er klopte iets niet met de vraag" in response.get_data(as_text=True)


def test_production_refuses_a_foreign_host_before_asking_for_a_login(production_app):
    response = production_app.test_client().get("/admin/users", headers=EVIL)
    assert response.status_code == 400


def test_production_serves_the_host_of_its_public_address(production_app):
    response = production_app.test_client().get("/login", headers={"Host": "werk.example"})
    assert response.status_code == 200


def test_trusted_hosts_can_be_listed_in_the_environment(monkeypatch):
    monkeypatch.setenv("WERKBRUG_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("TRUSTED_HOSTS", "werk.example, www.werk.example")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    client = app.test_client()
    assert client.get("/login", headers={"Host": "www.werk.example"}).status_code == 200
    assert client.get("/login", headers={"Host": "werk.example"}).status_code == 200
    assert client.get("/login", headers=EVIL).status_code == 400


@pytest.mark.parametrize("address", ["werk.example", "ftp://werk.example", "https://"])
def test_a_public_address_without_scheme_or_host_is_refused(address):
    with pytest.raises(ConfigurationError):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "PUBLIC_BASE_URL": address})


def test_logging_in_still_works_on_the_test_host(client, app_ctx):
    response = client.post(
        "/login", data={"email": "coach.a@test.example", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
