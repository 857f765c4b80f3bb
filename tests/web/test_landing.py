"""The public landing page names each kind of organisation that works with Werkbrug and
what it does there: training providers too, who offer courses on the site."""

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
        ("Sectorfederaties", "Zie wat werkgevers vragen"),
    ],
    "en": [
        ("Employers", "Offer jobs, internships"),
        ("Training providers",
         "Offer training courses that prepare for an occupation, and say how much Dutch is "
         "needed. Accept the people that job coaches propose, put them on the waiting list or "
         "decline."),
        ("Job coaches", "Find suitable places"),
        ("Sector federations", "See what employers ask for"),
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
