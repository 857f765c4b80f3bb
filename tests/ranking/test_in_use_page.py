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
    assert "Niet in gebruik genomen: het scoorde niet beter" in html
    assert "(de basisrangschikking)" in html  # what the model was compared with


def test_a_better_model_that_nobody_put_in_use_is_pointed_out(login_as, store):
    store(promote=False)  # as the demo's model: kept, not put in use
    html = ranking_page(login_as("admin"))
    assert in_use(html) == ("De basisrangschikking (zonder training) is in gebruik. Een getraind "
                            "model scoorde beter, maar niemand nam het al in gebruik: je kunt het "
                            "hieronder kiezen.")
    assert "Scoorde beter, maar niet in gebruik genomen" in html


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
