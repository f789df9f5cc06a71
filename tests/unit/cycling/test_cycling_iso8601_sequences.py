"""Date-time recurrences: every Cylc 8 form, exclusions, min(), queries."""

from __future__ import annotations

import pytest

from cylc_flow.cycling.context import CyclingContext
from cylc_flow.cycling.errors import MissingFinalPointError, SequenceDegenerateError
from cylc_flow.exceptions import SequenceParsingError


@pytest.fixture
def utc():
    return CyclingContext.iso8601(utc_mode=True)


def points(context, recurrence, icp, fcp=None, stop=None, limit=50):
    """The values of a sequence's points from ``icp`` to ``stop`` (or fcp)."""
    initial = context.point(icp)
    final = None if fcp is None else context.point(fcp)
    sequence = context.sequence(recurrence, initial, final)
    last = context.point(stop) if stop else final
    found = []
    for point in sequence.iter_points(initial, last):
        found.append(point.value)
        if len(found) >= limit:
            break
    return found


def short(values):
    """'20000101T0600Z' -> '01T06' for readable expectations."""
    return [f'{value[6:8]}T{value[9:11]}' for value in values]


@pytest.mark.parametrize(
    'recurrence, expected',
    [
        ('R1', ['01T00']),
        ('R1/^', ['01T00']),
        ('R1/$', ['03T00']),
        ('R1/P0Y', ['03T00']),
        ('R1//+P0D', ['03T00']),
        ('R1/$-PT6H', ['02T18']),
        ('R1/^+PT12H', ['01T12']),
        ('R1/+PT12H', ['01T12']),
        ('R1/T06', ['01T06']),
        ('PT12H', ['01T00', '01T12', '02T00', '02T12', '03T00']),
        ('R/^/PT12H', ['01T00', '01T12', '02T00', '02T12', '03T00']),
        ('+PT6H/PT12H', ['01T06', '01T18', '02T06', '02T18']),
        ('T00', ['01T00', '02T00', '03T00']),
        ('T06', ['01T06', '02T06']),
        ('T06/P2D', ['01T06']),
        ('R2/T18', ['01T18', '02T18']),
        ('R2/P1D', ['02T00', '03T00']),  # counts back from the final point
        ('R2/PT12H/$', ['02T12', '03T00']),
        # back from 03T00 in 18 hour steps: 02T06, 01T12, (31 Dec) T18
        ('R/PT18H', ['01T12', '02T06', '03T00']),
        ('PT18H/$', ['01T12', '02T06', '03T00']),
        ('R//T00', ['01T00', '02T00', '03T00']),
        ('$-P1D/PT12H', ['02T00', '02T12', '03T00']),
        ('R3/20000101T06/PT6H', ['01T06', '01T12', '01T18']),
        ('R2//PT6H', ['01T00', '01T06']),
        ('T-00!(T00, T01, T02, T03, T04, T05)', None),
    ],
)
def test_datetime_recurrence_forms(utc, recurrence, expected):
    found = points(utc, recurrence, '20000101T00', '20000103T00')
    if expected is None:
        assert short(found)[:2] == ['01T06', '01T07']
        return
    assert short(found) == expected


@pytest.mark.parametrize(
    'recurrence, icp, expected',
    [
        # a week day ('W-1' = Monday; 2025-03-01 was a Saturday)
        ('W-1T00', '20250301T00', ['20250303T0000Z', '20250310T0000Z']),
        ('R2/W-1/P1M', '20250301T00', ['20250303T0000Z', '20250403T0000Z']),
        # a day of the month
        ('01T00', '20250315T00', ['20250401T0000Z', '20250501T0000Z']),
        ('R3/01T00', '20250115T00',
         ['20250201T0000Z', '20250301T0000Z', '20250401T0000Z']),
        # month steps clamp the day, then keep the clamped day
        ('P1M', '20250131T00',
         ['20250131T0000Z', '20250228T0000Z', '20250328T0000Z']),
        ('P1Y', '20240229T00', ['20240229T0000Z', '20250228T0000Z']),
        ('R3/T0830', '20000101T00',
         ['20000101T0830Z', '20000102T0830Z', '20000103T0830Z']),
        ('T-30', '20000101T00', ['20000101T0030Z', '20000101T0130Z']),
    ],
)
def test_truncated_and_nominal_recurrences(utc, recurrence, icp, expected):
    assert points(utc, recurrence, icp, limit=len(expected)) == expected


@pytest.mark.parametrize(
    'recurrence, expected',
    [
        ('R3/2000-01-01T00Z/P2D',
         ['20000101T0000Z', '20000103T0000Z', '20000105T0000Z']),
        ('R3/P5D/2014-04-30T06',
         ['20140420T0600Z', '20140425T0600Z', '20140430T0600Z']),
        ('R3/2020-07-10/2020-07-15',
         ['20200710T0000Z', '20200715T0000Z', '20200720T0000Z']),
    ],
)
def test_documented_absolute_recurrences(utc, recurrence, expected):
    sequence = utc.sequence(
        recurrence, utc.point('19990101T00'), utc.point('20300101T00')
    )
    assert [point.value for point in sequence.iter_points()] == expected


def test_format_1_interval_is_in_exact_units(utc):
    sequence = utc.sequence(
        'R/2004/2005', utc.point('2004'), utc.point('2010')
    )
    assert str(sequence.get_interval()) == 'P366D'
    assert sequence.get_stop_point() is None


@pytest.mark.parametrize(
    'recurrence, icp, fcp, expected',
    [
        ('T00 ! W-1T00', '20250301T00', '20250310T00',
         ['01', '02', '04', '05', '06', '07', '08', '09']),
        ('P1D!20250303T00', '20250301T00', '20250305T00',
         ['01', '02', '04', '05']),
        ('P1D ! (20250302T00, 20250304T00)', '20250301T00', '20250305T00',
         ['01', '03', '05']),
        ('T00!^', '20250301T00', '20250304T00', ['02', '03', '04']),
        ('T00!$-P1D', '20250301T00', '20250304T00', ['01', '02', '04']),
        ('T00 ! T00/P2D', '20250301T00', '20250306T00', ['02', '04', '06']),
        ('R2/P1D!20250304T00', '20250301T00', '20250305T00', ['05']),
    ],
)
def test_daily_exclusions(utc, recurrence, icp, fcp, expected):
    assert [value[6:8] for value in points(utc, recurrence, icp, fcp)] == (
        expected
    )


@pytest.mark.parametrize(
    'recurrence',
    [
        'PT1H ! PT6H',
        'T-00 ! (T00, T06, T12, T18)',
        'T-00 ! PT6H',
        'PT1H ! (T00, T06, T12)',
    ],
)
def test_hourly_exclusions_of_six_hourly_points(utc, recurrence):
    hours = [
        value[9:11]
        for value in points(utc, recurrence, '20000101T00', '20000101T12')
    ]
    assert hours == ['01', '02', '03', '04', '05', '07', '08', '09', '10',
                     '11']


def test_exclusion_recurrence_with_its_own_start(utc):
    found = points(utc, 'R/^/PT1H ! R5/20000101T00/P1D', '20000101T00',
                   '20000103T01')
    assert '20000101T0000Z' not in found and '20000102T0000Z' not in found
    assert found[:2] == ['20000101T0100Z', '20000101T0200Z']
    assert found[-1] == '20000103T0100Z'


def test_min_picks_the_earliest_first_point(utc):
    icp = '20100101T03'
    assert points(utc, 'R1/min(T00,T12)', icp, '20100110T00') == [
        '20100101T1200Z'
    ]
    assert points(utc, 'R1/min(T06,T18)', icp, '20100110T00') == [
        '20100101T0600Z'
    ]
    assert points(utc, 'R1/min(T00,T06,T12,T18)', icp, '20100110T00') == [
        '20100101T0600Z'
    ]
    # the entry's truncation sets the interval when none is given
    assert points(utc, 'min(T12, T18)', icp, limit=2) == [
        '20100101T1200Z', '20100102T1200Z'
    ]


def test_sequence_start_may_precede_the_initial_point(utc):
    icp = utc.point('20250301T00')
    sequence = utc.sequence('-P1D/P1D', icp, None)
    assert sequence.get_start_point().value == '20250228T0000Z'
    assert sequence.get_first_point(icp) == icp


def test_sequence_queries_on_an_exact_step(utc):
    icp, fcp = utc.point('20250301T00'), utc.point('20250302T00')
    sequence = utc.sequence('PT6H!20250301T12', icp, fcp)
    point = utc.point
    assert sequence.get_first_point(point('20250301T01')) == point(
        '20250301T06'
    )
    assert sequence.get_next_point(point('20250301T06')) == point(
        '20250301T18'
    )
    assert sequence.get_next_point_on_sequence(point('20250301T06')) == (
        point('20250301T18')
    )
    assert sequence.get_prev_point(point('20250301T18')) == point(
        '20250301T06'
    )
    assert sequence.get_prev_point(point('20250301T19')) == point(
        '20250301T18'
    )
    assert sequence.get_prev_point(icp) is None
    assert sequence.is_valid(point('20250301T18'))
    assert not sequence.is_valid(point('20250301T12'))
    assert not sequence.is_valid(point('20250301T13'))
    assert sequence.is_on_sequence(point('20250301T06'))
    assert not sequence.is_on_sequence(point('20250301T12'))
    assert sequence.get_interval() == utc.interval('PT6H')
    # a date-time sequence is not cut at the final cycle point
    assert sequence.get_stop_point() is None
    assert sequence.is_valid(point('20250310T00'))


def test_sequence_queries_on_a_month_step(utc):
    icp = utc.point('20250131T00')
    sequence = utc.sequence('R4/P1M', icp, utc.point('20250531T00'))
    point = utc.point
    # the start is 31 May - P3M (28 Feb), then the points step on from it
    assert [p.value for p in sequence.iter_points()] == [
        '20250228T0000Z', '20250328T0000Z', '20250428T0000Z',
        '20250528T0000Z',
    ]
    sequence = utc.sequence('P1M', icp, None)
    assert sequence.is_valid(point('20250328T00'))
    assert not sequence.is_valid(point('20250331T00'))
    assert sequence.get_first_point(point('20250301T00')) == point(
        '20250328T00'
    )
    assert sequence.get_prev_point(point('20250328T00')) == point(
        '20250228T00'
    )
    assert sequence.get_next_point(point('20260101T00')) == point(
        '20260128T00'
    )


def test_one_off_sequences(utc):
    icp = utc.point('20250301T00')
    sequence = utc.sequence('R1/^+PT12H', icp, None)
    assert sequence.get_interval() is None
    assert sequence.get_start_point() == sequence.get_stop_point()
    assert sequence.get_first_point(icp).value == '20250301T1200Z'
    assert sequence.get_next_point(sequence.get_start_point()) is None


def test_sequence_equality_ignores_spelling(utc):
    icp, fcp = utc.point('20250301T00'), utc.point('20250310T00')
    assert utc.sequence('PT6H', icp, fcp) == utc.sequence('R/^/PT6H', icp, fcp)
    assert utc.sequence('T00', icp, fcp) == utc.sequence('P1D', icp, fcp)
    assert hash(utc.sequence('T00', icp, fcp)) == hash(
        utc.sequence('P1D', icp, fcp)
    )
    assert utc.sequence('T00', icp, fcp) != utc.sequence('T12', icp, fcp)
    assert str(utc.sequence('R1/^+PT12H', icp, fcp)) == 'R1/^+PT12H'


@pytest.mark.parametrize(
    'recurrence, reason',
    [
        ('-PT1H', 'no interval'),
        ('20250101T00', 'no interval'),
        ('R/20250101T00', 'no interval'),
        ('R0/PT1H', 'repetitions'),
        ('foo', 'not a valid cylc-shorthand'),
        ('00', '2 digit centuries'),
        ('R1/min(T00', 'could not parse|unclosed'),
        ('R/T00/PT1X', 'invalid ISO 8601 interval'),
        ('R2/20250102/20250101', 'before the first'),
        ('P1D!!T00', 'only one set of exclusions'),
        ('R1/20250101T00+P1', 'invalid ISO 8601 interval'),
    ],
)
def test_invalid_datetime_recurrences(utc, recurrence, reason):
    icp, fcp = utc.point('20250301T00'), utc.point('20250310T00')
    with pytest.raises(SequenceParsingError, match=reason):
        utc.sequence(recurrence, icp, fcp)


@pytest.mark.parametrize('recurrence', ['R1/$', 'R/P1D', 'R2/PT6H', 'P1D/T00'])
def test_final_point_required_when_referenced(utc, recurrence):
    with pytest.raises(MissingFinalPointError, match='final cycle point'):
        utc.sequence(recurrence, utc.point('20250301T00'), None)


def test_absolute_end_needs_no_final_point(utc):
    sequence = utc.sequence('R2/P1D/20250305T00', utc.point('20250301T00'),
                            None)
    assert sequence.get_start_point().value == '20250304T0000Z'


def test_point_format_too_coarse_for_the_step_is_degenerate():
    context = CyclingContext.iso8601(utc_mode=True, point_format='CCYYMMDD')
    icp = context.point('20250301')
    with pytest.raises(SequenceDegenerateError, match='cannot tell'):
        context.sequence('PT6H', icp, None)
    assert context.sequence('P1D', icp, None).get_next_point(icp).value == (
        '20250302'
    )
