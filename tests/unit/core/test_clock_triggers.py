"""[scheduling][special tasks]clock-trigger and @wall_clock in the core."""

from __future__ import annotations

import pytest
from core_sim_helpers import Y2K, load, make_run, simulate

from cylc_flow.core.special_tasks import SpecialTaskError
from cylc_flow.exceptions import WorkflowConfigError

HOUR = 3600.0

CLOCK = '''
[scheduler]
    UTC mode = True
    allow implicit tasks = True
[scheduling]
    initial cycle point = 2000-01-01T00Z
    final cycle point = 2000-01-01T12Z
    [[special tasks]]
        clock-trigger = foo(PT1H)
    [[graph]]
        PT6H = "foo => bar"
'''


def test_clock_triggered_task_waits_until_point_plus_offset(tmp_path):
    run = simulate(load(tmp_path, CLOCK))
    assert run.shutdown.reason == 'AUTOMATIC'
    assert run.when('20000101T0000Z/foo') == Y2K + HOUR
    assert run.when('20000101T0600Z/foo') == Y2K + 7 * HOUR
    assert run.when('20000101T1200Z/foo') == Y2K + 13 * HOUR
    # the downstream task has no clock trigger of its own
    assert run.when('20000101T0600Z/bar') == Y2K + 7 * HOUR


def test_clock_trigger_is_satisfied_at_once_when_the_workflow_is_behind(tmp_path):
    run = simulate(load(tmp_path, CLOCK), start_time=Y2K + 100 * HOUR)
    assert {run.when(task) for task in run.triggered_ids()} == {Y2K + 100 * HOUR}
    assert len(run.triggered_ids()) == 6


def test_clock_trigger_time_is_in_next_wakeup(tmp_path):
    run = make_run(load(tmp_path, CLOCK))
    run.core.start(Y2K)
    assert run.core.next_wakeup() == Y2K + HOUR
    run.core.step(Y2K + HOUR - 1)
    assert not run.triggered()
    run.core.step(Y2K + HOUR)
    assert run.core.pool.get(
        run.core.config.context.point('20000101T0000Z'), 'foo').state == 'preparing'


def test_clock_trigger_logs_its_xtrigger_as_cylc_8_does(tmp_path):
    run = simulate(load(tmp_path, CLOCK))
    satisfied = [text for _now, text in run.lines('xtrigger satisfied')]
    assert satisfied[0] == ('xtrigger satisfied: _cylc_wall_clock_foo ='
                            f' wall_clock(trigger_time={int(Y2K + HOUR)})')
    assert len(satisfied) == 3


def test_clock_triggers_are_sequential_next_instance_spawns_when_satisfied(
        tmp_path):
    run = make_run(load(tmp_path, CLOCK))
    core = run.core
    core.start(Y2K)
    assert [str(itask.point) for itask in core.pool if itask.name == 'foo'] == [
        '20000101T0000Z']
    core.step(Y2K + HOUR)
    assert sorted(str(itask.point) for itask in core.pool
                  if itask.name == 'foo') == ['20000101T0000Z', '20000101T0600Z']


def test_clock_trigger_on_a_family_applies_to_its_members(tmp_path):
    config = load(tmp_path, '''
        [scheduler]
            UTC mode = True
        [scheduling]
            initial cycle point = 2000-01-01T00Z
            final cycle point = 2000-01-01T00Z
            [[special tasks]]
                clock-trigger = FAM(PT30M)
            [[graph]]
                PT6H = "FAM:succeed-all => after"
        [runtime]
            [[FAM]]
            [[a, b]]
                inherit = FAM
            [[after]]
    ''')
    run = simulate(config)
    assert run.when('20000101T0000Z/a') == Y2K + 1800
    assert run.when('20000101T0000Z/b') == Y2K + 1800


def test_clock_trigger_without_offset_triggers_at_the_cycle_point(tmp_path):
    config = load(tmp_path, CLOCK.replace('foo(PT1H)', 'foo'))
    run = simulate(config, start_time=Y2K - 600)
    assert run.when('20000101T0000Z/foo') == Y2K


def test_negative_clock_trigger_offset_triggers_before_the_cycle_point(tmp_path):
    config = load(tmp_path, CLOCK.replace('foo(PT1H)', 'foo(-PT1H)'))
    run = simulate(config, start_time=Y2K - 2 * HOUR)
    assert run.when('20000101T0000Z/foo') == Y2K - HOUR


@pytest.mark.parametrize('entry', ['foo(PT1X)', 'foo(one hour)', 'foo(PT1H'])
def test_bad_clock_trigger_offset_is_a_config_error(tmp_path, entry):
    with pytest.raises(WorkflowConfigError) as info:  # validation catches it
        load(tmp_path, CLOCK.replace('foo(PT1H)', entry))
    assert isinstance(info.value, SpecialTaskError)
    assert 'clock-trigger' in str(info.value)
    assert '\n' not in str(info.value)


def test_plain_wall_clock_xtriggers_have_one_trigger_time_per_cycle(tmp_path):
    config = load(tmp_path, '''
        [scheduler]
            UTC mode = True
            allow implicit tasks = True
        [scheduling]
            initial cycle point = 2000-01-01T00Z
            final cycle point = 2000-01-01T12Z
            [[xtriggers]]
                late = wall_clock(offset=PT2H)
            [[graph]]
                PT6H = "@late => foo"
    ''')
    run = simulate(config)
    assert run.when('20000101T0000Z/foo') == Y2K + 2 * HOUR
    assert run.when('20000101T0600Z/foo') == Y2K + 8 * HOUR
    assert run.when('20000101T1200Z/foo') == Y2K + 14 * HOUR
