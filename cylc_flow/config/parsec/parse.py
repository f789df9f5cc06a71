"""Parse processed lines into nested sections and items.

* ``[a]``, ``[[b]]``, ``[[[c]]]``: a heading's bracket count is its depth;
  opening and closing brackets must match; a heading may go down at most
  one level.  A heading may be indented and followed by a comment.
* ``key = value``: an item of the current section (items before the first
  heading belong to the top level, as in Cylc 8; the spec decides whether
  they are allowed).  Keys keep their case.
* Full-line comments and blank lines are skipped.
* Section and item names are whitespace-normalised: ``[[ a  b ]]`` is
  ``a b``.
* A section seen again is merged into the first.  An item set again takes
  the later value, except items under ``[scheduling][graph]`` (and Cylc 7's
  ``[scheduling][dependencies]``), whose values are appended on a new line.
* Values: see :mod:`cylc_flow.config.parsec.values`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cylc_flow.config.parsec.records import (
    Origin,
    ParsedConfig,
    SourceText,
    make_origin,
)
from cylc_flow.config.parsec.values import (
    TRIPLE_QUOTES,
    UnclosedQuoteError,
    comment_start,
    dedent_lines,
    one_line_triple_quoted,
    single_line_value,
)
from cylc_flow.exceptions import FileParseError

_HEADING = re.compile(r'(\[++)(.*?)(\]++)\s*(?:#.*)?')
# Key characters as Cylc 8 allows them, plus an optional <param> suffix.
_KEY = re.compile(r'[\w+\-:.,!/()^$ ]+(?:\s*<[^>]*>)?')
# For keys whose <param> suffix holds an "=" (e.g. foo<m=1> = x).
_ITEM = re.compile(r'([\w+\-:.,!/()^$ ]+?\s*<[^>]*>)\s*+=\s*+(.*)')
APPENDED_GRAPH_SECTIONS = (('scheduling', 'graph'), ('scheduling', 'dependencies'))
_SHOWN_CHARS = 80
_VIEW_HINT = "(line numbers match 'cylc view -p')"


def _normalise(name: str) -> str:
    """Strip a name and collapse internal whitespace runs to one space."""
    if '  ' in name or '\t' in name or name != name.strip():
        return ' '.join(name.split())
    return name


def _shown(line: str) -> str:
    text = line.strip()
    if len(text) > _SHOWN_CHARS:
        text = text[:_SHOWN_CHARS] + '...'
    return text


class _Parser:
    """Line-by-line state machine building the nested dict."""

    __slots__ = (
        'data',
        'files',
        'graph_section',
        'lines',
        'numbers',
        'origins',
        'path',
        'rendered',
        'section',
        'section_key',
        'stack',
    )

    def __init__(self, source: SourceText) -> None:
        self.lines = source.lines
        self.files = source.files
        self.numbers = source.numbers
        self.rendered = source.rendered
        self.data: dict[str, Any] = {}
        self.origins: dict[tuple[str, ...], Origin] = {}
        self.path: list[str] = []
        self.stack: list[dict[str, Any]] = [self.data]
        self.section: dict[str, Any] = self.data
        self.section_key: tuple[str, ...] = ()
        self.graph_section = False

    def error(self, reason: str, index: int, show_line: bool = True) -> FileParseError:
        """A FileParseError for the line at ``index``."""
        context_lines = []
        if show_line:
            context_lines.append('   ' + _shown(self.lines[index]))
        if self.rendered:
            context_lines.append(_VIEW_HINT)
        return FileParseError(
            reason,
            self.files[index],
            self.numbers[index],
            '\n'.join(context_lines) or None,
        )

    def run(self) -> None:
        """Parse every line (the hot loop: items are handled inline)."""
        lines = self.lines
        files = self.files
        numbers = self.numbers
        origins = self.origins
        heading = _HEADING.fullmatch
        key_match = _KEY.fullmatch
        count = len(lines)
        index = -1
        while index < count - 1:
            index += 1
            stripped = lines[index].strip()
            if not stripped:
                continue
            first = stripped[0]
            if first == '#':
                continue
            if first == '[':
                self.add_section(_split_heading(stripped, heading, self, index), index)
                continue
            equals = stripped.find('=')
            key = stripped[:equals].rstrip() if equals > 0 else ''
            if key and '<' not in key and key_match(key):
                raw = stripped[equals + 1 :].lstrip()
            else:
                key, raw = _split_item(stripped, index, self)
            if '  ' in key:
                key = ' '.join(key.split())
            start = index
            first = raw[:1]
            if first == '"' or first == "'":
                if raw[:3] in TRIPLE_QUOTES:
                    value, index = self.triple_quoted(raw, index)
                else:
                    try:
                        value = single_line_value(raw)
                    except UnclosedQuoteError:
                        raise self.error(
                            f'unclosed quote in the value of "{key}"', index
                        ) from None
            elif '#' in raw:
                value = raw[: comment_start(raw)].rstrip()
            else:
                value = raw
            section = self.section
            previous = section.get(key)
            if previous is None:
                section[key] = value
                origins[(*self.section_key, key)] = make_origin(
                    files[start], numbers[start]
                )
            else:
                self.replace_item(key, previous, value, start)

    def add_section(self, heading: tuple[int, str, int], index: int) -> None:
        depth, name, closing = heading
        if depth != closing:
            raise self.error('bracket mismatch in section heading', index)
        if not name:
            raise self.error('empty section heading', index)
        path = self.path
        if depth > len(path) + 1:
            raise self.error(
                f'section heading {"[" * depth}{name}{"]" * depth} is more than'
                ' one level deeper than the section it is in',
                index,
            )
        stack = self.stack
        if len(path) >= depth:
            del path[depth - 1 :]
            del stack[depth:]
        parent = stack[-1]
        path.append(name)
        self.section_key = section_key = tuple(path)
        section = parent.get(name)
        if section is None:
            section = parent[name] = {}
            self.origins[section_key] = make_origin(
                self.files[index], self.numbers[index]
            )
        elif section.__class__ is not dict:
            raise self.error(
                f'section [{"][".join(path)}] has the same name as an'
                ' item set earlier',
                index,
            )
        stack.append(section)
        self.section = section
        self.graph_section = section_key[:2] in APPENDED_GRAPH_SECTIONS

    def replace_item(self, key: str, previous: Any, value: str, index: int) -> None:
        """Set an item that was set before (graph items are appended)."""
        item_key = (*self.section_key, key)
        if isinstance(previous, dict):
            raise self.error(
                f'item "{key}" has the same name as the section'
                f' [{"][".join(item_key)}]',
                index,
            )
        if self.graph_section:
            self.section[key] = f'{previous}\n{value}' if previous else value
            return
        self.section[key] = value
        self.origins[item_key] = make_origin(self.files[index], self.numbers[index])

    def triple_quoted(self, raw: str, index: int) -> tuple[str, int]:
        """A triple-quoted value and the index of its last line."""
        quote = raw[:3]
        rest = raw[3:]
        if quote in rest:
            value = one_line_triple_quoted(raw)
            if value is None:
                raise self.error('invalid text after the closing quotes', index)
            return value, index
        lines = self.lines
        for end in range(index + 1, len(lines)):
            if quote in lines[end]:
                break
        else:
            raise self.error(f'multi-line string not closed ({quote})', index)
        last = lines[end]
        position = last.find(quote)
        after = last[position + 3 :].strip()
        if after and after[0] != '#':
            raise self.error('invalid text after the closing quotes', end)
        return dedent_lines([rest, *lines[index + 1 : end], last[:position]]), end


def _split_item(stripped: str, index: int, parser: _Parser) -> tuple[str, str]:
    """(key, raw value) of an item line, else raise "invalid line"."""
    equals = stripped.find('=')
    if equals > 0:
        key = stripped[:equals].rstrip()
        if '<' in key and '>' not in key:
            match = _ITEM.fullmatch(stripped)
            if match is not None:
                return match[1], match[2]
        elif _KEY.fullmatch(key):
            return key, stripped[equals + 1 :].lstrip()
    raise parser.error(f'invalid line: {_shown(stripped)}', index, False)


def _split_heading(
    stripped: str,
    heading: Callable[[str], re.Match[str] | None],
    parser: _Parser,
    index: int,
) -> tuple[int, str, int]:
    """(opening bracket count, normalised name, closing bracket count)."""
    if stripped[-1] == ']' and '#' not in stripped:
        inner = stripped.lstrip('[')
        name = inner.rstrip(']')
        if '[' not in name and ']' not in name:
            return (
                len(stripped) - len(inner),
                _normalise(name),
                len(inner) - len(name),
            )
    match = heading(stripped)
    if match is None:
        raise parser.error(f'invalid section heading: {_shown(stripped)}', index, False)
    opening, name, closing = match.groups()
    return len(opening), _normalise(name), len(closing)


def parse_source(source: SourceText, filename: str) -> ParsedConfig:
    """Parse processed lines into a ParsedConfig."""
    parser = _Parser(source)
    parser.run()
    return ParsedConfig(parser.data, parser.origins, source.lines, filename)
