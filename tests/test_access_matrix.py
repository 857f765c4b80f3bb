"""Every route of the app, tried as every role: the expected answer is written down in
``tests/access_matrix.py`` (``ROUTES``); a full page that answers 200 has a plain title.

That every route is in the matrix, and that only the public list is open, is checked
in ``tests/test_access_matrix_rules.py``.
"""

from __future__ import annotations

import html
import re

import pytest
from flask import url_for

from tests.access_matrix import LOGIN, ROUTES
from tests.conftest import MATRIX_ROLES, login


@pytest.mark.parametrize("role", MATRIX_ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_access(endpoint, role, client, matrix_context):
    method, args, data, expected = ROUTES[endpoint]
    if callable(args):
        args = args(matrix_context)
    if callable(data):
        data = data(matrix_context)
    if role != "anonymous":
        assert login(client, role).status_code == 302
    url = url_for(endpoint, **args)
    response = client.open(url, method=method, data=data or {})
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    else:
        assert response.status_code == want, f"{method} {url} as {role}"
        if want == 200 and response.mimetype == "text/html":
            assert_plain_title(response.get_data(as_text=True), url)


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def assert_plain_title(page: str, url: str) -> None:
    """The title a full page's tab shows is plain text: no ``<`` or ``>`` (a name
    marked with ``|data`` inside ``{% block title %}`` shows its tag there). The
    browser tests' ``check_title`` asks the same of every page they open."""
    found = _TITLE.search(page)
    if found is None:  # an htmx fragment, which has no head of its own
        return
    title = html.unescape(found.group(1))
    assert "<" not in title and ">" not in title, f"{url}: title {title!r}"
