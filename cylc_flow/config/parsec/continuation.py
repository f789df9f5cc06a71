"""Join lines that end with a ``\\`` continuation marker.

As in Cylc 8, joining happens everywhere (also inside multi-line strings
and after comments), a marker on the last line is dropped, and whitespace
after a marker outside a comment is an error (it is almost always a
mistake that would silently break the continuation).
"""

from __future__ import annotations

from cylc_flow.config.parsec.records import SourceText
from cylc_flow.exceptions import FileParseError


def join_continuations(source: SourceText) -> SourceText:
    """Return ``source`` with continued lines joined onto their first line.

    A joined line keeps the origin of its first physical line.
    """
    lines = source.lines
    if not any('\\' in line for line in lines):
        return source
    result = SourceText([], [], [], source.rendered)
    count = len(lines)
    index = 0
    while index < count:
        line = lines[index]
        first = index
        if '\\' in line:
            _check_trailing_whitespace(line, source, index)
        while line.endswith('\\'):
            if index == count - 1:
                line = line[:-1]
                break
            index += 1
            following = lines[index]
            if '\\' in following:
                _check_trailing_whitespace(following, source, index)
            line = line[:-1] + following
        result.lines.append(line)
        result.files.append(source.files[first])
        result.numbers.append(source.numbers[first])
        index += 1
    return result


def _check_trailing_whitespace(line: str, source: SourceText, index: int) -> None:
    """Raise if ``line`` ends with ``\\`` plus whitespace, outside a comment."""
    if line.endswith('\\'):
        return
    stripped = line.rstrip()
    if stripped.endswith('\\') and '#' not in stripped:
        raise FileParseError(
            'whitespace after the line continuation character (\\)',
            source.files[index],
            source.numbers[index],
        )
