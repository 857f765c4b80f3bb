"""Rules for short texts that are one line: names, pseudonyms, titles.

Pure (no Flask): the web forms (``web.forms.SingleLine``) and the records import use
the same rule and turn its problem codes into their own messages.

- A line break or any other control character (Unicode category Cc: tab, NUL, the C1
  range) is refused: such a value could split a mail header or a CSV row.
- The bidirectional embedding, override and isolate controls (U+202A-U+202E,
  U+2066-U+2069) are refused anywhere: they make text read differently than it is.
- A text made only of whitespace and invisible characters (zero-width space,
  direction marks, soft hyphen, byte order mark, ...) is refused: it looks empty.
- Zero-width (non-)joiners and other format characters are fine inside text that
  shows: Persian names need the zero-width non-joiner.

``flatten_line`` is the repair for texts stored before the rule, where a value must
be one line (the subject and the lines of a mail).
"""

from __future__ import annotations

import re
import unicodedata

LINE_BREAK = "line_break"
CONTROL = "control"
DIRECTION = "direction"
INVISIBLE = "invisible"

#: What ``str.splitlines`` splits on: every character that ends a line somewhere.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: Embedding, override and isolate controls; the marks (U+200E/F) only hint a direction.
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Letters that draw nothing, used to fake a blank name; not category Cf or whitespace.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

_UNSAFE_RUN = re.compile(
    "[" + re.escape("".join(sorted(LINE_BREAKS | DIRECTION_CONTROLS))) + r"\x00-\x1f\x7f-\x9f]+"
)


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def _is_invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf" or char in BLANK_LETTERS


def single_line_problem(text: str) -> str | None:
    """The first thing wrong with ``text`` as a one-line name or title, as a code
    (``LINE_BREAK``, ``CONTROL``, ``DIRECTION``, ``INVISIBLE``), or None when it is
    fine. An empty text is fine here: whether a value is required is another rule."""
    if any(char in LINE_BREAKS for char in text):
        return LINE_BREAK
    if any(_is_control(char) for char in text):
        return CONTROL
    if any(char in DIRECTION_CONTROLS for char in text):
        return DIRECTION
    if text and all(_is_invisible(char) for char in text):
        return INVISIBLE
    return None


def flatten_line(text: str) -> str:
    """``text`` on one line: each run of line breaks, other control characters and
    direction controls becomes one space. For values stored before the rule."""
    return _UNSAFE_RUN.sub(" ", text)
