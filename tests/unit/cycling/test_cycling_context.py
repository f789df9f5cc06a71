"""Initial and final cycle points, constraints and context settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from cylc_flow.cycling.context import CyclingContext
from cylc_flow.cycling.errors import (
    CyclePointBoundsError,
    MissingInitialPointError,
)
from cylc_flow.exceptions import CyclingError, PointParsingError

# The documented example time for relative initial cycle points.
NOW = datetime(2018, 3, 14, 15, 12, tzinfo=UTC)


@pytest.fixture
def at_now():
    return CyclingContext.iso8601(
        utc_mode=True, now=NOW, point_format='CCYY-MM-DDThh:mmZ'
    )


@pytest.mark.parametrize(
    'text, expected',
    [
        ('now', '2018-03-14T15:12Z'),
        ('next(T-00)', '2018-03-14T16:00Z'),
        ('previous(T-00)', '2018-03-14T15:00Z'),
        ('next(T-00; T-15; T-30; T-45)', '2018-03-14T15:15Z'),
        ('previous(T-00; T-15; T-30; T-45)', '2018-03-14T15:00Z'),
        ('next(T00)', '2018-03-15T00:00Z'),
        ('previous(T00)', '2018-03-14T00:00Z'),
        ('next(T06:30Z)', '2018-03-15T06:30Z'),
        ('previous(T06:30) -P1D', '2018-03-13T06:30Z'),
        ('next(T00; T06; T12; T18)', '2018-03-14T18:00Z'),
        ('previous(T00; T06; T12; T18)', '2018-03-14T12:00Z'),
        ('next(T00; T06; T12; T18) +P1W', '2018-03-21T18:00Z'),
        ('PT1H', '2018-03-14T16:12Z'),
        ('-P1M', '2018-02-14T15:12Z'),
        ('next(-00)', '2100-01-01T00:00Z'),
        ('previous(--01)', '2018-01-01T00:00Z'),
        ('next(---01)', '2018-04-01T00:00Z'),
        ('previous(--1225)', '2017-12-25T00:00Z'),
        ('next(-2006)', '2020-06-01T00:00Z'),
        ('previous(-W101)', '2018-03-05T00:00Z'),
        # (a day of week without a time is taken at 00:00, so Wednesday the
        # 14th is already past at 15:12 and Friday the 16th is next)
        ('next(-W-1; -W-3; -W-5)', '2018-03-16T00:00Z'),
        ('next(-001; -091; -181; -271)', '2018-04-01T00:00Z'),
        ('previous(-365T12Z)', '2017-12-31T12:00Z'),
        ('T06', '2018-03-15T06:00Z'),
        ('2025-01-01T06', '2025-01-01T06:00Z'),
        ('20250101', '2025-01-01T00:00Z'),
    ],
)
def test_initial_point_relative_to_now(at_now, text, expected):
    assert at_now.resolve_initial_point(text).value == expected


def test_now_is_read_in_the_point_time_zone():
    local_now = datetime(2018, 3, 15, 4, 12, tzinfo=timezone(timedelta(hours=13)))
    context = CyclingContext.iso8601(now=local_now)
    assert context.resolve_initial_point('now').value == '20180314T1512Z'
    naive = CyclingContext.iso8601(utc_mode=True, now=datetime(2018, 3, 14, 15))
    assert naive.resolve_initial_point('now').value == '20180314T1500Z'


def test_now_is_cut_to_the_point_format_precision():
    context = CyclingContext.iso8601(
        utc_mode=True, now=datetime(2018, 3, 14, 15, 12, 59, tzinfo=UTC)
    )
    assert context.resolve_initial_point('now').value == '20180314T1512Z'
    hourly = CyclingContext.iso8601(
        utc_mode=True, now=NOW, point_format='CCYYMMDDThhZ'
    )
    assert hourly.resolve_initial_point('now').value == '20180314T15Z'


def test_previous_next_need_the_gregorian_calendar():
    context = CyclingContext.iso8601(calendar='360day', now=NOW)
    with pytest.raises(CyclingError, match='gregorian'):
        context.resolve_initial_point('next(T00)')


@pytest.mark.parametrize(
    'text', ['next(T00', 'next()', 'sideways(T00)', 'next(20250101T00)',
             'previous(T00)(T06)']
)
def test_bad_relative_initial_points(at_now, text):
    with pytest.raises(CyclingError):
        at_now.resolve_initial_point(text)


def test_datetime_initial_point_is_required():
    context = CyclingContext.iso8601()
    with pytest.raises(MissingInitialPointError, match='requires an initial'):
        context.resolve_initial_point(None)


def test_integer_initial_point_defaults_to_one():
    context = CyclingContext.integer()
    assert context.resolve_initial_point(None).value == '1'
    assert context.resolve_initial_point(' 3 ').value == '3'
    with pytest.raises(PointParsingError):
        context.resolve_initial_point('now')


@pytest.mark.parametrize(
    'icp, constraints, ok',
    [
        ('20250301T00', ['T00', 'T12'], True),
        ('20250301T12', ['T00', 'T12'], True),
        ('20250301T06', ['T00', 'T12'], False),
        ('20250301T0030', ['T-30'], True),
        ('20250301T00', ['01T00'], True),
        ('20250302T00', ['01T00'], False),
    ],
)
def test_initial_point_constraints(icp, constraints, ok):
    context = CyclingContext.iso8601(utc_mode=True)
    if ok:
        assert context.resolve_initial_point(icp, constraints)
        return
    with pytest.raises(CyclePointBoundsError) as error:
        context.resolve_initial_point(icp, constraints)
    assert str(error.value) == (
        f'Initial cycle point {context.point(icp)} does not meet the'
        f" constraints {constraints}"
    )


def test_integer_constraints_are_points_or_offsets():
    context = CyclingContext.integer()
    assert context.resolve_initial_point('3', ['1', '3']).value == '3'
    with pytest.raises(CyclePointBoundsError, match=r"\['1', '2'\]"):
        context.resolve_initial_point('3', ['1', '2'])


@pytest.mark.parametrize(
    'text, expected',
    [
        ('+P1DT12H', '2025-01-03T00Z'),
        ('P1D', '2025-01-02T12Z'),
        ('2025-01-05T00Z', '2025-01-05T00Z'),
        ('T00', '2025-01-02T00Z'),
        ('2025-01-04+P1D', '2025-01-05T00Z'),
    ],
)
def test_final_point_absolute_or_relative_to_initial(text, expected):
    context = CyclingContext.iso8601(
        utc_mode=True, point_format='CCYY-MM-DDThhZ'
    )
    icp = context.resolve_initial_point('2025-01-01T12Z')
    assert context.resolve_final_point(text, icp).value == expected


def test_final_point_before_initial_point_is_an_error():
    context = CyclingContext.iso8601(utc_mode=True)
    icp = context.resolve_initial_point('20250301T00')
    with pytest.raises(CyclePointBoundsError) as error:
        context.resolve_final_point('20250201T00', icp)
    assert str(error.value) == (
        'The initial cycle point:20250301T0000Z is after the final cycle'
        ' point:20250201T0000Z.'
    )
    with pytest.raises(CyclePointBoundsError):
        context.resolve_final_point('-P1D', icp)


def test_unset_final_point_is_none():
    context = CyclingContext.iso8601(utc_mode=True)
    icp = context.resolve_initial_point('20250301T00')
    assert context.resolve_final_point(None, icp) is None
    assert context.resolve_final_point('  ', icp) is None


def test_final_point_constraints():
    context = CyclingContext.iso8601(utc_mode=True)
    icp = context.resolve_initial_point('20250301T00')
    assert context.resolve_final_point('20250305T12', icp, ['T12'])
    with pytest.raises(CyclePointBoundsError, match='Final cycle point'):
        context.resolve_final_point('20250305T06', icp, ['T12'])


def test_integer_final_point():
    context = CyclingContext.integer()
    icp = context.resolve_initial_point('2')
    assert context.resolve_final_point('+P3', icp).value == '5'
    assert context.resolve_final_point('P3', icp).value == '5'
    assert context.resolve_final_point('9', icp).value == '9'
    with pytest.raises(CyclePointBoundsError):
        context.resolve_final_point('1', icp)


def test_context_properties():
    integer = CyclingContext.integer()
    assert (integer.mode, integer.calendar, integer.point_format) == (
        'integer', 'integer', None
    )
    date_time = CyclingContext.iso8601(
        calendar='365day', time_zone='-0530', point_format='CCYYMMDDThh-0530'
    )
    assert date_time.mode == 'iso8601'
    assert date_time.calendar == '365day'
    assert date_time.time_zone == '-0530'
    assert date_time.point_format == 'CCYYMMDDThh-0530'
    assert date_time.point('2025-01-01T00Z').value == '20241231T18-0530'


def test_contexts_do_not_share_state():
    gregorian = CyclingContext.iso8601(utc_mode=True)
    idealised = CyclingContext.iso8601(calendar='360day', utc_mode=True)
    day = gregorian.interval('P1D')
    assert (gregorian.point('20250228T00') + day).value == '20250301T0000Z'
    assert (idealised.point('20250228T00') + idealised.interval('P1D')).value == (
        '20250229T0000Z'
    )
    assert (gregorian.point('20250228T00') + day).value == '20250301T0000Z'


@pytest.mark.parametrize(
    'settings',
    [
        {'calendar': 'julian'},
        {'time_zone': 'Mars'},
        {'point_format': 'CCYYMMDD', 'num_expanded_year_digits': 2},
        {'num_expanded_year_digits': -1},
    ],
)
def test_bad_context_settings_are_cycling_errors(settings):
    with pytest.raises(CyclingError):
        CyclingContext.iso8601(**settings)


def test_sequences_are_cached_per_context():
    context = CyclingContext.iso8601(utc_mode=True)
    icp = context.point('20250301T00')
    assert context.sequence('PT6H', icp, None) is context.sequence(
        'PT6H', icp, None
    )


def test_lazy_export_from_the_package():
    from cylc_flow import cycling

    assert cycling.CyclingContext is CyclingContext
    with pytest.raises(AttributeError):
        cycling.NoSuchThing  # noqa: B018


def test_points_intervals_and_sequences_are_not_copied():
    import copy

    context = CyclingContext.iso8601(utc_mode=True)
    point = context.point('20250301T00')
    sequence = context.sequence('PT6H', point, None)
    interval = context.interval('PT6H')
    record = {'point': point, 'sequence': sequence, 'interval': interval}
    copied = copy.deepcopy(record)
    assert copied['point'] is point and copied['sequence'] is sequence
    assert copy.copy(interval) is interval
