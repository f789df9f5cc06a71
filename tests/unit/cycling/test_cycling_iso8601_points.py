"""ISO 8601 cycle points and intervals: parsing, writing, arithmetic."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from metomi.isodatetime.data import CALENDAR, Duration

from cylc_flow.cycling.calendars import metomi_calendar
from cylc_flow.cycling.context import CyclingContext
from cylc_flow.cycling.iso8601_engine import ISO8601Engine
from cylc_flow.cycling.point_format import compile_point_format
from cylc_flow.exceptions import (
    CyclingError,
    IntervalParsingError,
    PointParsingError,
)

CALENDARS = ['gregorian', '360day', '365day', '366day']


@pytest.fixture
def utc():
    return CyclingContext.iso8601(utc_mode=True)


# ---- points -----------------------------------------------------------------
@pytest.mark.parametrize(
    'text, expected',
    [
        ('20250301T00', '20250301T0000Z'),
        ('20250301T0000Z', '20250301T0000Z'),
        ('2025-03-01T00:00Z', '20250301T0000Z'),
        ('2025-03-01', '20250301T0000Z'),
        ('2025', '20250101T0000Z'),
        ('20250301T0630+0530', '20250301T0100Z'),
        ('2025-W09-6T12', '20250301T1200Z'),
        ('20250301T000045Z', '20250301T0000Z'),
    ],
)
def test_points_print_in_the_default_utc_format(utc, text, expected):
    assert utc.point(text).value == expected
    assert utc.standardise_point(text) == expected


def test_custom_point_format_and_its_precision():
    context = CyclingContext.iso8601(
        utc_mode=True, point_format='CCYY-MM-DDThhZ'
    )
    point = context.point('2025-01-01T12Z')
    assert str(point) == '2025-01-01T12Z'
    assert str(point + context.interval('P1DT12H')) == '2025-01-03T00Z'
    # below the format's precision, points are the same point
    assert point + context.interval('PT30M') == point
    assert context.point('20250101T1259Z') == point


def test_cycle_point_time_zone_sets_how_points_are_read_and_written():
    context = CyclingContext.iso8601(time_zone='+13')
    assert context.point('20250301T00').value == '20250301T0000+13'
    assert context.point('20250301T00Z').value == '20250301T1300+13'
    assert context.time_zone == '+13'


def test_cylc8_default_time_zone_is_utc_even_without_utc_mode():
    context = CyclingContext.iso8601()
    assert context.point('20250301T06').value == '20250301T0600Z'


def test_cylc7_compat_defaults_to_the_local_time_zone(monkeypatch):
    context = CyclingContext.iso8601(cylc7_compat=True)
    assert context.point_format.startswith('CCYYMMDDThhmm')
    utc_compat = CyclingContext.iso8601(cylc7_compat=True, utc_mode=True)
    assert utc_compat.point_format == 'CCYYMMDDThhmmZ'


def test_strftime_point_format():
    context = CyclingContext.iso8601(utc_mode=True, point_format='%Y%m%d%H')
    point = context.point('2025030106')
    assert point.value == '2025030106'
    assert (point + context.interval('PT6H')).value == '2025030112'
    assert context.point('2025-03-01T06Z') == point


def test_expanded_years():
    context = CyclingContext.iso8601(
        utc_mode=True, num_expanded_year_digits=2
    )
    point = context.point('+0020250301T0000Z')
    assert point.value == '+0020250301T0000Z'
    later = point + context.interval('P10000Y')
    assert later.value == '+0120250301T0000Z'
    assert context.point('-0000010101T0000Z').value == '-0000010101T0000Z'


def test_year_beyond_the_format_is_an_error(utc):
    with pytest.raises(CyclingError, match='cannot be written'):
        utc.point('99991231T2300Z') + utc.interval('PT2H')


@pytest.mark.parametrize(
    'text', ['T00', 'W-1T00', 'foo', '', '2025-13-01', '20250230T00', 'P1D']
)
def test_bad_or_truncated_points_raise_point_parsing_error(utc, text):
    with pytest.raises(PointParsingError):
        utc.point(text)


def test_360day_calendar_has_30_day_months():
    context = CyclingContext.iso8601(calendar='360day', utc_mode=True)
    point = context.point('20250230T00')
    assert (point + context.interval('P1D')).value == '20250301T0000Z'
    assert (point + context.interval('P10D')).value == '20250310T0000Z'
    assert context.calendar == '360day'


@pytest.mark.parametrize(
    'calendar, expected',
    [('gregorian', '20250301T0000Z'), ('365day', '20250301T0000Z'),
     ('366day', '20250229T0000Z'), ('360day', '20250229T0000Z')],
)
def test_calendars_differ_in_february(calendar, expected):
    context = CyclingContext.iso8601(calendar=calendar, utc_mode=True)
    point = context.point('20250228T00') + context.interval('P1D')
    assert point.value == expected


def test_points_are_ordered_and_hashable_by_instant(utc):
    early = utc.point('20250301T00')
    late = utc.point('2025-03-01T01+00:30')
    assert early < late and late > early and early <= early
    assert len({early, utc.point('2025-03-01T00:00Z'), late}) == 2
    assert sorted([late, early]) == [early, late]


def test_point_differences_are_intervals(utc):
    one = utc.point('20250301T00')
    two = utc.point('20250302T06')
    assert str(two - one) == 'P1DT6H'
    assert str(one - two) == '-P1DT6H'
    assert str(one - one) == 'P0Y'
    assert two - one == utc.interval('PT30H')


def test_offset_point_handles_offsets_chains_and_truncation(utc):
    base = utc.point('20250301T0600Z')
    assert utc.offset_point(base, '-PT6H').value == '20250301T0000Z'
    assert utc.offset_point(base, 'P1D').value == '20250302T0600Z'
    assert utc.offset_point(base, '-P1D-PT12H').value == '20250227T1800Z'
    assert utc.offset_point(base, 'T00').value == '20250302T0000Z'
    assert utc.offset_point(base, '20200101T00').value == '20200101T0000Z'
    with pytest.raises(CyclingError):
        utc.offset_point(base, 'P1')


# ---- intervals ----------------------------------------------------------------
@pytest.mark.parametrize(
    'text, expected',
    [('PT6H', 'PT6H'), ('+P1D', 'P1D'), ('-P1D', '-P1D'), ('PT36H', 'PT36H'),
     ('P1W', 'P1W'), ('-P2W', '-P2W'), ('P1Y2M3DT4H5M6S', 'P1Y2M3DT4H5M6S'),
     ('P0Y', 'P0Y'), ('PT0M', 'P0Y'), ('P1DT', 'P1D'), ('PT1.5H', 'PT1,5H')],
)
def test_intervals_keep_their_units(utc, text, expected):
    assert str(utc.interval(text)) == expected


def test_interval_equality_and_order(utc):
    interval = utc.interval
    assert interval('P1D') == interval('PT24H')
    assert hash(interval('P1D')) == hash(interval('PT24H'))
    assert interval('P1W') == interval('P7D')
    assert interval('P1M') != interval('P30D')
    assert interval('P1M') < interval('P31D')
    assert interval('P1Y') > interval('P364D')
    assert interval('-PT1H') < utc.null_interval() < interval('PT1M')
    assert utc.null_interval().is_null() and not interval('PT1S').is_null()


def test_interval_arithmetic(utc):
    interval = utc.interval
    assert str(interval('P1D') + interval('PT6H')) == 'P1DT6H'
    assert str(interval('P1W') + interval('P1W')) == 'P2W'
    assert str(interval('P1W') + interval('PT1H')) == 'P7DT1H'
    assert str(interval('PT6H') * 4) == 'PT24H'
    assert str(-interval('P1M')) == '-P1M'
    assert str(interval('P1D') - interval('PT6H')) == 'P1DT-6H'
    assert abs(interval('-PT6H')) == interval('PT6H')
    point = utc.point('20250301T00')
    assert interval('PT6H') + point == point + interval('PT6H')


@pytest.mark.parametrize('text', ['P', 'PT', '6H', 'P1.5Y', 'PT1xH', 'P1', '+'])
def test_bad_intervals_raise_interval_parsing_error(utc, text):
    with pytest.raises(IntervalParsingError):
        utc.interval(text)


def test_sub_second_intervals_are_rejected(utc):
    with pytest.raises(IntervalParsingError, match='whole seconds'):
        utc.interval('PT0.5S')


# ---- arithmetic against metomi-isodatetime ------------------------------------
durations = st.builds(
    dict,
    years=st.integers(-30, 30),
    months=st.integers(-30, 30),
    days=st.integers(-400, 400),
    hours=st.integers(-48, 48),
    minutes=st.integers(-120, 120),
)


@pytest.mark.parametrize('calendar', CALENDARS)
@settings(max_examples=150, deadline=None)
@given(minutes=st.integers(0, 60 * 24 * 365 * 300), units=durations)
def test_addition_matches_metomi_in_every_calendar(calendar, minutes, units):
    engine = ISO8601Engine(calendar, 'Z', 'CCYYMMDDThhmmZ')
    base = engine.point_from_key(
        engine.key((1900, 1, 1, 0, 0, 0)) + minutes * 60
    )
    interval = engine.make_interval(**units)
    ours = base + interval
    with metomi_calendar(calendar):
        # (metomi's idealised calendars lose state over repeated backward
        # steps, so start each sum from a freshly set calendar)
        CALENDAR.set_mode(calendar)
        theirs = engine.to_timepoint(base) + Duration(**units)
        assert ours.key == engine.key_of_timepoint(theirs)
        CALENDAR.set_mode(calendar)
        back = theirs - Duration(**units)
        assert (ours - interval).key == engine.key_of_timepoint(back)


@settings(max_examples=100, deadline=None)
@given(minutes=st.integers(0, 60 * 24 * 365 * 300), hours=st.integers(-13, 13))
def test_fast_writer_matches_metomi_dumper(minutes, hours):
    engine = ISO8601Engine('gregorian', f'{hours:+03d}' if hours else 'Z')
    key = engine.key((1900, 1, 1, 0, 0, 0)) + minutes * 60
    for text in ('CCYYMMDDThhmmZ', 'CCYY-MM-DDThh:mm:ss+hh:mm',
                 'CCYYMMDDThh+0530', 'CCYYMMDD'):
        point_format = compile_point_format(text)
        fields = engine.fields(key)
        fast = point_format.dump(fields, engine.zone)
        assert point_format.template is not None
        assert fast == point_format._metomi_dump(fields, engine.zone) or (
            point_format.zone not in (None, engine.zone)
        )
