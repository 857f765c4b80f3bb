"""Tools the security tests share: a fingerprint of the database, the forms of a page
read from its HTML, the links of a page, and the routes of the access matrix a role
may open."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from flask import url_for
from sqlalchemy import func, select

import marketplace.models  # noqa: F401 - every model registered, for REFERENCE_TABLES
from marketplace.extensions import db
from tests.access_matrix import ROUTES

#: Tables a refused request may legitimately write: its audit event, a login (the
#: tests log in before they take a fingerprint: its session and usual address) and
#: failed logins.
REQUEST_BOOKKEEPING = frozenset(
    {"audit_event", "login_address", "login_attempt", "login_session"}
)


def _stamped_tables(stamp: str) -> frozenset[str]:
    return frozenset(mapper.local_table.name for mapper in db.Model.registry.mappers
                     if getattr(mapper.class_, "__data_version__", None) == stamp)


#: The reference data (ESCO skills and occupations, postcodes, ...): two thirds of the
#: time of hashing every row, twice per test. Every ORM or bulk write to these models
#: raises the "taxonomy" stamp (``marketplace/data_versions.py``), and the stamp's row
#: is hashed with ``data_version``; their row counts are compared too.
REFERENCE_TABLES = _stamped_tables("taxonomy")


def fingerprint(exclude: frozenset[str] = REQUEST_BOOKKEEPING) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of all its rows (in primary-key order), so
    that any insert, update or delete anywhere shows as a difference. The reference
    tables count their rows; a write to them shows as the raised "taxonomy" stamp."""
    db.session.expire_all()
    result = {}
    for name, table in sorted(db.metadata.tables.items()):
        if name in exclude:
            continue
        if name in REFERENCE_TABLES:
            result[name] = (db.session.scalar(select(func.count()).select_from(table)), "")
            continue
        order = list(table.primary_key.columns) or list(table.columns)
        digest = hashlib.sha256()
        count = 0
        for row in db.session.execute(select(table).order_by(*order)):
            digest.update(repr(tuple(row)).encode())
            count += 1
        result[name] = (count, digest.hexdigest())
    return result


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    maxlength: int | None = None
    hidden: bool = False  # readonly, disabled or hidden: nobody types into it


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)

    def data(self) -> dict[str, str | list[str]]:
        """The body a browser would send as the form stands (prefilled values, the
        checked boxes, the selected option or else the first)."""
        body: dict[str, list[str]] = {}
        for f in self.fields:
            if f.kind in ("checkbox", "radio"):
                if f.checked:
                    body.setdefault(f.name, []).append(f.value or "y")
            elif f.kind in ("submit", "button", "reset", "image", "file"):
                continue
            elif f.kind == "select":
                body.setdefault(f.name, []).append(f.value or (f.options[0] if f.options else ""))
            else:
                body.setdefault(f.name, []).append(f.value)
        return {k: v[0] if len(v) == 1 else v for k, v in body.items()}

    def text_fields(self, passwords: bool = True) -> list[str]:
        """Names of the fields a person types into (``passwords``: also those)."""
        typed = ("text", "search", "email", "tel", "url", "number", "date",
                 "textarea", "month", "week", "time", "datetime-local",
                 *(("password",) if passwords else ()))
        return sorted({f.name for f in self.fields
                       if f.kind in typed and not f.hidden and f.name != "csrf_token"})

    def choice_fields(self) -> list[str]:
        return sorted({f.name for f in self.fields if f.kind in ("select", "radio", "checkbox")})


class _PageParser(HTMLParser):
    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.fragments: list[str] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option_value: str | None = None
        self._option_selected = False
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if a.get("hx-get"):
            self.fragments.append(urljoin(self.base, a["hx-get"]))
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.base, a["href"]))
        elif tag == "form":
            self._form = Form(urljoin(self.base, a.get("action") or self.base),
                              (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None or ("name" not in a and tag in ("input", "select", "textarea")):
            return
        elif tag == "input":
            self._form.fields.append(Field(
                a["name"], (a.get("type") or "text").lower(), a.get("value", ""),
                checked="checked" in a, maxlength=_int(a.get("maxlength")),
                hidden=bool({"hidden", "readonly", "disabled"} & set(a))))
        elif tag == "select":
            self._select = Field(a["name"], "select")
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_selected = "selected" in a
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea", maxlength=_int(a.get("maxlength")))
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._select is not None and self._option_value is None and data.strip():
            self._option_value = data.strip()  # an option without a value sends its text

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
            # A browser drops one line break (WTForms writes CR LF) after <textarea>.
            if self._form and self._form.fields:
                last = self._form.fields[-1]
                last.value = last.value.removeprefix("\r").removeprefix("\n")
        elif tag == "option" and self._select is not None:
            value = self._option_value or ""
            self._select.options.append(value)
            if self._option_selected:
                self._select.value = value
            self._option_value = None
            self._option_selected = False


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def parse_page(html: str, base: str) -> tuple[list[Form], list[str]]:
    """The forms and the link targets (absolute URLs) of a page."""
    parser = _PageParser(base)
    parser.feed(html)
    return parser.forms, parser.links


def fragment_urls(html: str, base: str) -> list[str]:
    """The URLs htmx fetches from a page (``hx-get``)."""
    parser = _PageParser(base)
    parser.feed(html)
    return parser.fragments


#: Paths a crawler never follows: files that never hold data, and logging out.
NOT_CRAWLED = ("/static/", "/logout")


@dataclass
class Fetched:
    url: str
    status: int
    mimetype: str
    text: str


def crawl(client, start: list[str], limit: int = 250) -> list[Fetched]:
    """Every page reachable from ``start`` by GET, as ``client`` sees it: links, htmx
    fragments (asked with the HX-Request header, as htmx does) and GET forms sent as
    they stand. Breadth first, at most ``limit`` pages."""
    seen: set[tuple[str, bool]] = set()
    queue = [(url, False) for url in start]
    fetched: list[Fetched] = []
    while queue and len(fetched) < limit:
        url, as_fragment = queue.pop(0)
        path = local_path(url)
        if path is None or path.startswith(NOT_CRAWLED) or (path, as_fragment) in seen:
            continue
        seen.add((path, as_fragment))
        headers = {"HX-Request": "true"} if as_fragment else {}
        response = client.get(path, headers=headers)
        text = response.get_data(as_text=True)
        fetched.append(Fetched(path, response.status_code, response.mimetype, text))
        if response.mimetype != "text/html" or response.status_code != 200:
            continue
        base = f"http://localhost{path}"
        parser = _PageParser(base)
        parser.feed(text)
        queue.extend((link, False) for link in parser.links)
        queue.extend((link, True) for link in parser.fragments)
        for form in parser.forms:
            if form.method == "get":
                query = urlencode(form.data(), doseq=True)
                queue.append((f"{form.action.split('?')[0]}?{query}", False))
    return fetched



def error_next_to(page: str, field_id: str) -> str:
    """The error message shown with the input ``field_id`` (the ``field`` macro's)."""
    match = re.search(rf'<p class="error-message" id="{re.escape(field_id)}-error">(.*?)</p>',
                      page, re.S)
    return match.group(1) if match else ""


def local_path(url: str) -> str | None:
    """Path and query of a same-site URL, or None for another site."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "localhost"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def route_url(endpoint: str, context: dict) -> tuple[str, str, dict | None]:
    """Method, URL and body of ``endpoint`` as the access matrix tries it."""
    method, args, data, _expected = ROUTES[endpoint]
    if callable(args):
        args = args(context)
    if callable(data):
        data = data(context)
    return method, url_for(endpoint, **args), data


def reachable_get_routes(role: str) -> list[str]:
    """Endpoints the access matrix lets ``role`` open with GET (a 200), static files
    left out."""
    return sorted(
        endpoint for endpoint, (method, _args, _data, expected) in ROUTES.items()
        if method == "GET" and expected[role] == 200 and endpoint != "static"
    )
