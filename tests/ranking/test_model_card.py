"""The model card of a ranking model: a page for admins and a Markdown download, in Dutch
and English, with what the model uses and never uses, what it learned from, its
held-out scores beside the ranking in use then, who trained and chose it, and its limits."""

from __future__ import annotations

import re

from marketplace.extensions import db
from marketplace.matching.features import FEATURE_NAMES
from marketplace.ranking import operations
from marketplace.ranking.model_card import markdown_text
from tests.factories import make_user


def card_page(client, model) -> str:
    response = client.get(f"/admin/ranking/models/{model.id}/card")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_card_says_what_the_model_uses_and_never_uses_in_dutch(login_as, store):
    model = store(promote=False, new=0.923, current=0.686, lists=40)
    html = card_page(login_as("admin"), model)
    text = text_of(html)
    assert f"Modelkaart van {model.version}" in text
    assert "Voor elke persoon en elk aanbod leest het deze 10 dingen, en niets anders:" in text
    assert "De afstand tussen thuis en de plaats van het aanbod (volgens de postcodes)." in text
    for name in FEATURE_NAMES:
        assert f'<span class="muted" translate="no">({name})</span>' in html
    for never in ("Gender.", "Geboortejaar of leeftijd.",
                  "Het land waar de persoon ervaring opdeed.", "De notities van de coach."):
        assert never in text
    assert "Entries 100" not in text and "Regels 100" in text
    assert "Lijsten 40" in text
    assert "Dit model 0,923" in text
    assert "De rangschikking van toen (de basisrangschikking) 0,686" in text
    assert "Het beslist nooit." in text
    assert "kunnen vooroordelen bevatten" in text
    assert "na de score gelden" in text


def test_the_card_names_who_trained_and_who_put_the_model_in_use(login_as, store, users):
    admin = users["admin"]
    model = store(promote=False, trained_by=admin)
    store()  # a newer model that training put in use
    operations.activate_model(model, admin)
    db.session.commit()
    text = text_of(card_page(login_as("admin"), model))
    assert f"{admin.name} trainde het. De training nam het niet in gebruik." in text
    assert f"{admin.name} nam het in gebruik." in text
    assert f"In gebruik : {admin.name} koos het op " in text


def test_the_card_speaks_english_too(login_as, store):
    model = store()
    client = login_as("admin")
    client.post("/language", data={"locale": "en", "next": "/"})
    text = text_of(card_page(client, model))
    assert f"Model card of {model.version}" in text
    assert "The must-have skills of the opportunity that the person has." in text
    assert "The coach's notes." in text or "The coach&#39;s notes." in text
    assert "This model 0.910" in text
    assert ("trained from the command line or by an account that no longer exists. Training "
            "put it in use, because it scored better than the ranking in use then.") in text
    assert "It never decides." in text


def test_the_card_speaks_of_any_kind_of_opportunity_not_of_jobs(login_as, store):
    """A model ranks jobs, internships, volunteering places, courses and try-outs alike:
    what it reads and learned from is said of "het aanbod", and the decisions it learned
    from are the training providers' too."""
    model = store()
    client = login_as("admin")
    text = text_of(card_page(client, model))
    uses = text.split("Wat het gebruikt")[1].split("Wat het nooit gebruikt")[0]
    assert not re.search(r"\b(job|jobs|werk)\b", uses), uses
    assert "Andere talen die het aanbod vraagt." in uses
    assert ("De delen van de dag waarop de persoon kan, naast de tijden die het aanbod "
            "vraagt.") in uses
    assert ("wie getoond werd voor een aanbod, wie coaches voorstelden en wie werkgevers of "
            "opleidingsverstrekkers uitnodigden, aannamen of aanvaardden.") in text
    assert ("Het leerde van beslissingen die coaches, werkgevers en opleidingsverstrekkers "
            "vroeger namen.") in text
    body = client.get(f"/admin/ranking/models/{model.id}/card.md").get_data(as_text=True)
    assert "Voor elke persoon en elk aanbod leest het" in body
    assert not re.search(r"\bjobs?\b", body.split("## Wat het nooit")[0])
    client.post("/language", data={"locale": "en", "next": "/"})
    text = text_of(card_page(client, model))
    uses = text.split("What it uses")[1].split("What it never uses")[0]
    assert not re.search(r"\b(job|jobs|work)\b", uses), uses
    assert "For each person and opportunity it reads these 10 things" in uses


def test_the_ranking_page_links_to_each_model_card(login_as, store):
    model = store()
    html = login_as("admin").get("/admin/ranking/").get_data(as_text=True)
    assert f'href="/admin/ranking/models/{model.id}/card"' in html


def test_the_card_downloads_as_markdown(login_as, store):
    model = store(promote=False, new=0.923, current=0.686, lists=40)
    response = login_as("admin").get(f"/admin/ranking/models/{model.id}/card.md")
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="werkbrug-model-card-{model.version}.md"')
    body = response.get_data(as_text=True)
    assert body.startswith(f"# Modelkaart van {model.version}\n"), body
    assert "## Wat het nooit gebruikt" in body
    assert "- De notities van de coach." in body
    assert "| Dit model | 0,923 |" in body
    assert "| De rangschikking van toen (de basisrangschikking) | 0,686 |" in body
    assert "- Lijsten: 40" in body
    assert "<span" not in body and "&#" not in body


def test_the_markdown_download_speaks_english_too(login_as, store):
    model = store()
    client = login_as("admin")
    client.post("/language", data={"locale": "en", "next": "/"})
    body = client.get(f"/admin/ranking/models/{model.id}/card.md").get_data(as_text=True)
    assert "## What it never uses" in body and "- The coach's notes." in body
    assert "| This model | 0.910 |" in body


def test_names_in_the_markdown_cannot_add_markup():
    assert markdown_text("[Eva](http://x)\n# <b>") == r"\[Eva\]\(http://x\) \# \<b\>"


def test_an_odd_trainer_name_stays_plain_text_in_the_markdown(login_as, store, organisations):
    trainer = make_user(organisations["admin_body"], role="admin", name="Eva & <Jan> [x](y)",
                        commit=True)
    model = store(trained_by=trainer)
    body = login_as("admin").get(f"/admin/ranking/models/{model.id}/card.md").get_data(
        as_text=True)
    assert r"Eva & \<Jan\> \[x\]\(y\) trainde het." in body


def test_an_unknown_model_has_no_card(login_as):
    client = login_as("admin")
    assert client.get("/admin/ranking/models/999999/card").status_code == 404
    assert client.get("/admin/ranking/models/999999/card.md").status_code == 404


def test_only_admins_read_model_cards(client, login_as, store):
    model = store()
    assert client.get(f"/admin/ranking/models/{model.id}/card").status_code == 302
    for key in ("coach_a", "employer_a", "analyst"):
        login_as(key)
        assert client.get(f"/admin/ranking/models/{model.id}/card").status_code == 403
        assert client.get(f"/admin/ranking/models/{model.id}/card.md").status_code == 403
