"""ISO 8601 date-time points and intervals.

A point's ``key`` is its number of seconds from the calendar epoch in the
workflow's point time zone, so comparison and hashing are int operations;
arithmetic is done by the workflow's
:class:`~cylc_flow.cycling.iso8601_engine.ISO8601Engine`.

Intervals keep the units they were written in ('PT36H' stays 'PT36H', as
in Cylc 8).  Years and months are nominal; weeks, days, hours, minutes and
seconds are exact.  As in metomi-isodatetime, ``==`` compares nominal units
exactly (P1M != P30D) while ``<`` treats a month as 30 days and a year as a
calendar year of days.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from metomi.isodatetime.data import Duration

from cylc_flow.cycling import IntervalBase, PointBase
from cylc_flow.exceptions import IntervalParsingError

if TYPE_CHECKING:
    from cylc_flow.cycling.iso8601_engine import ISO8601Engine

MODE = 'iso8601'
SECONDS_IN_DAY = 86400

Number = int | float


class ISO8601Point(PointBase):
    """A date-time cycle point (create through the engine)."""

    __slots__ = ('engine',)

    mode = MODE

    def __init__(self, key: int, value: str, engine: ISO8601Engine) -> None:
        self.key = key
        self.value = value
        self.engine = engine

    def __add__(self, interval: Any) -> ISO8601Point:
        if interval.__class__ is ISO8601Interval:
            if interval.nominal:
                return self.engine.add(self, interval)
            return self.engine.point_from_key(self.key + interval.exact)
        return NotImplemented

    def __sub__(self, other: Any) -> Any:
        cls = other.__class__
        if cls is ISO8601Interval:
            if other.nominal:
                return self.engine.add(self, -other)
            return self.engine.point_from_key(self.key - other.exact)
        if cls is ISO8601Point:
            return self.engine.difference(self, other)
        return NotImplemented

    def fields(self) -> tuple[int, int, int, int, int, int]:
        """Return (year, month, day, hour, minute, second)."""
        return self.engine.fields(self.key)


class ISO8601Interval(IntervalBase):
    """A duration such as 'PT6H', 'P1D', '-P1M', 'P2W'."""

    __slots__ = (
        '_hash',
        '_order',
        'days',
        'exact',
        'hours',
        'minutes',
        'months',
        'nominal',
        'seconds',
        'weeks',
        'year_days',
        'years',
    )

    mode = MODE

    def __init__(
        self,
        years: int = 0,
        months: int = 0,
        weeks: int | None = None,
        days: int = 0,
        hours: Number = 0,
        minutes: Number = 0,
        seconds: Number = 0,
        *,
        year_days: int = 365,
    ) -> None:
        if weeks is not None and not (
            years or months or days or hours or minutes or seconds
        ):
            years = months = days = hours = minutes = seconds = 0
        elif weeks is not None:
            days += weeks * 7
            weeks = None
        self.years = years
        self.months = months
        self.weeks = weeks
        self.days = days
        self.hours = hours
        self.minutes = minutes
        self.seconds = seconds
        self.year_days = year_days
        exact = (
            ((days + 7 * (weeks or 0)) * 24 + hours) * 60 + minutes
        ) * 60 + seconds
        if exact != int(exact):
            raise IntervalParsingError(
                f'{_duration_text(self)}: intervals must be whole seconds'
            )
        self.exact = int(exact)
        self.nominal = bool(years or months)
        self._order = (years * year_days + months * 30) * SECONDS_IN_DAY + (
            self.exact
        )
        self._hash = hash((years, months, self.exact))
        self.value = _duration_text(self)

    def _with(self, factor: int, combine: ISO8601Interval | None = None) -> (
        ISO8601Interval
    ):
        if combine is None:
            if self.weeks is not None:
                return ISO8601Interval(
                    weeks=self.weeks * factor, year_days=self.year_days
                )
            return ISO8601Interval(
                self.years * factor, self.months * factor, None,
                self.days * factor, self.hours * factor,
                self.minutes * factor, self.seconds * factor,
                year_days=self.year_days,
            )
        if self.weeks is not None and combine.weeks is not None:
            return ISO8601Interval(
                weeks=self.weeks + combine.weeks, year_days=self.year_days
            )
        return ISO8601Interval(
            self.years + combine.years,
            self.months + combine.months,
            None,
            self.days + 7 * (self.weeks or 0)
            + combine.days + 7 * (combine.weeks or 0),
            self.hours + combine.hours,
            self.minutes + combine.minutes,
            self.seconds + combine.seconds,
            year_days=self.year_days,
        )

    def __bool__(self) -> bool:
        return bool(self.years or self.months or self.exact)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if other.__class__ is ISO8601Interval:
            return (
                self.exact == other.exact  # type: ignore[attr-defined]
                and self.years == other.years  # type: ignore[attr-defined]
                and self.months == other.months  # type: ignore[attr-defined]
            )
        return NotImplemented

    def __lt__(self, other: ISO8601Interval) -> bool:
        return self._order < other._order

    def __le__(self, other: ISO8601Interval) -> bool:
        return self._order <= other._order

    def __gt__(self, other: ISO8601Interval) -> bool:
        return self._order > other._order

    def __ge__(self, other: ISO8601Interval) -> bool:
        return self._order >= other._order

    def __add__(self, other: Any) -> Any:
        cls = other.__class__
        if cls is ISO8601Interval:
            return self._with(1, other)
        if cls is ISO8601Point:
            return other + self
        return NotImplemented

    def __sub__(self, other: Any) -> Any:
        if other.__class__ is ISO8601Interval:
            return self._with(1, other._with(-1))
        return NotImplemented

    def __neg__(self) -> ISO8601Interval:
        return self._with(-1)

    def __mul__(self, factor: int) -> ISO8601Interval:
        if isinstance(factor, int):
            return self._with(factor)
        return NotImplemented

    def __abs__(self) -> ISO8601Interval:
        return ISO8601Interval(
            abs(self.years), abs(self.months),
            None if self.weeks is None else abs(self.weeks),
            abs(self.days), abs(self.hours), abs(self.minutes),
            abs(self.seconds), year_days=self.year_days,
        )

    def as_duration(self) -> Duration:
        """Return the metomi-isodatetime Duration for this interval."""
        if self.weeks is not None:
            return Duration(weeks=self.weeks)
        return Duration(
            years=self.years, months=self.months, days=self.days,
            hours=self.hours, minutes=self.minutes, seconds=self.seconds,
        )

    def total_seconds(self) -> int:
        """Return the length in seconds (a month is 30 days, a year a
        calendar year of days); exact for exact intervals."""
        return self._order


def _number_text(value: Number) -> str:
    if value == int(value):
        return str(int(value))
    return str(value).replace('.', ',')


def _duration_text(interval: ISO8601Interval) -> str:
    """Write an interval the way metomi-isodatetime does ('P0Y' when null)."""
    if interval.weeks is not None:
        if interval.weeks < 0:
            return f'-P{-interval.weeks}W'
        return f'P{interval.weeks}W' if interval.weeks else 'P0Y'
    parts = (
        interval.years, interval.months, interval.days,
        interval.hours, interval.minutes, interval.seconds,
    )
    if not any(parts):
        return 'P0Y'
    if not any(part > 0 for part in parts):
        parts = tuple(-part for part in parts)
        sign = '-'
    else:
        sign = ''
    years, months, days, hours, minutes, seconds = parts
    text = 'P'
    for value, unit in ((years, 'Y'), (months, 'M'), (days, 'D')):
        if value:
            text += _number_text(value) + unit
    time_text = ''
    for value, unit in ((hours, 'H'), (minutes, 'M'), (seconds, 'S')):
        if value:
            time_text += _number_text(value) + unit
    if time_text:
        text += 'T' + time_text
    return sign + text
