"""Calendar arithmetic for date-time cycling.

Cylc supports the proleptic Gregorian calendar and three idealised ones
(360day: twelve 30-day months; 365day: never a leap year; 366day: always
one).  Dates are mapped to a day number so that exact arithmetic and
comparison are integer operations; month and year steps follow
metomi-isodatetime (the day of month is clamped at every month step:
31 Jan + P1M = 28 Feb, and 31 Jan + P2M = 28 Mar).

metomi-isodatetime keeps its calendar mode in a module-level singleton, so
:func:`metomi_calendar` sets it only for the duration of a call into that
library and puts it back afterwards.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate

from metomi.isodatetime.data import CALENDAR

from cylc_flow.exceptions import CyclingError

GREGORIAN = 'gregorian'

_MONTHS_365 = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTHS_366 = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTHS_360 = (30,) * 12

MODE_ALIASES = {
    'gregorian': GREGORIAN,
    '360day': '360day',
    '360_day': '360day',
    '365day': '365day',
    '365_day': '365day',
    '366day': '366day',
    '366_day': '366day',
}

# Day number of 1970-01-01 counted from 0000-03-01 in the proleptic
# Gregorian calendar (years of 365.2425 days, eras of 400 years).
_GREGORIAN_EPOCH_SHIFT = 719_468
_DAYS_PER_ERA = 146_097


@dataclass(frozen=True, slots=True)
class Calendar:
    """Rules of one calendar mode."""

    mode: str
    month_days: tuple[int, ...]
    leap_month_days: tuple[int, ...]
    has_leap_years: bool
    year_days: int
    shortest_month: int
    cumulative_days: tuple[int, ...]

    @classmethod
    def from_mode(cls, mode: str) -> Calendar:
        """Return the calendar for 'gregorian', '360day', '365day', '366day'."""
        try:
            canonical = MODE_ALIASES[mode.strip().lower()]
        except (KeyError, AttributeError):
            raise CyclingError(
                f'unknown calendar {mode!r} (expected one of: gregorian,'
                ' 360day, 365day, 366day)'
            ) from None
        month_days = {
            GREGORIAN: _MONTHS_365,
            '360day': _MONTHS_360,
            '365day': _MONTHS_365,
            '366day': _MONTHS_366,
        }[canonical]
        leap = _MONTHS_366 if canonical == GREGORIAN else month_days
        return cls(
            mode=canonical,
            month_days=month_days,
            leap_month_days=leap,
            has_leap_years=canonical == GREGORIAN,
            year_days=sum(month_days),
            shortest_month=min(month_days),
            cumulative_days=(0, *accumulate(month_days)),
        )

    # ---- months and years ---------------------------------------------------
    def is_leap(self, year: int) -> bool:
        """Return True if ``year`` has a 29th of February."""
        if self.has_leap_years:
            return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return self.month_days[1] == 29

    def days_in_month(self, year: int, month: int) -> int:
        """Return the length of a month."""
        if month == 2 and self.has_leap_years and self.is_leap(year):
            return 29
        return self.month_days[month - 1]

    def days_in_year(self, year: int) -> int:
        """Return the length of a year."""
        if self.has_leap_years and self.is_leap(year):
            return 366
        return self.year_days

    # ---- day numbers ----------------------------------------------------------
    def day_number(self, year: int, month: int, day: int) -> int:
        """Return the number of days from the calendar's epoch to a date."""
        if self.has_leap_years:
            shifted_year = year - 1 if month <= 2 else year
            era = shifted_year // 400
            year_of_era = shifted_year - era * 400
            month_from_march = (month + 9) % 12
            day_of_year = (153 * month_from_march + 2) // 5 + day - 1
            day_of_era = (
                year_of_era * 365 + year_of_era // 4 - year_of_era // 100
                + day_of_year
            )
            return era * _DAYS_PER_ERA + day_of_era - _GREGORIAN_EPOCH_SHIFT
        return (
            year * self.year_days + self.cumulative_days[month - 1] + day - 1
        )

    def date(self, day_number: int) -> tuple[int, int, int]:
        """Return (year, month, day) for a day number."""
        if self.has_leap_years:
            shifted = day_number + _GREGORIAN_EPOCH_SHIFT
            era = shifted // _DAYS_PER_ERA
            day_of_era = shifted - era * _DAYS_PER_ERA
            year_of_era = (
                day_of_era - day_of_era // 1460 + day_of_era // 36524
                - day_of_era // 146096
            ) // 365
            day_of_year = day_of_era - (
                365 * year_of_era + year_of_era // 4 - year_of_era // 100
            )
            month_from_march = (5 * day_of_year + 2) // 153
            day = day_of_year - (153 * month_from_march + 2) // 5 + 1
            month = month_from_march + 3 if month_from_march < 10 else (
                month_from_march - 9
            )
            year = year_of_era + era * 400 + (1 if month <= 2 else 0)
            return year, month, day
        year, day_of_year = divmod(day_number, self.year_days)
        month = bisect_right(self.cumulative_days, day_of_year)
        return year, month, day_of_year - self.cumulative_days[month - 1] + 1

    def add_months(
        self, year: int, month: int, day: int, months: int
    ) -> tuple[int, int, int]:
        """Add months one at a time, clamping the day at each step."""
        if not months:
            return year, month, day
        total = year * 12 + (month - 1) + months
        new_year, new_month_index = divmod(total, 12)
        new_month = new_month_index + 1
        if abs(months) >= 24:
            # Every month length (and a short February) was passed through.
            day = min(day, self.shortest_month)
        else:
            step = 1 if months > 0 else -1
            index = year * 12 + (month - 1)
            for _ in range(abs(months)):
                index += step
                step_year, step_month = divmod(index, 12)
                day = min(day, self.days_in_month(step_year, step_month + 1))
        return new_year, new_month, day

    def add_years(
        self, year: int, month: int, day: int, years: int
    ) -> tuple[int, int, int]:
        """Add years, clamping 29 Feb to 28 Feb in a common year."""
        year += years
        return year, month, min(day, self.days_in_month(year, month))


@contextmanager
def metomi_calendar(mode: str) -> Iterator[None]:
    """Run a block with metomi-isodatetime set to calendar ``mode``."""
    previous = CALENDAR.mode
    if previous == mode:
        yield
        return
    CALENDAR.set_mode(mode)
    try:
        yield
    finally:
        CALENDAR.set_mode(previous)
