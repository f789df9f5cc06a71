"""Comma-separated list values: quoting, ``N*x`` multipliers and ``a..b`` ranges."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from cylc_flow.exceptions import IllegalValueError

T = TypeVar('T')

# Guards against values that would expand into absurdly long lists.
MAX_MULTIPLIER = 10_000
MAX_RANGE_LENGTH = 100_000

_QUOTES = frozenset('"\'')
_REC_MULTIPLIER = re.compile(r'\A\s*(\d+)\s*\*\s*(.*?)\s*\Z', re.DOTALL)
_REC_INT_RANGE = re.compile(
    r'\A\s*([+\-]?\d+)\s*\.\.\s*([+\-]?\d+)(?:\s*\.\.\s*(\d+))?\s*\Z'
)


def split_list(value: str) -> list[str]:
    """Split a comma-separated list, honouring single and double quotes.

    Items are stripped; an item that starts with a quote runs to the matching
    quote (commas inside are kept) and the quotes are removed. A trailing
    comma is allowed; an empty value gives an empty list.
    """
    text = value.strip()
    if not text:
        return []
    if '"' not in text and "'" not in text:
        items = [part.strip() for part in text.split(',')]
        if '<' in text:
            _check_parameter_commas(items)
    else:
        items = _split_quoted(text)
    if items and items[-1] == '':
        items.pop()
    return items


def _split_quoted(text: str) -> list[str]:
    """Split a list in which some items are quoted."""
    items: list[str] = []
    length = len(text)
    position = 0
    while True:
        while position < length and text[position].isspace():
            position += 1
        if position < length and text[position] in _QUOTES:
            quote = text[position]
            end = text.find(quote, position + 1)
            if end < 0:
                raise IllegalValueError(f'unterminated {quote} quote in list')
            items.append(text[position + 1:end])
            position = end + 1
            while position < length and text[position].isspace():
                position += 1
            if position < length and text[position] != ',':
                raise IllegalValueError(
                    f'unexpected text after quoted list item "{items[-1]}"'
                )
        else:
            end = text.find(',', position)
            if end < 0:
                end = length
            item = text[position:end].strip()
            if '<' in item:
                _check_parameter_commas([item])
            items.append(item)
            position = end
        if position >= length:
            return items
        position += 1  # skip the comma
        if position >= length:
            items.append('')
            return items


def _check_parameter_commas(items: list[str]) -> None:
    """Reject unquoted names like ``foo<m,n>`` that the commas split apart."""
    for item in items:
        if item.count('<') > item.count('>'):
            raise IllegalValueError(
                "names containing commas must be quoted (e.g. 'foo<m,n>')"
            )


def expand_multipliers(items: list[str], convert: Callable[[str], T]) -> list[T]:
    """Convert list items, expanding ``N*value`` into N copies of the value."""
    result: list[T] = []
    for item in items:
        if '*' in item:
            match = _REC_MULTIPLIER.match(item)
            if match is None:
                raise IllegalValueError(
                    f'bad list item "{item}" (a multiplier is written N*value)'
                )
            count = int(match[1])
            if count > MAX_MULTIPLIER:
                raise IllegalValueError(
                    f'multiplier too large in "{item}" (at most {MAX_MULTIPLIER})'
                )
            result.extend([convert(match[2])] * count)
        else:
            result.append(convert(item))
    return result


def parse_int_range(item: str) -> list[int] | None:
    """Expand ``START..END[..STEP]`` to its integers, or None if not a range."""
    if '..' not in item:
        return None
    match = _REC_INT_RANGE.match(item)
    if match is None:
        return None
    lower, upper = int(match[1]), int(match[2])
    step = int(match[3]) if match[3] else 1
    if step == 0:
        raise IllegalValueError(f'range step cannot be zero in "{item}"')
    if upper >= lower and (upper - lower) // step >= MAX_RANGE_LENGTH:
        raise IllegalValueError(
            f'range "{item}" is too long (at most {MAX_RANGE_LENGTH} values)'
        )
    return list(range(lower, upper + 1, step))


def parse_min_max(item: str) -> tuple[int, int] | None:
    """Parse a single ``MIN .. MAX`` pair (no step), or return None."""
    match = _REC_INT_RANGE.match(item)
    if match is None or match[3]:
        return None
    return int(match[1]), int(match[2])
