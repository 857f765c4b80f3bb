"""A sector federation's home page says what its analysts see (anonymous totals of
demand and supply), where to start, and its own try-outs; never the employer's words
("jobs, stages en vrijwilligersplaatsen")."""

from __future__ import annotations


def _main(page: str) -> str:
    return page[page.index("<main"):page.index("</main>")]


def test_the_federation_home_says_what_it_sees_and_where_to_start(client, login_as):
    login_as("analyst")
    for language, words in (
            ("nl", ("Hier zie je hoe het open aanbod en de nieuwkomers die het zoeken bij "
                    "elkaar passen",
                    "Alles is anoniem: je ziet nooit één persoon, organisatie of aanbod.",
                    "De open plaatsen van werkgevers, opleidingsverstrekkers en "
                    "sectorfederaties:", "Bekijk het open aanbod",
                    "Kleine aantallen verbergen we, de rest ronden we af.",
                    "<h2>Vraag</h2>", "<h2>Kandidaten en kloof</h2>",
                    "<h2>Je proefsessies</h2>",
                    "Waar begin je? Open de vraag, kies een periode en je sector, en vergelijk "
                    "dan met de kandidaten.")),
            ("en", ("Here you see how the open opportunities and the newcomers who look for "
                    "them meet",
                    "Everything is anonymous: you never see one person, organisation or "
                    "opportunity.", "See the open opportunities",
                    "<h2>Demand</h2>", "<h2>Supply and gap</h2>", "<h2>Your try-outs</h2>",
                    "Where to start? Open the demand"))):
        client.post("/language", data={"locale": language})
        page = _main(client.get("/start").get_data(as_text=True))
        for text in words:
            assert text in page, (language, text)
        for link in ('href="/insights/"', 'href="/insights/supply"',
                     'href="/opportunities/new?kind=tryout"', 'href="/opportunities/"'):
            assert link in page, link
        for employer_words in ("jobs, stages", "jobs, internships", "vacatures",
                               "werkgevers vragen", "werkgevers zoeken", "employers ask"):
            assert employer_words not in page


def test_the_demand_page_counts_every_kind_not_only_work(client, login_as):
    login_as("analyst")
    page = client.get("/insights/").get_data(as_text=True)
    assert "Totalen van de jobs, stages en vrijwilligersplaatsen" not in page
    assert ("Totalen van de plaatsen die werkgevers, opleidingsverstrekkers en "
            "sectorfederaties open hadden in") in page
    assert "van elke soort: jobs, stages, vrijwilligerswerk, opleidingen en proefsessies." in page
    client.post("/language", data={"locale": "en"})
    assert "of every kind: jobs, internships, volunteering, courses and try-outs." in (
        client.get("/insights/").get_data(as_text=True))
