"""Cycle points converted to the target database's format, with offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.exceptions import InputError
from cylc_flow.workflow_state.points import DatabasePoints

DATETIME = {
    'icp': '20250101T0000Z', 'cycle_point_format': 'CCYYMMDDThhmmZ',
    'cycle_point_tz': 'Z', 'UTC_mode': '1',
}


def test_integer_points_are_matched_as_written():
    points = DatabasePoints({'icp': '1'})
    assert points.adjust('3', None) == '3'
    assert points.adjust(None, None) is None


@pytest.mark.parametrize(
    ('offset', 'expected'), [('P1', '4'), ('-P2', '1'), ('+P0', '3')]
)
def test_integer_offsets_are_added(offset, expected):
    assert DatabasePoints({'icp': '1'}).adjust('3', offset) == expected


def test_datetime_points_are_rewritten_in_the_database_format():
    points = DatabasePoints(DATETIME)
    assert points.adjust('2025-01-01T06Z', None) == '20250101T0600Z'
    assert points.adjust('20250101T06', None) == '20250101T0600Z'
    assert points.adjust('2025-01-01T07:00+01:00', None) == '20250101T0600Z'


@pytest.mark.parametrize(
    ('offset', 'expected'),
    [('PT6H', '20250101T0600Z'), ('-P1D', '20241231T0000Z'),
     ('P1M', '20250201T0000Z')],
)
def test_datetime_offsets_are_added(offset, expected):
    assert DatabasePoints(DATETIME).adjust('20250101T00Z', offset) == expected


def test_custom_strftime_format_is_honoured():
    points = DatabasePoints({'cycle_point_format': '%Y%m%d%H',
                             'cycle_point_tz': 'Z'})
    assert points.adjust('2025-01-01T06Z', 'PT1H') == '2025010107'


def test_missing_format_with_datetime_initial_point_uses_the_default_format():
    points = DatabasePoints({'icp': '20250101T0000Z', 'UTC_mode': '1'})
    assert points.is_integer is False
    assert points.adjust('2025-01-02', None) == '20250102T0000Z'


def test_missing_format_and_initial_point_follow_the_first_point():
    assert DatabasePoints({}).adjust('7', 'P1') == '8'
    with pytest.raises(InputError, match='for integer cycling'):
        DatabasePoints({}).adjust('2025', 'PT1H')
    assert DatabasePoints({}).adjust('2025-01-01', None) == '20250101T0000Z'


def test_wildcards_pass_unchanged_but_reject_offsets():
    points = DatabasePoints(DATETIME)
    assert points.adjust('2025*', None) == '2025*'
    with pytest.raises(InputError, match='not compatible with an offset'):
        points.adjust('2025*', 'PT1H')
    with pytest.raises(InputError, match='give a specific cycle point'):
        points.adjust(None, 'PT1H')


def test_point_that_does_not_fit_the_format_is_an_input_error():
    with pytest.raises(InputError, match='not compatible with DB point format'):
        DatabasePoints(DATETIME).adjust('tomorrow', None)
    with pytest.raises(InputError, match='not a valid integer point'):
        DatabasePoints({'icp': '1'}).adjust('2025-01-01', 'P1')


def test_offset_of_the_wrong_kind_is_an_input_error():
    with pytest.raises(InputError, match='invalid offset "PT1H" for integer'):
        DatabasePoints({'icp': '1'}).adjust('1', 'PT1H')
    with pytest.raises(InputError, match='invalid offset "soon" for ISO 8601'):
        DatabasePoints(DATETIME).adjust('20250101T00Z', 'soon')


def test_bad_stored_format_is_an_input_error():
    with pytest.raises(InputError, match='cycle point format'):
        DatabasePoints({'cycle_point_format': 'nonsense%Q',
                        'cycle_point_tz': 'bad zone'}).adjust('2025', None)


def test_points_before_the_start_point():
    points = DatabasePoints({**DATETIME, 'startcp': '20250105T0000Z'})
    assert points.is_before_start('20250104T0000Z')
    assert not points.is_before_start('20250105T0000Z')
    assert not points.is_before_start('2025*')
    assert not points.is_before_start(None)
    assert not DatabasePoints(DATETIME).is_before_start('20200101T0000Z')


def test_unparsable_point_is_not_before_the_start():
    points = DatabasePoints({'icp': '1', 'startcp': '5'})
    assert points.is_before_start('4')
    assert not points.is_before_start('x')


@settings(max_examples=200, deadline=None)
@given(
    cycle=st.text(alphabet='0123456789T:-+ZP*HMDY', max_size=16),
    offset=st.none() | st.text(alphabet='0123456789T-+PHMDYS', max_size=8),
    integer=st.booleans(),
)
def test_any_point_and_offset_give_a_string_or_a_user_error(
    cycle, offset, integer
):
    points = DatabasePoints({'icp': '1'} if integer else DATETIME)
    try:
        result = points.adjust(cycle, offset)
    except InputError:
        return
    assert isinstance(result, str)
