"""Checks on what a real browser shows: accessibility, language, layout, focus, errors.

Each check takes a Playwright page and raises ``AssertionError`` with a message a
person can act on. ``check_page`` runs the checks every page of a journey gets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tests.browser.catalog import LANGUAGES, distinctive_words, words

AXE_VERSION = "4.14.1"
AXE_PATH = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
#: WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

#: What marks an element as data rather than interface text: proper names, user
#: content, ESCO labels. ``translate="no"`` is the HTML attribute for "do not translate
#: this"; an element in another language says so with ``lang`` and is skipped too.
DATA_MARKER = '[translate="no"]'


# --- accessibility -------------------------------------------------------------------


def _inject_axe(page) -> None:
    """Load axe into the page unless it is there already.

    The ``new_context`` fixture adds it to every page as an init script. Not
    ``page.add_script_tag``: that adds an inline <script>, which the site's
    Content-Security-Policy rightly blocks, and ``bypass_csp`` would hide the CSP
    problems of the site itself. Init scripts and evaluating the file through the
    DevTools protocol are not subject to the page's CSP.
    """
    if page.evaluate("typeof window.axe === 'undefined'"):
        page.evaluate(_axe_source())


@cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


@cache
def _script(name: str) -> str:
    """A function in tests/browser/js/ for ``page.evaluate``."""
    source = (Path(__file__).parent / "js" / name).read_text(encoding="utf-8")
    return source.replace("%(marker)s", DATA_MARKER)


def check_accessibility(page) -> None:
    """Run axe-core with the WCAG 2.0/2.1 A and AA rules: no violation may remain."""
    _inject_axe(page)
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                          summary: n.failureSummary || ''})),
            }));
        }""",
        list(AXE_TAGS),
    )
    if violations:
        raise AssertionError(
            f"axe-core {AXE_VERSION}: {len(violations)} WCAG rule(s) violated on {page.url}\n"
            + "\n".join(_describe_violation(v) for v in violations)
        )


def _describe_violation(violation: dict) -> str:
    lines = [
        f"- {violation['id']} ({violation['impact']}): {violation['help']} "
        f"<{violation['helpUrl']}>"
    ]
    for node in violation["nodes"][:5]:
        summary = " ".join(node["summary"].split())
        lines.append(f"    at {node['target']}: {summary[:300]}")
    if len(violation["nodes"]) > 5:
        lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


# --- language ------------------------------------------------------------------------



#: E-mail addresses and web addresses are data in any language.
_ADDRESSES = re.compile(r"\S+@\S+|https?://\S+")


def check_language(page, lang: str) -> None:
    """The page is in ``lang``: <html lang> says so, and no text is in the other language.

    Interface texts are compared with the catalogue's distinctive words (see
    ``catalog.distinctive_words``). Skipped: elements marked as data with
    ``translate="no"`` (names, user content; see the ``data`` template filter),
    elements whose ``lang`` is another language (ESCO labels, the language switch),
    and e-mail and web addresses.
    """
    assert lang in LANGUAGES, lang
    other = next(code for code in LANGUAGES if code != lang)
    found = page.evaluate(_script("page_texts.js"), lang)
    assert found["lang"] == lang, f"{page.url}: <html lang={found['lang']!r}>, expected {lang!r}"
    foreign_words = distinctive_words()[other]
    problems = []
    for shown in found["texts"]:
        hits = sorted(words(_ADDRESSES.sub(" ", shown)) & foreign_words)
        if hits:
            problems.append(f"  {shown[:120]!r}: {', '.join(hits)}")
    if problems:
        raise AssertionError(
            f"{page.url} is in {lang!r} but shows words of {other!r} (mark data with "
            f'translate="no" or lang="..", translate interface texts):\n' + "\n".join(problems)
        )


# --- title ---------------------------------------------------------------------------


def check_title(page) -> None:
    """The document title (what a tab, a bookmark and a screen reader say first) is
    plain text: a ``<`` or ``>`` in it is markup that slipped in, such as a name marked
    with the ``data`` filter inside ``{% block title %}``."""
    title = page.title()
    assert title.strip(), f"{page.url} has no title"
    assert "<" not in title and ">" not in title, (
        f"the title of {page.url} holds markup: {title!r} (use the plain value in "
        "{% block title %}, not |data)"
    )


# --- layout and look -----------------------------------------------------------------



def check_layout(page) -> None:
    """Nothing needs sideways scrolling and no visible element is cut off."""
    problems = page.evaluate(_script("layout_problems.js"))
    if problems:
        width = page.viewport_size["width"] if page.viewport_size else "?"
        raise AssertionError(
            f"layout breaks at {width}px on {page.url}:\n" + "\n".join(f"  {p}" for p in problems)
        )


def check_reachable(locator) -> str:
    """The element of ``locator`` (an action, a cell) can be seen on a phone: on screen,
    or brought there by scrolling the box it sits in (a wide table), never by scrolling
    the page sideways; not cut off by a box that cannot scroll, not covered. Returns how:
    "on screen" or "by scrolling its box"."""
    found = locator.page.evaluate(_script("reachable.js"), locator.element_handle())
    assert "problem" not in found, f"out of reach on {locator.page.url}: {found.get('problem')}"
    return found["how"]


def save_screenshot(page, name: str, full_page: bool = True) -> Path:
    """A screenshot in test-artifacts/screenshots/<name>.png: of the whole page, or with
    ``full_page=False`` of the window as the person sees it (where the page landed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# --- focus ---------------------------------------------------------------------------



def check_focus_visible(page) -> str:
    """Something has keyboard focus, it is on screen and it shows a focus indicator.

    Returns a short description of the focused element.
    """
    focus = page.evaluate(_script("focus.js"))
    assert focus is not None, f"nothing has keyboard focus on {page.url}"
    assert focus["onScreen"], f"the focused {focus['element']} is outside the window"
    assert focus["indicator"], (
        f"the focused {focus['element']} on {page.url} has no visible focus indicator "
        "(no outline, no box-shadow)"
    )
    return focus["element"]


# --- errors the browser saw ----------------------------------------------------------


@dataclass
class BrowserErrors:
    """What went wrong in the browser while a page was open: script errors, CSP
    violations, failed requests for the page's own files."""

    problems: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"CSP violation: {message.text}")

    def _response(self, response) -> None:
        kind = response.request.resource_type
        if kind in {"stylesheet", "script", "image", "font"} and response.status >= 400:
            self.problems.append(f"{response.status} for {response.url}")
        elif response.status >= 500:  # a page or an htmx request that broke the server
            self.problems.append(f"{response.status} for {kind} {response.url}")

    def check(self) -> None:
        problems, self.problems = self.problems, []
        assert not problems, "the browser reported:\n" + "\n".join(f"  {p}" for p in problems)


# --- all together --------------------------------------------------------------------


def check_page(
    page, lang: str, *, errors: BrowserErrors | None = None, accessibility: bool = True
) -> None:
    """The checks every page of a journey or of the crawl gets.

    ``accessibility=False`` for a browser without JavaScript: axe-core needs the page's
    timers, which do not run there (the same pages get axe in the crawl).
    """
    check_title(page)
    check_language(page, lang)
    if accessibility:
        check_accessibility(page)
    if errors is not None:
        errors.check()
