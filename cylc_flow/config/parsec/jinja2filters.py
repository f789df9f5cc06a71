"""Cylc's built-in Jinja2 filters: ``pad``, ``strftime`` and ``duration_as``."""

from __future__ import annotations

from typing import Any

_SECONDS_PER_UNIT = {
    's': 1.0,
    'seconds': 1.0,
    'm': 60.0,
    'minutes': 60.0,
    'h': 3600.0,
    'hours': 3600.0,
    'd': 86400.0,
    'days': 86400.0,
    'w': 604800.0,
    'weeks': 604800.0,
}


def pad(value: Any, length: int | str, fillchar: Any = ' ') -> str:
    """Left-pad ``str(value)`` with ``fillchar`` to ``length`` characters.

    ``{{ 7 | pad(3, '0') }}`` gives ``007``; longer values are unchanged.
    """
    return str(value).rjust(int(length), str(fillchar))


def strftime(
    iso8601_datetime: str, strftime_str: str, strptime_str: str | None = None
) -> str:
    """Format an ISO 8601 date-time (or one read with ``strptime_str``).

    ``{{ '2000-01-02T03Z' | strftime('%H') }}`` gives ``03``.
    """
    from metomi.isodatetime.parsers import TimePointParser

    parser = TimePointParser()
    if strptime_str:
        point = parser.strptime(iso8601_datetime, strptime_str)
    else:
        point = parser.parse(iso8601_datetime)
    return point.strftime(strftime_str)


def duration_as(iso8601_duration: str, units: str) -> float:
    """An ISO 8601 duration in s/m/h/d/w (or seconds ... weeks), as a float.

    ``{{ 'PT90M' | duration_as('h') }}`` gives ``1.5``.
    """
    seconds_per_unit = _SECONDS_PER_UNIT.get(str(units).lower())
    if seconds_per_unit is None:
        raise ValueError(f'No matching units found for {units}')
    from metomi.isodatetime.parsers import DurationParser

    seconds = DurationParser().parse(iso8601_duration).get_seconds()
    return float(seconds) / seconds_per_unit


BUILT_IN_FILTERS = {
    'pad': pad,
    'strftime': strftime,
    'duration_as': duration_as,
}
