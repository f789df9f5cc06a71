"""Initial cycle points given relative to the current time.

Cylc 8 accepts, for the initial (or start) cycle point:

* ``now``;
* an offset from now: ``PT1H``, ``-P1M``;
* a truncated date-time, meaning the next one from now: ``T06``;
* ``next(...)`` / ``previous(...)`` of one or more truncated date-times
  separated by ``;``, optionally followed by an offset:
  ``previous(T06:30) -P1D``, ``next(T00; T06; T12; T18) +P1W``
  (Gregorian calendar only).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from metomi.isodatetime.data import TimePoint

from cylc_flow.cycling.calendars import GREGORIAN, metomi_calendar
from cylc_flow.cycling.iso8601 import ISO8601Point
from cylc_flow.cycling.iso8601_engine import ISO8601Engine
from cylc_flow.exceptions import CyclingError, PointParsingError

REC_INTEGER = re.compile(r'^\d+$')
REC_PREVIOUS_NEXT = re.compile(r'^(next|previous)\(([^()]*)\)(.*)$')
REC_YEAR_ONLY = re.compile(r'\(-\d{2}[);T]')
REC_MONTH_ONLY = re.compile(r'\(-\d{4}[);T]')
REC_MONTH_FIRST = re.compile(r'\(-(-\d{2}|\d{4})[;T)]')

# previous(X): step back by one of the unit just above X's smallest given
# unit, from the next X.
STEP_BACK = {
    'minute_of_hour': 'PT1M',
    'hour_of_day': 'PT1H',
    'day_of_week': 'P1D',
    'day_of_month': 'P1D',
    'day_of_year': 'P1D',
    'week_of_year': 'P1W',
    'month_of_year': 'P1M',
    'year_of_decade': 'P1Y',
    'decade_of_century': 'P10Y',
    'year_of_century': 'P1Y',
    'century': 'P100Y',
}


def timepoint_from_datetime(moment: datetime, utc_mode: bool) -> TimePoint:
    """Return a metomi TimePoint for a datetime (naive: UTC or local)."""
    if moment.tzinfo is None:
        moment = (
            moment.replace(tzinfo=UTC) if utc_mode
            else moment.astimezone()
        )
    elif utc_mode:
        moment = moment.astimezone(UTC)
    offset = moment.utcoffset()
    minutes_total = int(offset.total_seconds() // 60) if offset else 0
    sign = -1 if minutes_total < 0 else 1
    hours, minutes = divmod(abs(minutes_total), 60)
    with metomi_calendar(GREGORIAN):
        return TimePoint(
            year=moment.year, month_of_year=moment.month,
            day_of_month=moment.day, hour_of_day=moment.hour,
            minute_of_hour=moment.minute, second_of_minute=moment.second,
            time_zone_hour=sign * hours, time_zone_minute=sign * minutes,
        )


def _with_fields(timepoint: TimePoint, **changes: int) -> TimePoint:
    year, month, day = timepoint.get_calendar_date()
    hour, minute, second = timepoint.get_hour_minute_second()
    values = {
        'year': year, 'month_of_year': month, 'day_of_month': day,
        'hour_of_day': int(hour), 'minute_of_hour': int(minute),
        'second_of_minute': int(second),
    }
    values.update(changes)
    return TimePoint(
        **values,
        time_zone_hour=timepoint.time_zone.hours,
        time_zone_minute=timepoint.time_zone.minutes,
    )


def resolve_relative_point(
    engine: ISO8601Engine, text: str, now: TimePoint
) -> ISO8601Point:
    """Return the point for an initial cycle point setting."""
    value = text.replace(' ', '')
    if value == 'now':
        return engine.from_timepoint(now)
    if REC_INTEGER.match(value) or (
        value[:1] in ('+', '-') and 'P' not in value
    ):
        return engine.point(value)
    if 'next' in value or 'previous' in value:
        if engine.calendar.mode != GREGORIAN:
            raise CyclingError(
                'prev()/next() syntax must be used with integer or gregorian'
                f' cycling modes ("{value}")'
            )
        return _previous_or_next(engine, value, now)
    if value.startswith(('P', '-P')):
        return engine.from_timepoint(now) + engine.interval(value)
    timepoint = engine.parse_timepoint(value)
    if not timepoint.truncated:
        return engine.from_timepoint(timepoint)
    try:
        with metomi_calendar(engine.calendar.mode):
            return engine.from_timepoint(now + timepoint)
    except CyclingError:
        raise
    except Exception as exc:
        raise PointParsingError(f'invalid cycle point {text!r}: {exc}') from None


def _previous_or_next(
    engine: ISO8601Engine, value: str, now: TimePoint
) -> ISO8601Point:
    match = REC_PREVIOUS_NEXT.match(value)
    if not match:
        raise PointParsingError(
            f'invalid cycle point {value!r}: expected e.g. next(T00) or'
            ' previous(T06; T18) +P1D'
        )
    direction, inner, offset = match.groups()
    entries = [entry for entry in inner.split(';') if entry]
    if not entries:
        raise PointParsingError(f'{value}: at least one time is required')
    try:
        with metomi_calendar(GREGORIAN):
            if REC_YEAR_ONLY.search(value):
                now = now + engine.interval('P1Y').as_duration()
            elif REC_MONTH_ONLY.search(value):
                now = now + engine.interval('P1M').as_duration()
            candidates = []
            for entry in entries:
                truncated = engine.parse_timepoint(entry)
                if not truncated.truncated:
                    raise PointParsingError(
                        f'{value}: {entry!r} is not a truncated date-time'
                    )
                candidate = now + truncated
                if direction == 'previous':
                    unit = truncated.get_smallest_missing_property_name()
                    candidate = candidate - engine.interval(
                        STEP_BACK[unit]
                    ).as_duration()
                candidates.append(candidate)
            distances = [abs(candidate - now) for candidate in candidates]
            chosen = candidates[distances.index(min(distances))]
            if 'T' not in value.split(')')[0]:
                chosen = _with_fields(
                    chosen, hour_of_day=0, minute_of_hour=0,
                    second_of_minute=0,
                )
            if REC_YEAR_ONLY.search(value):
                chosen = _with_fields(chosen, month_of_year=1, day_of_month=1)
            elif REC_MONTH_FIRST.search(value):
                chosen = _with_fields(chosen, day_of_month=1)
    except CyclingError:
        raise
    except Exception as exc:
        raise PointParsingError(f'invalid cycle point {value!r}: {exc}') from None
    point = engine.from_timepoint(chosen)
    if offset:
        point = point + engine.interval(offset)
    return point
