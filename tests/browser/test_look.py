"""Each role's main page at 1280 px and at 375 px (a phone): the layout holds, and a
screenshot of each is saved in test-artifacts/screenshots/<role>-<width>.png."""

from __future__ import annotations

import pytest

from tests.browser.checks import check_layout, save_screenshot
from tests.browser.conftest import ROLES, WIDTHS


@pytest.mark.parametrize("role", ROLES)
def test_main_page_of_the_role_fits_a_desktop_and_a_phone(role, browse):
    visitor = browse(role, "nl", width=WIDTHS["desktop"])
    for width in (WIDTHS["desktop"], WIDTHS["phone"]):
        visitor.page.set_viewport_size({"width": width, "height": 900 if width > 600 else 812})
        check_layout(visitor.page)
        path = save_screenshot(visitor.page, f"{role}-{width}")
        assert path.stat().st_size > 0
