"""Turn the raw text after ``key =`` into the item's string value.

Rules (the reader does not know item types, so lists stay as text):

* ``"text"`` or ``'text'`` (the whole value, optionally followed by a
  comment): the text between the quotes, stripped as Cylc 8 strips every
  string value (backslash escapes are kept as written).
* ``\"\"\"text\"\"\"`` / ``'''text'''`` (one line or several): the text
  between the quotes with the common leading whitespace removed (as
  :func:`textwrap.dedent` does) and then stripped, as Cylc 8 does.
* anything else: the text up to a ``#`` that is not inside a quoted
  string, stripped.  Quotes are kept, so ``"a", "b"`` stays as written for
  list parsing.  A value that starts with a quote must close every quote.
"""

from __future__ import annotations

import re

_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"\s*(?:#.*)?', re.DOTALL)
_SINGLE_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'\s*(?:#.*)?", re.DOTALL)
_TRIPLE_ONE_LINE = {
    '"""': re.compile(r'"""(.*?)"""\s*(?:#.*)?', re.DOTALL),
    "'''": re.compile(r"'''(.*?)'''\s*(?:#.*)?", re.DOTALL),
}
TRIPLE_QUOTES = ('"""', "'''")


class UnclosedQuoteError(ValueError):
    """A value that starts with a quote leaves a quote open."""


def single_line_value(raw: str) -> str:
    """Return the value of a one-line (not triple-quoted) item.

    Raises UnclosedQuoteError for a quoted value with an unclosed quote.
    """
    if not raw:
        return raw
    first = raw[0]
    if first == '"' or first == "'":
        match = (_DOUBLE_QUOTED if first == '"' else _SINGLE_QUOTED).fullmatch(raw)
        if match:
            return match.group(1).strip()
        end = comment_start(raw, strict=True)
        return raw[:end].strip()
    if '#' not in raw:
        return raw.strip()
    return raw[: comment_start(raw)].strip()


def one_line_triple_quoted(raw: str) -> str | None:
    """The text of ``\"\"\"text\"\"\"`` on one line, or None if it does not fit."""
    match = _TRIPLE_ONE_LINE[raw[:3]].fullmatch(raw)
    return None if match is None else dedent_text(match.group(1))


def comment_start(text: str, *, strict: bool = False) -> int:
    """Index of the ``#`` that starts a trailing comment (len(text) if none).

    A ``#`` inside a closed quoted string does not start a comment.  A quote
    that is never closed is an ordinary character (so ``don't # x`` has a
    comment), unless ``strict``, when it raises UnclosedQuoteError.
    """
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == '#':
            return index
        if char == '"' or char == "'":
            close = _closing_quote(text, index)
            if close < 0:
                if strict:
                    raise UnclosedQuoteError(char)
            else:
                index = close
        index += 1
    return length


def _closing_quote(text: str, start: int) -> int:
    """Index of the quote closing the one at ``start`` (-1 if none)."""
    quote = text[start]
    index = start + 1
    length = len(text)
    while index < length:
        char = text[index]
        if char == '\\':
            index += 2
            continue
        if char == quote:
            return index
        index += 1
    return -1


def dedent_text(text: str) -> str:
    """Remove the common leading whitespace of the lines, then strip."""
    if '\n' not in text:
        return text.strip()
    return dedent_lines(text.split('\n'))


def dedent_lines(lines: list[str]) -> str:
    """Join lines without their common leading whitespace, then strip.

    Like :func:`textwrap.dedent` followed by ``strip()``: whitespace-only
    lines do not count towards the margin.  (Written with C-level list
    operations: a graph string can have 100,000 lines.)
    """
    content = list(filter(None, lines))
    if any(map(str.isspace, content)):
        lines = ['' if line.isspace() else line for line in lines]
        content = list(filter(None, lines))
    text = '\n'.join(lines)
    margin = _leading_whitespace(_common_prefix(content))
    if margin:
        if text.startswith(margin):
            text = text[len(margin) :]
        text = text.replace('\n' + margin, '\n')
    return text.strip()


def _leading_whitespace(text: str) -> str:
    """The spaces and tabs ``text`` starts with."""
    return text[: len(text) - len(text.lstrip(' \t'))]


def _common_prefix(strings: list[str]) -> str:
    """The longest string every item starts with (char by char)."""
    if not strings:
        return ''
    low = min(strings)
    high = max(strings)
    for index, char in enumerate(low):
        if char != high[index]:
            return low[:index]
    return low
