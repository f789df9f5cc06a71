"""Shape checks for cycle points, formats, time zones and cycle intervals.

These values stay strings: the cycling layer resolves them once the cycling
mode is known. Here we only reject text that can never be valid, as Cylc 8
does when it validates the raw configuration.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from cylc_flow.config.spec.durations import parse_interval
from cylc_flow.exceptions import IllegalValueError

_PARSE_ERRORS = (ValueError, ArithmeticError, TypeError, IndexError, KeyError)
_REC_INTEGER_INTERVAL = re.compile(r'\AP\d+\Z')
_MAX_EXPANDED_YEAR_DIGITS = 100


@cache
def _point_parser(num_expanded_year_digits: int = 0, basic_only: bool = False) -> Any:
    from metomi.isodatetime.parsers import TimePointParser

    return TimePointParser(
        num_expanded_year_digits=num_expanded_year_digits,
        allow_only_basic=basic_only,
    )


@lru_cache(maxsize=1)
def _test_point() -> Any:
    """A fixed date-time used to try out cycle point formats."""
    from metomi.isodatetime.data import TimePoint

    return TimePoint(
        year=2001, month_of_year=3, day_of_month=1,
        hour_of_day=4, minute_of_hour=30, second_of_minute=54,
    )


def _parses_with_expanded_years(value: str) -> bool:
    """Whether a signed date-time parses for some count of extra year digits."""
    for digits in range(1, _MAX_EXPANDED_YEAR_DIGITS + 1):
        try:
            _point_parser(digits).parse(value)
        except _PARSE_ERRORS:
            continue
        return True
    return False


@lru_cache(maxsize=1024)
def coerce_cycle_point(value: str) -> str | None:
    """Check an integer or date-time cycle point (or ``now``, ``next(...)``)."""
    value = value.strip()
    if not value:
        return None
    if value == 'now' or 'next' in value or 'previous' in value:
        # Resolved later, when the workflow's time zone is known.
        return value
    if value.isdigit():
        return value
    if 'P' in value:
        # An offset from the initial cycle point, e.g. +P1D or -PT6H.
        offset = value[1:] if value[0] in '+-' else value
        if offset.startswith('P') and not _REC_INTEGER_INTERVAL.match(offset):
            parse_interval(offset)
        elif not _REC_INTEGER_INTERVAL.match(offset):
            raise IllegalValueError('not a cycle point or cycle point offset')
        return value
    if value[0] in '+-':
        if value[1:].isdigit() or _parses_with_expanded_years(value):
            return value
        raise IllegalValueError('not an integer or date-time cycle point')
    try:
        _point_parser().parse(value)
    except _PARSE_ERRORS:
        raise IllegalValueError('invalid cycle point') from None
    return value


@lru_cache(maxsize=256)
def coerce_cycle_point_format(value: str) -> str | None:
    """Check a date-time cycle point format (``CCYYMMDDThhmmZ`` or ``%Y%m``)."""
    value = value.strip()
    if not value:
        return None
    for character in '/:':
        if character in value:
            raise IllegalValueError(
                f'illegal character "{character}": '
                'date-times are used in file paths'
            )
    from metomi.isodatetime.dumpers import TimePointDumper

    try:
        if '%' in value:
            TimePointDumper().strftime(_test_point(), value)
        elif 'X' in value:
            if not any(
                _dumps(TimePointDumper(num_expanded_year_digits=digits), value)
                for digits in range(1, _MAX_EXPANDED_YEAR_DIGITS + 1)
            ):
                raise IllegalValueError('')
        else:
            TimePointDumper().dump(_test_point(), value)
    except _PARSE_ERRORS:
        raise IllegalValueError('') from None
    return value


def _dumps(dumper: Any, value: str) -> bool:
    try:
        dumper.dump(_test_point(), value)
    except _PARSE_ERRORS:
        return False
    return True


@lru_cache(maxsize=256)
def coerce_cycle_point_time_zone(value: str) -> str | None:
    """Check an ISO 8601 time zone such as ``Z``, ``+13`` or ``-0830``."""
    value = value.strip()
    if not value:
        return None
    try:
        _point_parser(0, True).parse(f'20010301T043054{value}')
    except _PARSE_ERRORS:
        raise IllegalValueError('') from None
    return value


@lru_cache(maxsize=256)
def coerce_cycle_interval(value: str) -> str | None:
    """Check an integer (``P5``) or ISO 8601 (``PT12H``) cycling interval."""
    value = value.strip()
    if not value:
        return None
    if not _REC_INTEGER_INTERVAL.match(value):
        parse_interval(value)
    return value


def coerce_point_with_offsets(value: str) -> str | None:
    """A cycle point with optional offsets (``+P1D``, ``2000 +P1M``): kept as text."""
    return value.strip() or None
