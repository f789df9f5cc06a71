"""Value types of config items and how raw strings are coerced to them.

Each coercer takes the raw text (already unquoted by the reader) and returns
the typed value, or raises :class:`IllegalValueError` whose message says what
was wrong (the validator adds the item, value and file:line).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from textwrap import dedent
from typing import Any

from cylc_flow.config.spec.cycle_values import (
    coerce_cycle_interval,
    coerce_cycle_point,
    coerce_cycle_point_format,
    coerce_cycle_point_time_zone,
    coerce_point_with_offsets,
)
from cylc_flow.config.spec.durations import DurationFloat, parse_interval
from cylc_flow.config.spec.list_values import (
    expand_multipliers,
    parse_int_range,
    parse_min_max,
    split_list,
)
from cylc_flow.config.spec.xtrigger_values import coerce_xtrigger
from cylc_flow.exceptions import IllegalValueError

_BOOLEANS = {'True': True, 'true': True, 'False': False, 'false': False}
_REC_PARAMETER_NAME = re.compile(r'\A[\w\-+%@]+\Z')
_SELF_REFERENCES = ('localhost', '127.0.0.1', '0.0.0.0')


@dataclass(frozen=True, slots=True)
class ValueType:
    """A kind of config value: its name, a short label, help and coercer."""

    name: str
    label: str
    help: str
    coerce: Callable[[str], Any]
    is_list: bool = False

    def __repr__(self) -> str:
        return self.name


class IntegerRange(tuple):
    """A ``(min, max)`` pair that prints as ``min .. max``."""

    __slots__ = ()

    def __str__(self) -> str:
        return f'{self[0]} .. {self[1]}'


def coerce_string(value: str) -> str:
    if '\n' in value:
        return dedent(value).strip()
    return value.strip()


def coerce_boolean(value: str) -> bool | None:
    text = value.strip()
    if not text:
        return None
    try:
        return _BOOLEANS[text]
    except KeyError:
        raise IllegalValueError('') from None


def coerce_integer(value: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise IllegalValueError('') from None


def coerce_float(value: str) -> float | None:
    text = value.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise IllegalValueError('') from None


def coerce_interval(value: str) -> DurationFloat | None:
    text = value.strip()
    if not text:
        return None
    return parse_interval(text)


def _interval_item(text: str) -> DurationFloat:
    if not text:
        raise IllegalValueError('empty list item')
    return parse_interval(text)


def _integer_item(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise IllegalValueError(f'"{text}" is not an integer') from None


def _float_item(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise IllegalValueError(f'"{text}" is not a number') from None


def coerce_interval_list(value: str) -> list[DurationFloat]:
    return expand_multipliers(split_list(value), _interval_item)


def coerce_string_list(value: str) -> list[str]:
    return split_list(value)


def coerce_spaceless_string_list(value: str) -> list[str]:
    items = split_list(value)
    for item in items:
        if ' ' in item:
            raise IllegalValueError(f'list item "{item}" cannot contain a space')
    return items


def coerce_absolute_host_list(value: str) -> list[str]:
    hosts = coerce_spaceless_string_list(value)
    for host in hosts:
        if host.startswith(_SELF_REFERENCES):
            raise IllegalValueError(f'ambiguous host "{host}"')
    return hosts


def coerce_integer_list(value: str) -> list[int]:
    result: list[int] = []
    for item in split_list(value):
        expanded = parse_int_range(item)
        if expanded is None:
            result.extend(expand_multipliers([item], _integer_item))
        else:
            result.extend(expanded)
    return result


def coerce_float_list(value: str) -> list[float]:
    return expand_multipliers(split_list(value), _float_item)


def coerce_range(value: str) -> IntegerRange:
    items = split_list(value)
    if len(items) != 1:
        raise IllegalValueError('only one min .. max pair is allowed')
    pair = parse_min_max(items[0])
    if pair is None:
        raise IllegalValueError('write the range as min .. max')
    if pair[0] > pair[1]:
        raise IllegalValueError('the minimum is greater than the maximum')
    return IntegerRange(pair)


def coerce_parameter_list(value: str) -> list[int] | list[str]:
    """Integers and integer ranges, or names; the two kinds may not mix."""
    items: list[Any] = []
    kind: type | None = None
    for item in split_list(value):
        expanded = parse_int_range(item)
        if expanded is not None:
            if kind is str:
                raise IllegalValueError('cannot mix integer ranges and names')
            kind = int
            items.extend(expanded)
        elif _REC_PARAMETER_NAME.match(item):
            if '_' in item or not _is_integer(item):
                if kind is int:
                    raise IllegalValueError('cannot mix integer ranges and names')
                kind = str
            items.append(item)
        else:
            raise IllegalValueError(f'"{item}" is not a legal parameter value')
    if kind is str:
        return items
    try:
        return [int(item) for item in items]
    except ValueError:
        return items


def _is_integer(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _cached_list(coerce: Callable[[str], list[Any]]) -> Callable[[str], list[Any]]:
    """Cache a list coercer (values repeat across tasks); return fresh lists."""
    cached = lru_cache(maxsize=4096)(lambda text: tuple(coerce(text)))

    def coerce_cached(text: str) -> list[Any]:
        return list(cached(text))

    coerce_cached.__doc__ = coerce.__doc__
    return coerce_cached


def _type(
    name: str, label: str, help_text: str, coerce: Callable[[str], Any],
    *, is_list: bool = False,
) -> ValueType:
    if is_list:
        coerce = _cached_list(coerce)
    return ValueType(name, label, help_text, coerce, is_list)


STRING = _type('STRING', 'a string', 'plain text', coerce_string)
BOOLEAN = _type('BOOLEAN', 'a boolean', 'True or False', coerce_boolean)
INTEGER = _type('INTEGER', 'an integer', 'e.g. 1, -4', coerce_integer)
FLOAT = _type('FLOAT', 'a number', 'e.g. 1, 1.5, 1e3', coerce_float)
INTERVAL = _type(
    'INTERVAL', 'an ISO 8601 duration', 'e.g. PT30S, PT1H, P1D', coerce_interval
)
INTERVAL_LIST = _type(
    'INTERVAL_LIST', 'a list of ISO 8601 durations',
    'e.g. PT1M, 3*PT5M, PT1H', coerce_interval_list, is_list=True,
)
STRING_LIST = _type(
    'STRING_LIST', 'a list of strings', 'comma separated, e.g. a, b c, "d, e"',
    coerce_string_list, is_list=True,
)
SPACELESS_STRING_LIST = _type(
    'SPACELESS_STRING_LIST', 'a list of strings without spaces', 'e.g. a, b, c',
    coerce_spaceless_string_list, is_list=True,
)
ABSOLUTE_HOST_LIST = _type(
    'ABSOLUTE_HOST_LIST', 'a list of host names',
    'no self references such as localhost', coerce_absolute_host_list,
    is_list=True,
)
INTEGER_LIST = _type(
    'INTEGER_LIST', 'a list of integers', 'e.g. 1, 2, 3*4, 5..9',
    coerce_integer_list, is_list=True,
)
FLOAT_LIST = _type(
    'FLOAT_LIST', 'a list of numbers', 'e.g. 1.5, 2*3', coerce_float_list,
    is_list=True,
)
RANGE = _type('RANGE', 'an integer range', 'min .. max, e.g. 43001 .. 43101',
              coerce_range)
PARAMETER_LIST = _type(
    'PARAMETER_LIST', 'a parameter list',
    'names (a, b) or integers and ranges (1..4, 1..10..2, 12)',
    coerce_parameter_list, is_list=True,
)
CYCLE_POINT = _type(
    'CYCLE_POINT', 'a cycle point', 'e.g. 1, 2000-01-01T00Z, now, +P1D',
    coerce_cycle_point,
)
CYCLE_POINT_FORMAT = _type(
    'CYCLE_POINT_FORMAT', 'a cycle point format', 'e.g. CCYYMMDDThhmmZ, %Y%m%d',
    coerce_cycle_point_format,
)
CYCLE_POINT_TIME_ZONE = _type(
    'CYCLE_POINT_TIME_ZONE', 'a time zone', 'e.g. Z, +13, -0830',
    coerce_cycle_point_time_zone,
)
CYCLE_INTERVAL = _type(
    'CYCLE_INTERVAL', 'a cycling interval', 'e.g. P5 (integer) or PT12H',
    coerce_cycle_interval,
)
CYCLE_POINT_WITH_OFFSETS = _type(
    'CYCLE_POINT_WITH_OFFSETS', 'a cycle point with optional offsets',
    'e.g. 2000, +P1Y, 2000 +P1D', coerce_point_with_offsets,
)
XTRIGGER = _type(
    'XTRIGGER', 'an xtrigger function call',
    'function(args, key=value)[:interval]', coerce_xtrigger,
)

ALL_VALUE_TYPES: tuple[ValueType, ...] = (
    STRING, BOOLEAN, INTEGER, FLOAT, INTERVAL, INTERVAL_LIST, STRING_LIST,
    SPACELESS_STRING_LIST, ABSOLUTE_HOST_LIST, INTEGER_LIST, FLOAT_LIST, RANGE,
    PARAMETER_LIST, CYCLE_POINT, CYCLE_POINT_FORMAT, CYCLE_POINT_TIME_ZONE,
    CYCLE_INTERVAL, CYCLE_POINT_WITH_OFFSETS, XTRIGGER,
)
