"""Split a graph string into logical lines.

Comments and blank lines go, whitespace inside a line goes (after checking
it does not separate two names, as in ``foo bar => baz``), and a line that
ends with ``=>``, ``&`` or ``|``, or whose next line begins with one, is
joined to the next.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from cylc_flow.exceptions import GraphParseError

CONTINUATIONS = ('=>', '&', '|')

# Whitespace between two name characters: "foo bar" would silently become
# "foobar".  Spaces around +/- followed by digits are fine ("<m - 1>").
_NAME_END = r'(?:[\w%@?]|(?<!=)>|[+\-](?!\s*\d))'
_NAME_START = r'(?:[\w%@]|[+\-](?!\s*\d))'
_BAD_SPACE = re.compile(rf'{_NAME_END}\s+{_NAME_START}')

NODE_FORMAT_HELP = (
    'correct format is @XTRIG or NAME(<PARAMS>)([CYCLE-POINT-OFFSET])'
    '(:QUALIFIER)(?)'
)


# Physical line of the most common form, "a => b" (names only).
_SIMPLE_PAIR = re.compile(
    r'\s*(\w[\w\-+%@]*+)\s*=>\s*(\w[\w\-+%@]*+)\s*'
).fullmatch


# A line: (text without whitespace, text as written, (left, right) for a
# plain "a => b" line, starts with a continuation, ends with one).  The text
# of a plain pair is left empty (it is rebuilt only if the line is joined).
GraphLine: TypeAlias = tuple[str, str, 'tuple[str, str] | None', bool, bool]


def bad_node_error(display: str) -> GraphParseError:
    """The error for a line whose nodes are malformed."""
    return GraphParseError(f'Bad graph node format: {display} ({NODE_FORMAT_HELP})')


def read_lines(graph: str) -> list[GraphLine]:
    """Return the logical lines of a graph string."""
    physical: list[GraphLine] = []
    append = physical.append
    simple_pair = _SIMPLE_PAIR
    bad_space = _BAD_SPACE.search
    for raw in graph.splitlines():
        if '#' in raw:
            raw = raw[:raw.index('#')]
        match = simple_pair(raw)
        if match is not None:
            append(('', raw.strip(), match.groups(), False, False))
            continue
        words = raw.split()
        if not words:
            continue
        if len(words) > 1 and bad_space(raw):
            raise bad_node_error(raw.strip())
        text = ''.join(words)
        append((
            text,
            raw.strip(),
            None,
            text.startswith(CONTINUATIONS),
            text.endswith(CONTINUATIONS),
        ))
    return _join(physical)


def _text(line: GraphLine) -> str:
    pair = line[2]
    return f'{pair[0]}=>{pair[1]}' if pair else line[0]


def _marker(text: str, at_end: bool) -> str:
    for marker in CONTINUATIONS:
        if (text.endswith(marker) if at_end else text.startswith(marker)):
            return marker
    return ''


def _join(physical: list[GraphLine]) -> list[GraphLine]:
    if not physical:
        return []
    if physical[0][3]:
        text, display = physical[0][:2]
        raise GraphParseError(f'Leading {_marker(text, False)}: {display}')
    lines: list[GraphLine] = []
    pending: list[GraphLine] = []
    last = len(physical) - 1
    for index, item in enumerate(physical):
        ends = item[4]
        if index < last:
            next_item = physical[index + 1]
            next_starts = next_item[3]
            if ends and next_starts:
                raise GraphParseError(
                    'Consecutive lines end and start with continuation'
                    f' characters: {item[1]} / {next_item[1]}'
                )
            if ends or next_starts:
                pending.append(item)
                continue
        elif ends:
            raise GraphParseError(
                f'Dangling {_marker(item[0], True)}: {item[1]}'
            )
        if pending:
            pending.append(item)
            lines.append((
                ''.join(_text(part) for part in pending),
                ' '.join(part[1] for part in pending),
                None,
                False,
                False,
            ))
            pending = []
        else:
            lines.append(item)
    return lines
