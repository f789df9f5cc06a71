"""[scheduling][special tasks]clock-expire in the core."""

from __future__ import annotations

import pytest
from core_sim_helpers import Y2K, load, make_run, simulate, succeed_after

from cylc_flow.core.expiry import ExpiryWatch
from cylc_flow.core.special_tasks import SpecialTaskError
from cylc_flow.scheduler.simulation import SimulatedRun

HOUR = 3600.0

EXPIRE = '''
[scheduler]
    UTC mode = True
    allow implicit tasks = True
    [[events]]
        stall timeout = PT0S
        abort on stall timeout = True
[scheduling]
    initial cycle point = 2000-01-01T00Z
    final cycle point = 2000-01-01T00Z
    [[special tasks]]
        clock-expire = copy(PT1H)
    [[graph]]
        PT6H = """
            slow => copy
            copy => publish
            copy:expired? => skip
        """
'''


def slow_job(hours: float):
    def outcome(itask):
        if itask.name == 'slow':
            return succeed_after(hours * HOUR)
        return SimulatedRun(['started', 'succeeded'])
    return outcome


def test_waiting_task_past_its_expiry_time_expires_instead_of_running(tmp_path):
    run = simulate(load(tmp_path, EXPIRE), slow_job(2))
    assert '20000101T0000Z/copy' not in run.triggered_ids()
    assert '20000101T0000Z/skip' in run.triggered_ids()
    assert '20000101T0000Z/publish' not in run.triggered_ids()
    assert run.lines('[20000101T0000Z/copy:waiting] => expired')
    assert run.lines('Task expired (skipping job).')
    assert run.shutdown.reason == 'AUTOMATIC' and not run.shutdown.aborted


def test_expired_task_spawns_its_expired_children_at_the_expiry_time(tmp_path):
    run = simulate(load(tmp_path, EXPIRE), slow_job(2))
    # copy enters the pool when slow succeeds, already past its expiry time
    expired_at = run.lines('=> expired')[0][0]
    assert expired_at == Y2K + 2 * HOUR
    assert run.when('20000101T0000Z/skip') == Y2K + 2 * HOUR
    assert run.triggered()[-1] == (
        "20000101T0000Z/skip -triggered off ['20000101T0000Z/copy']"
        ' in flow 1')


def test_task_that_can_run_before_its_expiry_time_runs(tmp_path):
    run = simulate(load(tmp_path, EXPIRE), slow_job(0.5))
    assert run.when('20000101T0000Z/copy') == Y2K + 0.5 * HOUR
    assert '20000101T0000Z/publish' in run.triggered_ids()
    assert '20000101T0000Z/skip' not in run.triggered_ids()
    assert not run.lines('=> expired')


def test_task_waiting_in_the_pool_expires_exactly_at_its_expiry_time(tmp_path):
    config = load(tmp_path, EXPIRE.replace('slow => copy', 'slow & other => copy'))

    def outcome(itask):
        hours = {'slow': 0.5, 'other': 5.0}.get(itask.name, 0.0)
        return succeed_after(hours * HOUR)

    run = simulate(config, outcome)
    assert run.lines('=> expired')[0][0] == Y2K + HOUR
    assert run.when('20000101T0000Z/skip') == Y2K + HOUR
    assert run.shutdown.reason == 'AUTOMATIC'


def test_next_wakeup_includes_the_expiry_time(tmp_path):
    run = make_run(load(tmp_path, EXPIRE), slow_job(5))
    core = run.core
    core.start(Y2K)
    point = core.config.context.point('20000101T0000Z')
    core._add_task(point, 'copy', frozenset({1}))
    assert core.next_wakeup() == Y2K + HOUR


def test_expiry_alone_can_wake_a_workflow_waiting_on_a_prerequisite(tmp_path):
    config = load(tmp_path, '''
        [scheduler]
            UTC mode = True
            allow implicit tasks = True
            [[events]]
                stall timeout = PT12H
                abort on stall timeout = True
        [scheduling]
            initial cycle point = 2000-01-01T00Z
            final cycle point = 2000-01-01T00Z
            [[special tasks]]
                clock-expire = b(PT3H)
            [[graph]]
                PT6H = """
                    a:x? => b
                    a? => c
                    b:expired? => d
                """
        [runtime]
            [[a]]
                [[[outputs]]]
                    x = x
    ''')
    run = make_run(config)
    core = run.core
    core.start(Y2K)
    core.on_job_submitted(next(iter(core.pool)), Y2K)
    point = core.config.context.point('20000101T0000Z')
    b = core._add_task(point, 'b', frozenset({1}))
    core.step(Y2K)
    assert core.next_wakeup() == Y2K + 3 * HOUR
    core.step(Y2K + 3 * HOUR)
    assert b.state == 'expired'
    assert 'expired' in b.completed_outputs
    assert core.pool.get(point, 'd') is not None


def test_clock_expired_task_is_complete_unless_completion_says_otherwise(
        tmp_path):
    strict = EXPIRE + '''
[runtime]
    [[copy]]
        completion = succeeded or expired
'''
    run = simulate(load(tmp_path, strict), slow_job(2))
    assert run.shutdown.reason == 'AUTOMATIC'
    insisting = load(tmp_path, EXPIRE.replace('copy:expired? => skip', '')
                     + '''
[runtime]
    [[copy]]
        completion = succeeded
''')
    run = simulate(insisting, slow_job(2))
    assert run.shutdown.aborted
    assert run.lines('did not complete the required outputs')
    assert run.lines('* 20000101T0000Z/copy did not complete required outputs')


def test_clock_expire_task_not_named_expired_in_graph_completes_on_expiry(
        tmp_path):
    config = load(tmp_path, EXPIRE.replace('copy:expired? => skip', ''))
    run = simulate(config, slow_job(2))
    assert run.shutdown.reason == 'AUTOMATIC' and not run.shutdown.aborted
    assert run.lines('=> expired')


def test_active_task_does_not_expire(tmp_path):
    def long_copy(itask):
        duration = 3 * HOUR if itask.name == 'copy' else 0.0
        return succeed_after(duration)

    run = simulate(load(tmp_path, EXPIRE), long_copy)
    assert run.when('20000101T0000Z/copy') == Y2K
    assert '20000101T0000Z/publish' in run.triggered_ids()
    assert not run.lines('=> expired')


def test_retrying_task_can_expire_between_tries(tmp_path):
    config = load(tmp_path, EXPIRE + '''
[runtime]
    [[copy]]
        execution retry delays = PT2H
''')

    def copy_fails(itask):
        if itask.name == 'copy':
            return SimulatedRun(['started', 'failed'])
        return SimulatedRun(['started', 'succeeded'])

    run = simulate(config, copy_fails)
    assert run.triggered_ids().count('20000101T0000Z/copy') == 1
    assert run.lines('=> expired')[0][0] == Y2K + HOUR
    assert '20000101T0000Z/skip' in run.triggered_ids()


def test_manually_triggered_task_does_not_expire(tmp_path):
    run = make_run(load(tmp_path, EXPIRE), slow_job(5))
    core = run.core
    core.start(Y2K)
    point = core.config.context.point('20000101T0000Z')
    core.trigger([(point, 'copy')], None, Y2K)
    copy = core.pool.get(point, 'copy')
    core.step(Y2K + 2 * HOUR)
    assert copy.state == 'preparing'


def test_clock_expire_needs_date_time_cycling(tmp_path):
    config = load(tmp_path, '''
        [scheduler]
            allow implicit tasks = True
        [scheduling]
            cycling mode = integer
            [[graph]]
                P1 = foo
    ''')
    config.sparse['scheduling']['special tasks'] = {'clock-expire': ['foo']}
    with pytest.raises(SpecialTaskError, match='date-time'):
        make_run(config)


def test_expiry_watch_returns_tasks_in_time_order_once():
    class Task:
        def __init__(self, when):
            self.expire_time = when

    watch = ExpiryWatch()
    tasks = [Task(30.0), Task(10.0), Task(20.0), Task(None)]
    for task in tasks:
        watch.watch(task)
    assert len(watch) == 3
    assert watch.next_time() == 10.0
    assert watch.due(9.0) == []
    assert [task.expire_time for task in watch.due(20.0)] == [10.0, 20.0]
    assert watch.due(20.0) == []
    assert watch.next_time() == 30.0
