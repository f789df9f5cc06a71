"""The wall_clock xtrigger: offset checks and the satisfied test."""

from __future__ import annotations

import calendar

import pytest

from cylc_flow.exceptions import WorkflowConfigError
from cylc_flow.xtriggers import wall_clock as module
from cylc_flow.xtriggers.wall_clock import (
    validate,
    wall_clock,
    wall_clock_satisfied,
    wall_clock_trigger_time,
)

POINT = calendar.timegm((2020, 1, 31, 0, 0, 0))


def test_satisfied_only_after_point_plus_offset():
    assert not wall_clock_satisfied(POINT, 'PT1H', POINT + 3600)
    assert wall_clock_satisfied(POINT, 'PT1H', POINT + 3600.5)
    assert not wall_clock_satisfied(POINT, 'PT0S', POINT)
    assert wall_clock_satisfied(POINT, 'PT0S', POINT + 1)


def test_negative_offset_triggers_before_the_point():
    assert wall_clock_satisfied(POINT, '-PT1H', POINT - 3599)
    assert not wall_clock_satisfied(POINT, '-PT1H', POINT - 3601)


def test_offset_may_be_given_in_seconds():
    assert wall_clock_trigger_time(POINT, 90) == POINT + 90
    assert wall_clock_trigger_time(POINT, 1.5) == POINT + 1.5


def test_calendar_offsets_are_added_on_the_calendar():
    # 2020-01-31 + P1M = 2020-02-29 (leap year), not a fixed 30 days
    expected = calendar.timegm((2020, 2, 29, 0, 0, 0))
    assert wall_clock_trigger_time(POINT, 'P1M') == expected
    assert wall_clock_trigger_time(POINT, 'P1Y') == calendar.timegm(
        (2021, 1, 31, 0, 0, 0)
    )
    assert wall_clock_trigger_time(POINT, 'P1D') == POINT + 86400


@pytest.mark.parametrize('offset', ['PT0S', 'PT1H', '-PT30M', 'P1D', 'P1Y2M'])
def test_validate_accepts_iso8601_durations(offset):
    validate({'offset': offset, 'sequential': True})


@pytest.mark.parametrize('offset', ['PT1X', 'soon', '', 0, None, True])
def test_validate_rejects_other_offsets(offset):
    with pytest.raises(WorkflowConfigError, match='Invalid offset'):
        validate({'offset': offset, 'sequential': True})


def test_bad_offset_at_run_time_is_a_config_error():
    with pytest.raises(WorkflowConfigError, match='Invalid offset: later'):
        wall_clock_satisfied(POINT, 'later', POINT)
    with pytest.raises(WorkflowConfigError):
        wall_clock_trigger_time(POINT, True)  # type: ignore[arg-type]


def test_the_placeholder_is_not_run_out_of_process():
    with pytest.raises(RuntimeError, match='evaluated by the scheduler'):
        wall_clock('PT1H')


def test_signature_is_offset_and_sequential_with_cylc_defaults():
    import inspect

    parameters = inspect.signature(module.wall_clock).parameters
    assert parameters['offset'].default == 'PT0S'
    assert parameters['sequential'].default is True
