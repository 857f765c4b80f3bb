"""The load test's client: one virtual person's keep-alive connection with its session
cookie, and the fields a browser would post back from a page's form."""

from __future__ import annotations

import html
import http.client
import re
from html.parser import HTMLParser
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


class FormFields(HTMLParser):
    """The fields a browser would send with each form of a page that posts: inputs
    (checked boxes only), selected options and text areas; no buttons."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._in_form = False
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
            self.forms.append([])
        if not self._in_form:
            return
        fields, name = self.forms[-1], a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append((name, a.get("value") or ("y" if a.get("type") == "checkbox"
                                                    else "")))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = a.get("value", "")
            if "selected" in a:
                fields.append((self._select, a.get("value", "")))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag):
        if not self._in_form:
            return
        if tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.forms[-1].append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.forms[-1].append((self._textarea,
                                   self._without_first_newline(html.unescape(self._text))))
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    @staticmethod
    def _without_first_newline(text: str) -> str:
        # HTML drops one newline right after <textarea>; WTForms writes one there.
        return text.removeprefix("\r\n") if text.startswith("\r\n") else text.removeprefix("\n")

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def form_fields(page: bytes) -> list[tuple[str, str]]:
    """The fields of the page's largest form that posts (not the menu's log-out form)."""
    parser = FormFields()
    parser.feed(page.decode())
    return max(parser.forms, key=len, default=[])


def replaced(fields: list[tuple[str, str]], **values: str) -> str:
    """The form's fields as a request body, with ``values`` put in (or added)."""
    kept = [(k, v) for k, v in fields if k not in values]
    return urlencode([*kept, *values.items()])


def location_path(response_path: str | None) -> str:
    """The path and query of a redirect's ``Location``, which the browser opens next."""
    parts = urlsplit(response_path or "/")
    return urlunsplit(("", "", parts.path, parts.query, ""))
