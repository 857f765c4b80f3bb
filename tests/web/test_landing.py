"""The public landing page names each kind of organisation that works with Werkbrug and
what it does there: training providers too, who offer courses on the site, and sector
federations, who see demand and supply and run try-outs. The admin's home names every kind
of organisation they manage."""

from __future__ import annotations

import re

import pytest

CARDS = {
    "nl": [
        ("Werkgevers", "Bied jobs, stages"),
        ("Opleidingsverstrekkers",
         "Bied opleidingen aan die voorbereiden op een beroep, en zeg hoeveel Nederlands nodig "
         "is. Aanvaard de mensen die jobcoaches voorstellen, zet ze op de wachtlijst of wijs "
         "ze af."),
        ("Jobcoaches", "Vind geschikte plaatsen"),
        ("Sectorfederaties", "Zie het open aanbod en wie ernaar zoekt, zonder "
                             "persoonsgegevens. Organiseer proefsessies"),
    ],
    "en": [
        ("Employers", "Offer jobs, internships"),
        ("Training providers",
         "Offer training courses that prepare for an occupation, and say how much Dutch is "
         "needed. Accept the people that job coaches propose, put them on the waiting list or "
         "decline."),
        ("Job coaches", "Find suitable places"),
        ("Sector federations", "See the open opportunities and who is looking for them, "
                               "without personal data. Run try-outs"),
    ],
}


def cards(html: str) -> list[tuple[str, str]]:
    """The cards' headings and texts, without soft hyphens (a long Dutch word has one)."""
    return re.findall(r'<li class="card"><h2>(.*?)</h2><p>(.*?)</p></li>',
                      html.replace("\u00ad", ""))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_landing_page_has_a_card_for_training_providers(client, lang):
    if lang == "en":
        client.post("/language", data={"locale": "en", "next": "/"})
    shown = cards(client.get("/").get_data(as_text=True))
    assert [heading for heading, _ in shown] == [heading for heading, _ in CARDS[lang]]
    for (heading, text), (_, expected) in zip(shown, CARDS[lang], strict=True):
        assert text.startswith(expected), heading


@pytest.mark.parametrize(("lang", "text"), [
    ("nl", "Werkgevers, opleidingsverstrekkers, partners, sectorfederaties en het beheer."),
    ("en", "Employers, training providers, partners, sector federations and the "
           "administration."),
])
def test_the_admin_home_names_training_providers_among_the_organisations(login_as, lang, text):
    client = login_as("admin")
    if lang == "en":
        client.post("/language", data={"locale": "en", "next": "/"})
    assert text in client.get("/start").get_data(as_text=True).replace("\u00ad", "")
