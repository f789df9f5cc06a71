"""Calendar arithmetic against Python's datetime and metomi-isodatetime."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from metomi.isodatetime.data import CALENDAR, Duration, TimePoint

from cylc_flow.cycling.calendars import Calendar, metomi_calendar
from cylc_flow.exceptions import CyclingError

MODES = ['gregorian', '360day', '365day', '366day']


def test_gregorian_day_numbers_count_days_since_1970():
    calendar = Calendar.from_mode('gregorian')
    assert calendar.day_number(1970, 1, 1) == 0
    assert calendar.day_number(2000, 3, 1) - calendar.day_number(
        2000, 2, 28
    ) == 2
    assert calendar.date(-1) == (1969, 12, 31)


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_gregorian_day_numbers_match_python_ordinals(day):
    calendar = Calendar.from_mode('gregorian')
    number = calendar.day_number(day.year, day.month, day.day)
    assert number == day.toordinal() - date(1970, 1, 1).toordinal()
    assert calendar.date(number) == (day.year, day.month, day.day)


@pytest.mark.parametrize('mode', MODES)
@given(number=st.integers(min_value=-2_000_000, max_value=2_000_000))
def test_date_and_day_number_round_trip_in_every_calendar(mode, number):
    calendar = Calendar.from_mode(mode)
    year, month, day = calendar.date(number)
    assert 1 <= month <= 12
    assert 1 <= day <= calendar.days_in_month(year, month)
    assert calendar.day_number(year, month, day) == number


@pytest.mark.parametrize(
    'mode, year_days, february',
    [('gregorian', 365, 28), ('360day', 360, 30), ('365day', 365, 28),
     ('366day', 366, 29)],
)
def test_calendar_lengths(mode, year_days, february):
    calendar = Calendar.from_mode(mode)
    assert calendar.days_in_year(2023) == year_days
    assert calendar.days_in_month(2023, 2) == february


def test_gregorian_leap_years_follow_the_400_year_rule():
    calendar = Calendar.from_mode('gregorian')
    assert [calendar.is_leap(year) for year in (1900, 2000, 2024, 2025)] == [
        False, True, True, False,
    ]
    assert calendar.days_in_month(2024, 2) == 29


def test_month_steps_clamp_the_day_at_every_step():
    calendar = Calendar.from_mode('gregorian')
    assert calendar.add_months(2025, 1, 31, 1) == (2025, 2, 28)
    # clamped to 28 in February, and it stays 28 in March
    assert calendar.add_months(2025, 1, 31, 2) == (2025, 3, 28)
    assert calendar.add_months(2025, 3, 31, -1) == (2025, 2, 28)
    assert calendar.add_years(2024, 2, 29, 1) == (2025, 2, 28)


def test_unknown_calendar_is_a_cycling_error():
    with pytest.raises(CyclingError, match='unknown calendar'):
        Calendar.from_mode('julian')


def test_calendar_aliases_are_accepted():
    assert Calendar.from_mode('360_day').mode == '360day'


@pytest.mark.parametrize('mode', MODES)
@given(
    number=st.integers(min_value=0, max_value=3_000_000),
    months=st.integers(min_value=-40, max_value=40),
    years=st.integers(min_value=-30, max_value=30),
)
def test_nominal_arithmetic_matches_metomi(mode, number, months, years):
    calendar = Calendar.from_mode(mode)
    year, month, day = calendar.date(number)
    ours = calendar.add_months(year, month, day, months)
    ours = calendar.add_years(*ours, years)
    with metomi_calendar(mode):
        point = TimePoint(year=year, month_of_year=month, day_of_month=day)
        theirs = (point + Duration(months=months, years=years))
        expected = theirs.get_calendar_date()
    assert ours == tuple(expected)


def test_metomi_calendar_restores_the_global_mode():
    before = CALENDAR.mode
    with metomi_calendar('360day'):
        assert CALENDAR.mode == '360day'
    assert CALENDAR.mode == before
