"""The load test's client: one virtual person's keep-alive connection with its session
cookie, and the fields a browser would post back from a page's form."""

from __future__ import annotations

import html
import http.client
import re
from urllib.parse import urlencode, urlsplit, urlunsplit


class Browser:
    """One person: a keep-alive connection and the session cookie."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: str | None = None):
        headers = {"Accept-Language": "nl"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # a keep-alive connection the server closed: once more
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data, response.headers.get("Location")

    def log_in(self, email: str, password: str) -> None:
        status, page, _location = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
        if status != 200 or not token:
            raise RuntimeError(f"no login form ({status})")
        body = urlencode({"csrf_token": token.group(1).decode(), "email": email,
                          "password": password})
        status, _page, _location = self.request("POST", "/login", body)
        if status != 302:
            raise RuntimeError(f"login of {email} answered {status}")


#: The tags a form's fields come from, with their attributes (names and values quoted as
#: Jinja writes them: an attribute value never holds a raw ``>``).
_FIELD_TAG = re.compile(r"<(/?)(form|input|select|option|textarea)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(
    r"""([^\s=/>"']+)(\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


def _attributes(text: str) -> dict[str, str | None]:
    """A tag's attributes as an HTML parser reads them: names in lower case, values
    unescaped, None for an attribute without a value (``checked``, ``selected``)."""
    found: dict[str, str | None] = {}
    for name, assigned, double, single, bare in _ATTRIBUTE.findall(text):
        value = (double or single or bare) if assigned else None
        if value and "&" in value:
            value = html.unescape(value)
        found.setdefault(name.lower(), value)
    return found


def form_fields(page: bytes) -> list[tuple[str, str]]:
    """The fields a browser would send with the page's largest form that posts (not the
    menu's log-out form): inputs (checked boxes only), selected options (else a list's
    first) and text areas; no buttons.

    The form tags are found with a regular expression, not a whole HTML parser: parsing
    each page with ``html.parser`` cost the load generator 5 ms for a candidate form,
    CPU the server it measures then lacks on the same machine."""
    text = page.decode()
    forms: list[list[tuple[str, str]]] = []
    fields: list[tuple[str, str]] | None = None
    select = select_first = textarea = None
    select_chosen, textarea_start = False, 0
    for match in _FIELD_TAG.finditer(text):
        closing, tag, rest = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if fields is None:
                continue
            if tag == "select" and select:
                if not select_chosen and select_first is not None:
                    fields.append((select, select_first))
                select = None
            elif tag == "textarea" and textarea:
                fields.append((textarea, _without_first_newline(
                    html.unescape(text[textarea_start:match.start()]))))
                textarea = None
            elif tag == "form":
                fields = None
            continue
        a = _attributes(rest)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            fields = []
            forms.append(fields)
        if fields is None:
            continue
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                continue
            fields.append((name, a.get("value") or ("y" if a.get("type") == "checkbox"
                                                    else "")))
        elif tag == "select" and name:
            select, select_first, select_chosen = name, None, False
        elif tag == "option" and select:
            if select_first is None:
                select_first = a.get("value", "")
            if "selected" in a:
                fields.append((select, a.get("value", "")))
                select_chosen = True
        elif tag == "textarea" and name:
            textarea, textarea_start = name, match.end()
    return max(forms, key=len, default=[])


def _without_first_newline(text: str) -> str:
    # HTML drops one newline right after <textarea>; WTForms writes one there.
    return text.removeprefix("\r\n") if text.startswith("\r\n") else text.removeprefix("\n")


def replaced(fields: list[tuple[str, str]], **values: str) -> str:
    """The form's fields as a request body, with ``values`` put in (or added)."""
    kept = [(k, v) for k, v in fields if k not in values]
    return urlencode([*kept, *values.items()])


def location_path(response_path: str | None) -> str:
    """The path and query of a redirect's ``Location``, which the browser opens next."""
    parts = urlsplit(response_path or "/")
    return urlunsplit(("", "", parts.path, parts.query, ""))
