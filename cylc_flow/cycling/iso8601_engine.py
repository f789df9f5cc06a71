"""Date-time arithmetic, parsing and writing for one workflow.

The engine holds a workflow's calendar, time zones and point format.  It
reads strings with metomi-isodatetime (cached), does exact and calendar
arithmetic on integer keys itself, and interns points by key so that each
point is written in the cycle point format only once.

Points are normalised to the format's precision: with the default format
(minutes) a point 30 seconds past the minute is the same point as the
minute, just as Cylc 8 re-reads a point from its string form.
"""

from __future__ import annotations

from typing import Any

from metomi.isodatetime.data import TimePoint, TimeZone
from metomi.isodatetime.parsers import DurationParser, TimePointParser

from cylc_flow.cycling.calendars import Calendar, metomi_calendar
from cylc_flow.cycling.iso8601 import SECONDS_IN_DAY, ISO8601Interval, ISO8601Point
from cylc_flow.cycling.point_format import (
    DEFAULT_FORMAT,
    EXPANDED_DEFAULT_FORMAT,
    PointFormat,
    Zone,
    compile_point_format,
    parse_zone,
)
from cylc_flow.exceptions import (
    CyclingError,
    IntervalParsingError,
    PointParsingError,
)

# Internal caches are cleared (not evicted piecemeal) past this size.
MAX_CACHE = 200_000

Fields = tuple[int, int, int, int, int, int]


class ISO8601Engine:
    """Calendar, time zones and point format of one date-time workflow."""

    __slots__ = (
        '_by_key',
        '_by_text',
        '_differences',
        '_intervals',
        '_timepoints',
        'assumed_zone',
        'calendar',
        'duration_parser',
        'expanded_digits',
        'format',
        'parser',
        'time_zone',
        'zone',
    )

    def __init__(
        self,
        calendar: str = 'gregorian',
        time_zone: str = 'Z',
        point_format: str | None = None,
        num_expanded_year_digits: int = 0,
    ) -> None:
        self.calendar = Calendar.from_mode(calendar)
        self.time_zone = time_zone.strip()
        self.assumed_zone: Zone = parse_zone(self.time_zone)
        if not isinstance(num_expanded_year_digits, int) or (
            num_expanded_year_digits < 0
        ):
            raise CyclingError(
                'cycle point num expanded year digits must be a whole number'
                f' >= 0, not {num_expanded_year_digits!r}'
            )
        self.expanded_digits = num_expanded_year_digits
        if point_format is None:
            point_format = (
                EXPANDED_DEFAULT_FORMAT if num_expanded_year_digits
                else DEFAULT_FORMAT
            ) + self.time_zone
        elif num_expanded_year_digits and '+X' not in point_format:
            raise CyclingError(
                f'cycle point format {point_format!r} must contain "+X" when'
                ' cycle point num expanded year digits is set'
            )
        self.format: PointFormat = compile_point_format(
            point_format, num_expanded_year_digits
        )
        self.zone: Zone = (
            self.assumed_zone if self.format.zone is None else self.format.zone
        )
        try:
            self.parser = TimePointParser(
                allow_only_basic=False,
                allow_truncated=True,
                num_expanded_year_digits=num_expanded_year_digits,
                dump_format=self.format.text,
                assumed_time_zone=self.assumed_zone,
            )
        except Exception as exc:
            raise CyclingError(f'invalid cycle point settings: {exc}') from None
        self.duration_parser = DurationParser()
        self._by_key: dict[int, ISO8601Point] = {}
        self._by_text: dict[str, ISO8601Point] = {}
        self._intervals: dict[str, ISO8601Interval] = {}
        self._differences: dict[int, ISO8601Interval] = {}
        self._timepoints: dict[str, TimePoint] = {}

    # ---- keys and fields ------------------------------------------------------
    def fields(self, key: int) -> Fields:
        """Return (year, month, day, hour, minute, second) of a key."""
        days, seconds = divmod(key, SECONDS_IN_DAY)
        year, month, day = self.calendar.date(days)
        hour, seconds = divmod(seconds, 3600)
        minute, second = divmod(seconds, 60)
        return year, month, day, hour, minute, second

    def key(self, fields: Fields) -> int:
        """Return the key of (year, month, day, hour, minute, second)."""
        year, month, day, hour, minute, second = fields
        return (
            self.calendar.day_number(year, month, day) * SECONDS_IN_DAY
            + hour * 3600 + minute * 60 + second
        )

    # ---- points ---------------------------------------------------------------
    def point_from_key(self, key: int) -> ISO8601Point:
        """Return the (interned) point for a key, at the format's precision."""
        quantum = self.format.quantum
        if quantum is not None and quantum != 1:
            key -= key % quantum
        point = self._by_key.get(key)
        if point is not None:
            return point
        value = self._dump(key)
        if quantum is None:
            # Coarse or unusual format: the point is what its string reads as.
            canonical = self._key_from_text(value)
            point = self._by_key.get(canonical)
            if point is None:
                point = ISO8601Point(canonical, value, self)
                self._remember(canonical, point)
            self._by_key[key] = point
            return point
        point = ISO8601Point(key, value, self)
        self._remember(key, point)
        return point

    def _remember(self, key: int, point: ISO8601Point) -> None:
        if len(self._by_key) > MAX_CACHE:
            self._by_key.clear()
        self._by_key[key] = point

    def _dump(self, key: int) -> str:
        fields = self.fields(key)
        if self.format.template is not None:
            return self.format.dump(fields, self.zone)
        with metomi_calendar(self.calendar.mode):
            return self.format.dump(fields, self.zone)

    def point(self, text: str) -> ISO8601Point:
        """Parse an absolute point in any ISO 8601 form (or the format)."""
        point = self._by_text.get(text)
        if point is None:
            point = self.point_from_key(self._key_from_text(text))
            if len(self._by_text) > MAX_CACHE:
                self._by_text.clear()
            self._by_text[text] = point
        return point

    def _key_from_text(self, text: str) -> int:
        timepoint = self.parse_timepoint(text)
        if timepoint.truncated:
            raise PointParsingError(
                f'invalid cycle point {text!r}: a truncated date-time is'
                ' not a cycle point'
            )
        return self.key_of_timepoint(timepoint)

    def parse_timepoint(self, text: str) -> TimePoint:
        """Parse a (possibly truncated) date-time with metomi, cached."""
        if not isinstance(text, str):
            raise PointParsingError(f'invalid cycle point {text!r}')
        timepoint = self._timepoints.get(text)
        if timepoint is not None:
            return timepoint
        stripped = text.strip()
        with metomi_calendar(self.calendar.mode):
            timepoint = None
            if '%' in self.format.text:
                try:
                    timepoint = self.parser.strptime(
                        stripped, self.format.text
                    )
                except Exception:  # not in the custom format: try ISO 8601
                    timepoint = None
            if timepoint is None:
                try:
                    timepoint = self.parser.parse(stripped)
                except Exception as exc:
                    raise PointParsingError(
                        f'invalid cycle point {text!r}: {exc}'
                    ) from None
        if len(self._timepoints) > MAX_CACHE:
            self._timepoints.clear()
        self._timepoints[text] = timepoint
        return timepoint

    def key_of_timepoint(self, timepoint: TimePoint) -> int:
        """Return the key of a full metomi TimePoint, in the point zone."""
        try:
            with metomi_calendar(self.calendar.mode):
                local = timepoint.to_time_zone(
                    TimeZone(hours=self.zone[0], minutes=self.zone[1])
                )
                year, month, day = local.get_calendar_date()
                hour, minute, second = local.get_hour_minute_second()
        except Exception as exc:
            raise PointParsingError(
                f'invalid cycle point {timepoint}: {exc}'
            ) from None
        return (
            self.calendar.day_number(year, month, day) * SECONDS_IN_DAY
            + int(hour) * 3600 + int(minute) * 60 + int(second)
        )

    def from_timepoint(self, timepoint: TimePoint) -> ISO8601Point:
        """Return the point for a full metomi TimePoint."""
        return self.point_from_key(self.key_of_timepoint(timepoint))

    def to_timepoint(self, point: ISO8601Point) -> TimePoint:
        """Return a metomi TimePoint for a point (in the point zone)."""
        year, month, day, hour, minute, second = self.fields(point.key)
        try:
            with metomi_calendar(self.calendar.mode):
                return TimePoint(
                    year=year, month_of_year=month, day_of_month=day,
                    hour_of_day=hour, minute_of_hour=minute,
                    second_of_minute=second,
                    time_zone_hour=self.zone[0],
                    time_zone_minute=self.zone[1],
                    dump_format=self.format.text,
                )
        except Exception as exc:
            raise PointParsingError(
                f'cycle point {point.value} is out of range: {exc}'
            ) from None

    def resolve_truncated(
        self, truncated: TimePoint, context: ISO8601Point
    ) -> ISO8601Point:
        """Return the first point matching ``truncated`` at/after context."""
        context_timepoint = self.to_timepoint(context)
        try:
            with metomi_calendar(self.calendar.mode):
                timepoint = context_timepoint + truncated
        except Exception as exc:
            raise PointParsingError(
                f'cannot apply {truncated} to {context.value}: {exc}'
            ) from None
        return self.from_timepoint(timepoint)

    # ---- intervals and arithmetic ------------------------------------------
    def interval(self, text: str) -> ISO8601Interval:
        """Parse 'PT6H', '+P1D', '-P1M', 'P1W' (cached)."""
        interval = self._intervals.get(text)
        if interval is not None:
            return interval
        stripped = text.strip() if isinstance(text, str) else ''
        sign = 1
        body = stripped
        if stripped.startswith('-'):
            sign, body = -1, stripped[1:]
        elif stripped.startswith('+'):
            body = stripped[1:]
        if not body.startswith('P') or body in ('P', 'PT'):
            raise IntervalParsingError(
                f"invalid ISO 8601 interval {text!r} (expected e.g. 'PT6H')"
            )
        try:
            duration = self.duration_parser.parse(body)
            interval = ISO8601Interval(
                duration.years or 0, duration.months or 0, duration.weeks,
                duration.days or 0, duration.hours or 0,
                duration.minutes or 0, duration.seconds or 0,
                year_days=self.calendar.year_days,
            )
        except IntervalParsingError:
            raise
        except Exception:
            raise IntervalParsingError(
                f"invalid ISO 8601 interval {text!r} (expected e.g. 'PT6H')"
            ) from None
        if sign < 0:
            interval = -interval
        if len(self._intervals) > MAX_CACHE:
            self._intervals.clear()
        self._intervals[text] = interval
        return interval

    def make_interval(self, **units: Any) -> ISO8601Interval:
        """Build an interval from units (years=..., hours=...)."""
        return ISO8601Interval(**units, year_days=self.calendar.year_days)

    def add(self, point: ISO8601Point, interval: ISO8601Interval) -> (
        ISO8601Point
    ):
        """Add an interval: exact units first, then months, then years."""
        key = point.key + interval.exact
        if interval.nominal:
            days, seconds = divmod(key, SECONDS_IN_DAY)
            year, month, day = self.calendar.date(days)
            if interval.months:
                year, month, day = self.calendar.add_months(
                    year, month, day, interval.months
                )
            if interval.years:
                year, month, day = self.calendar.add_years(
                    year, month, day, interval.years
                )
            key = (
                self.calendar.day_number(year, month, day) * SECONDS_IN_DAY
                + seconds
            )
        return self.point_from_key(key)

    def difference(self, point: ISO8601Point, other: ISO8601Point) -> (
        ISO8601Interval
    ):
        """Return ``point - other`` in days, hours, minutes and seconds."""
        delta = point.key - other.key
        interval = self._differences.get(delta)
        if interval is None:
            days, seconds = divmod(abs(delta), SECONDS_IN_DAY)
            hours, seconds = divmod(seconds, 3600)
            minutes, seconds = divmod(seconds, 60)
            interval = self.make_interval(
                days=days, hours=hours, minutes=minutes, seconds=seconds
            )
            if delta < 0:
                interval = -interval
            if len(self._differences) > MAX_CACHE:
                self._differences.clear()
            self._differences[delta] = interval
        return interval
