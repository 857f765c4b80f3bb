"""The checks themselves catch what they are for, on small pages made here."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.catalog import distinctive_words, plural_text, text, words
from tests.browser.checks import (
    check_accessibility,
    check_focus_visible,
    check_language,
    check_layout,
    check_page,
    check_reachable,
    check_title,
)


@pytest.fixture
def blank(browser):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    yield page
    context.close()


def page_with(
    page, body: str, lang: str = "nl", head: str = "", title: str = "Test"
) -> None:
    page.set_content(
        f'<!doctype html><html lang="{lang}"><head><title>{title}</title>{head}</head>'
        f"<body><main><h1>Test</h1>{body}</main></body></html>"
    )


def test_catalogue_words_of_one_language_only():
    words = distinctive_words()
    assert {"wachtwoord", "uitloggen"} <= words["nl"]
    assert {"password", "invitation"} <= words["en"]
    assert "status" not in words["nl"] | words["en"]  # the same in both languages
    assert text("nl", "Log in") == "Inloggen"
    assert plural_text("nl", "%(num)d skill found.", "%(num)d skills found.", 2) == (
        "2 vaardigheden gevonden."
    )


def test_accessibility_check_names_the_rule_and_the_element(blank):
    page_with(blank, '<input type="text" id="nameless">')
    with pytest.raises(AssertionError) as failure:
        check_accessibility(blank)
    assert "label" in str(failure.value)
    assert "#nameless" in str(failure.value)


def test_accessibility_check_passes_a_labelled_field(blank):
    page_with(blank, '<label for="n">Naam</label><input type="text" id="n">')
    check_accessibility(blank)


def test_language_check_finds_english_interface_text_on_a_dutch_page(blank):
    page_with(blank, "<p>Wachtwoord</p><button>Save password</button>")
    with pytest.raises(AssertionError) as failure:
        check_language(blank, "nl")
    assert "password" in str(failure.value)


def test_language_check_finds_dutch_in_attributes_of_an_english_page(blank):
    page_with(blank, '<nav aria-label="Hoofdmenu"></nav>', lang="en")
    with pytest.raises(AssertionError, match="hoofdmenu"):
        check_language(blank, "en")


def test_language_check_skips_data_and_other_languages(blank):
    page_with(
        blank,
        '<p>Wachtwoord</p><p translate="no">Save password</p>'
        '<p><span lang="en">welding</span> password@example.org</p>',
    )
    check_language(blank, "nl")


def test_a_single_letter_is_no_word_of_either_language():
    # NACE section letters, CEFR levels and the "s" of "'s avonds" are the same in
    # both languages; two letters already tell them apart.
    assert words("I: Verschaffen van accommodatie, A2, 's avonds") == {
        "verschaffen", "van", "accommodatie", "avonds"}
    assert not {"i", "s", "a"} & (distinctive_words()["nl"] | distinctive_words()["en"])
    assert {"je", "op"} <= distinctive_words()["nl"]
    assert {"to", "or"} <= distinctive_words()["en"]


def test_language_check_passes_section_letters_but_not_short_foreign_words(blank):
    page_with(blank, "<p>I: Verschaffen van accommodatie en maaltijden</p><p>Niveau A2</p>")
    check_language(blank, "nl")
    page_with(blank, "<p>S: Other service activities</p>", lang="en")
    check_language(blank, "en")
    page_with(blank, "<p>I: Verschaffen van accommodatie or maaltijden</p>")
    with pytest.raises(AssertionError, match=r": or$"):
        check_language(blank, "nl")
    page_with(blank, "<p>S: Other service activities for je</p>", lang="en")
    with pytest.raises(AssertionError, match=r": je$"):
        check_language(blank, "en")


def test_language_check_leaves_what_was_typed_in_fields_alone(blank):
    page_with(
        blank,
        '<label for="t">Notes</label><textarea id="t">Je werkt in een vast team.</textarea>'
        '<label for="n">Name</label><input id="n" value="Je werkt in een vast team.">',
        lang="en",
    )
    check_language(blank, "en")
    page_with(blank, '<label for="t">Notitie</label><textarea id="t"></textarea>', lang="en")
    with pytest.raises(AssertionError, match="notitie"):
        check_language(blank, "en")


def test_language_check_wants_the_html_lang_of_the_page(blank):
    page_with(blank, "<p>Wachtwoord</p>", lang="en")
    with pytest.raises(AssertionError, match="html lang"):
        check_language(blank, "nl")


def test_layout_check_finds_sideways_scrolling_and_cut_off_elements(blank):
    page_with(blank, '<p class="wide">Breed</p>', head="<style>.wide{width:600px}</style>")
    with pytest.raises(AssertionError) as failure:
        check_layout(blank)
    assert "sideways" in str(failure.value)
    assert "p.wide" in str(failure.value)


def test_layout_check_allows_a_scrolling_table_and_hidden_helpers(blank):
    page_with(
        blank,
        '<div class="scroll"><table><tr><td class="wide">Breed</td></tr></table></div>'
        '<a class="skip" href="#x">Naar de inhoud</a><span class="sr">Fout:</span>',
        head="<style>.scroll{overflow-x:auto}.wide{min-width:900px}"
        ".skip{position:absolute;left:-999px}"
        ".sr{position:absolute;width:1px;height:1px;overflow:hidden}</style>",
    )
    check_layout(blank)


def test_reach_check_takes_a_link_on_screen_or_in_its_scrolling_box(blank):
    page_with(
        blank,
        '<a href="#a" id="near">Wijzigen</a><div class="scroll"><table><tr>'
        '<td class="wide">Breed</td><td><a href="#b" id="far">Wijzigen</a></td></tr></table></div>',
        head="<style>.scroll{overflow-x:auto}.wide{min-width:900px}</style>",
    )
    assert check_reachable(blank.locator("#near")) == "on screen"
    assert check_reachable(blank.locator("#far")) == "by scrolling its box"


def test_reach_check_refuses_a_link_cut_off_or_past_the_page_edge(blank):
    table = (
        '<table><tr><td class="wide">Breed</td>'
        '<td><a href="#b" id="far">Wijzigen</a></td></tr></table>'
    )
    page_with(blank, f'<div class="clip">{table}</div>',
              head="<style>.clip{overflow:hidden}.wide{min-width:900px}</style>")
    with pytest.raises(AssertionError, match=r"cut off by div\.clip"):
        check_reachable(blank.locator("#far"))
    page_with(blank, table, head="<style>.wide{min-width:900px}</style>")
    with pytest.raises(AssertionError, match="sideways"):
        check_reachable(blank.locator("#far"))


def test_layout_check_lets_a_text_field_scroll_its_value_but_not_a_box_clip(blank):
    long_skill = "complying with health and safety procedures in the workplace"
    page_with(
        blank,
        f'<label for="s">Vaardigheid</label><input id="s" value="{long_skill}">'
        f'<label for="t">Notitie</label><textarea id="t">{long_skill * 3}</textarea>',
        head="<style>input,textarea{width:8rem}</style>",
    )
    check_layout(blank)
    page_with(
        blank,
        f'<div class="clip"><span class="wide">{long_skill}</span></div>',
        head="<style>.clip{overflow:hidden;width:8rem}.wide{white-space:nowrap}</style>",
    )
    with pytest.raises(AssertionError, match=r"div\.clip .* hides"):
        check_layout(blank)


def test_layout_check_allows_a_visually_hidden_button(blank):
    # The site's own rule: a hidden default button keeps no padding or border.
    css = (Path(__file__).resolve().parents[2] / "marketplace/static/css/werkbrug.css")
    page_with(
        blank,
        '<form><button type="submit" class="visually-hidden button" tabindex="-1" '
        'aria-hidden="true">Bewaren</button></form>',
        head=f"<style>{css.read_text(encoding='utf-8')}</style>",
    )
    check_layout(blank)


def test_focus_check_refuses_a_focus_without_indicator(blank):
    page_with(
        blank,
        '<button class="plain">Een</button><button>Twee</button>',
        head="<style>.plain:focus{outline:none}</style>",
    )
    blank.keyboard.press("Tab")
    with pytest.raises(AssertionError, match="no visible focus indicator"):
        check_focus_visible(blank)
    blank.keyboard.press("Tab")
    assert "Twee" in check_focus_visible(blank)


def test_title_check_refuses_markup_in_the_title(blank):
    # What the data filter inside {% block title %} once gave: the tab showed the tag.
    page_with(blank, "<p>Voorstel</p>", title='Voorstel <span translate="no">Amal</span>')
    with pytest.raises(AssertionError, match="holds markup"):
        check_title(blank)
    page_with(blank, "<p>Voorstel</p>", title="Voorstel &gt; Amal")
    with pytest.raises(AssertionError, match="holds markup"):
        check_page(blank, "nl", accessibility=False)


def test_title_check_passes_a_plain_title_with_an_escaped_ampersand(blank):
    page_with(blank, "<p>Voorstel</p>", title="Voorstel Amal &amp; Co · Werkbrug")
    check_title(blank)
    check_page(blank, "nl", accessibility=False)
