"""A person in the browser: one Playwright page, in one language, whose every page is checked.

Journeys use a ``Visitor`` so that no page they reach goes unchecked: every document
the page navigates to is noted, ``check()`` runs the accessibility, language and
browser-error checks on the current page, and the test fails at its end when a page
was reached but never checked. ``goto`` and ``navigates`` check for you::

    admin.goto("/admin/users")
    with admin.navigates():
        admin.page.get_by_role("link", name=admin.text("Invite a user")).click()
"""

from __future__ import annotations

from contextlib import contextmanager

from tests.browser import catalog
from tests.browser.checks import BrowserErrors, check_page


class Visitor:
    def __init__(self, page, lang: str, role: str | None = None, javascript: bool = True,
                 accessibility: bool = True):
        self.page = page
        self.lang = lang
        self.role = role
        self.javascript = javascript
        #: axe-core on each page checked; it needs JavaScript (the page's timers).
        self.accessibility = accessibility and javascript
        self.errors = BrowserErrors()
        self.errors.watch(page)
        self.unchecked: list[str] = []
        page.on("framenavigated", self._navigated)

    def __repr__(self) -> str:
        return f"<Visitor {self.role or 'anonymous'} {self.lang} at {self.page.url}>"

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.unchecked.append(frame.url)

    def text(self, msgid: str, **values) -> str:
        """The interface text for ``msgid`` in this visitor's language."""
        return catalog.text(self.lang, msgid, **values)

    def plural_text(self, singular: str, plural: str, num: int, **values) -> str:
        return catalog.plural_text(self.lang, singular, plural, num, **values)

    def check(self) -> None:
        """Check the page as it is now (after htmx changed it, for example)."""
        self.page.wait_for_load_state()
        self.unchecked.clear()  # checked now, whether or not the checks pass
        check_page(self.page, self.lang, errors=self.errors, accessibility=self.accessibility)

    def goto(self, path: str, status: int = 200):
        """Open ``path``, expect ``status``, and check the page."""
        response = self.page.goto(path)
        assert response is not None and response.status == status, (
            f"{path}: {response.status if response else 'no response'}, expected {status}"
        )
        self.check()
        return response

    @contextmanager
    def navigates(self):
        """Wrap an action that loads a new page (a link, a form); checks that page."""
        with self.page.expect_navigation():
            yield
        self.check()

    def use_language(self, lang: str) -> None:
        """Switch with the site's own language button when the page is in another language."""
        self.lang = lang
        if self.page.evaluate("document.documentElement.lang") != lang:
            with self.navigates():
                self.page.locator("form.language-switch button").click()

    def assert_all_checked(self) -> None:
        assert not self.unchecked, (
            f"{self!r} reached pages that were never checked: {self.unchecked} "
            "(use goto, navigates or check)"
        )
