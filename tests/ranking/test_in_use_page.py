"""The admins' ranking page in plain words: which ranking is in use and why, and what
"better" means; the technical names (NDCG@10, cold-start-1) only in small print."""

from __future__ import annotations

import re

from marketplace.extensions import db
from marketplace.matching.scoring import COLD_START_VERSION
from marketplace.ranking import operations


def ranking_page(client) -> str:
    response = client.get("/admin/ranking/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def in_use(html: str) -> str:
    """The sentence that says which ranking is in use, without markup."""
    found = re.search(r'<p class="ranking-in-use"><strong>(.*?)</strong></p>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def outside_the_technical_details(html: str) -> str:
    start = html.index('<details class="technical">')
    return html[:start] + html[html.index("</details>", start):]


def test_without_models_the_basic_ranking_is_in_use_and_better_is_explained(login_as):
    html = ranking_page(login_as("admin"))
    assert in_use(html) == ("De basisrangschikking (zonder training) is in gebruik, omdat er "
                            "nog geen model getraind is.")
    assert "Wat &#34;beter&#34; betekent" in html or 'Wat "beter" betekent' in html
    assert "kijken waar de mensen staan die ze echt voorstelden" in html
    main = outside_the_technical_details(html)
    assert "NDCG" not in main  # only in the technical details
    assert main.count(COLD_START_VERSION) == 1  # only the technical name, in small print
    assert re.search(r'<p class="hint">Technische naam: <span translate="no">cold-start-1', main)


def test_when_no_trained_model_scored_better_the_page_says_so(login_as, store):
    store(promote=False, new=0.675)  # better, but by less than the margin
    html = ranking_page(login_as("admin"))
    assert in_use(html) == ("De basisrangschikking (zonder training) is in gebruik, omdat er "
                            "nog geen getraind model beter scoorde.")
    assert ("Niet gekozen: op lijsten waar het niet van leerde, scoorde het 0,675 en de "
            "rangschikking van toen 0,670. Het moet minstens 0,010 beter zijn.") in html
    assert "(de basisrangschikking)" in html  # what the model was compared with


def test_a_better_model_that_nobody_put_in_use_is_pointed_out(login_as, store):
    store(promote=False, lists=40)  # as the demo's model: kept, not put in use
    html = ranking_page(login_as("admin"))
    assert in_use(html) == ("De basisrangschikking (zonder training) is in gebruik. Een getraind "
                            "model scoorde beter, maar nog niemand heeft het in gebruik genomen. "
                            "Je kunt het hieronder kiezen.")
    assert ("Nog niet gekozen: het scoorde beter (0,910 tegen 0,670), maar het werd bewaard "
            "zonder het in gebruik te nemen, zoals het demomodel. Je kunt het kiezen.") in html


def test_a_better_model_learned_from_too_few_lists_says_so(login_as, store):
    store(promote=False, new=0.923, current=0.686, lists=8)
    html = ranking_page(login_as("admin"))
    assert ("Niet gekozen: het scoorde beter, maar het leerde van maar 8 lijsten. Dat is te "
            "weinig om de score te vertrouwen (de training kiest een model vanaf 20 lijsten)."
            ) in html


def status_of(html: str, version: str) -> str:
    """The status cell of one model's row, without markup (nor its label for phones)."""
    row = re.search(rf'translate="no">{re.escape(version)}</th>.*?</tr>', html, re.S).group(0)
    cell = re.findall(r'<span class="cell-value">(.*?)</span></td>', row, re.S)[-1]
    return " ".join(re.sub(r"<[^>]+>", "", cell).split())


def test_every_model_says_why_it_is_or_is_not_in_use(login_as, store, users):
    first, second = store(), store()
    client = login_as("admin")
    html = ranking_page(client)
    assert status_of(html, first.version).startswith(
        "Niet meer in gebruik: een nieuwer model scoorde beter en de training nam het in "
        "gebruik op ")
    assert status_of(html, second.version).startswith(
        "In gebruik: de training nam het in gebruik op ")
    assert "(0,910 tegen 0,670)" in status_of(html, second.version)
    operations.activate_model(first, users["admin"])
    db.session.commit()
    html = ranking_page(client)
    name = users["admin"].name
    assert status_of(html, first.version).startswith(f"In gebruik: {name} koos het op ")
    assert status_of(html, second.version).startswith(
        f"Niet meer in gebruik: {name} koos op ")


def test_a_promoted_model_is_in_use_because_it_scored_better(login_as, store):
    store()
    html = ranking_page(login_as("admin"))
    assert in_use(html) == ("Een getraind model is in gebruik, omdat het beter scoorde dan de "
                            "rangschikking ervoor: 0,910 tegen 0,670.")
    assert "NDCG" not in outside_the_technical_details(html)


def test_a_model_or_the_basic_ranking_chosen_by_an_admin_names_them(login_as, store, users):
    earlier, _current = store(), store()
    operations.activate_model(earlier, users["admin"])
    db.session.commit()
    client = login_as("admin")
    assert in_use(ranking_page(client)).startswith(
        f"Een getraind model is in gebruik, omdat {users['admin'].name} ervoor koos op ")
    operations.use_cold_start(users["admin"])
    db.session.commit()
    assert in_use(ranking_page(client)).startswith(
        "De basisrangschikking (zonder training) is in gebruik, omdat "
        f"{users['admin'].name} ervoor koos op ")


def test_the_ranking_page_speaks_english_too(login_as, store):
    store(promote=False, new=0.6)
    client = login_as("admin")
    client.post("/language", data={"locale": "en", "next": "/"})
    html = ranking_page(client)
    assert in_use(html) == ("The basic ranking (without training) is in use, because no "
                            "trained model has scored better yet.")
    assert "0.600" in html and "0.670" in html
    assert ("Not chosen: on lists it did not learn from it scored 0.600 and the ranking in "
            "use then 0.670. It has to be at least 0.010 better.") in html
