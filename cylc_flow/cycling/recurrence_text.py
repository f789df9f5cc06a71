"""Text-level handling of recurrence expressions (shared by both modes).

* ``'T00, T12'`` holds two recurrences: split on commas outside brackets.
* ``^`` and ``$`` stand for the initial and final cycle points.
* ``'P1D ! (20000101, T06)'`` is a recurrence with exclusions.
"""

from __future__ import annotations

from cylc_flow.cycling.errors import MissingFinalPointError
from cylc_flow.exceptions import SequenceParsingError

_EXCLUSION_JUNK = str.maketrans('', '', ' ()')


def split_recurrences(text: str) -> list[str]:
    """Split a graph heading on the commas that are not inside brackets.

    >>> split_recurrences('T00, T12')
    ['T00', 'T12']
    >>> split_recurrences('R1/min(T00, T18), P1D!(T06, T12)')
    ['R1/min(T00, T18)', 'P1D!(T06, T12)']
    """
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == '(':
            depth += 1
        elif char == ')':
            depth = max(depth - 1, 0)
        elif char == ',' and depth == 0:
            parts.append(''.join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append(''.join(current).strip())
    return parts


def substitute_context_points(
    text: str, initial: str, final: str | None
) -> str:
    """Replace ``^`` with the initial point and ``$`` with the final point."""
    if '^' in text:
        text = text.replace('^', initial)
    if '$' in text:
        if final is None:
            raise MissingFinalPointError(
                f'{text}: final cycle point referenced ($) but not defined.'
            )
        text = text.replace('$', final)
    return text


def parse_whole_number(digits: str, text: str) -> int:
    """Convert the digits of a count or point, or raise a sequence error."""
    try:
        return int(digits)
    except ValueError:
        raise SequenceParsingError(f'{text}: number too long') from None


def split_exclusions(text: str) -> tuple[str, list[str]]:
    """Split ``'main ! exclusions'`` into the main text and exclusion items.

    >>> split_exclusions('P1D ! (20000101T00, T06)')
    ('P1D', ['20000101T00', 'T06'])
    >>> split_exclusions('PT1H')
    ('PT1H', [])
    """
    count = text.count('!')
    if count == 0:
        return text.strip(), []
    if count > 1:
        raise SequenceParsingError(
            f"'{text}': only one set of exclusions per expression permitted"
        )
    main, exclusions = text.split('!')
    stripped = exclusions.strip()
    if ',' in stripped and not (
        stripped.startswith('(') and stripped.endswith(')')
    ):
        raise SequenceParsingError(
            f"'{stripped}': a list of exclusions must be enclosed in"
            ' parentheses.'
        )
    items = stripped.translate(_EXCLUSION_JUNK).split(',')
    if not main.strip() or any(not item for item in items):
        raise SequenceParsingError(f"'{text}': empty recurrence or exclusion")
    return main.strip(), items
