"""A restarted scheduler (in process, simulation mode) carries on from where
it stopped: pool and task states, prerequisites, outputs, xtrigger results,
holds, stop point, flows and runahead."""

from __future__ import annotations

import asyncio
import time

import pytest
from restart_helpers import (
    db_rows,
    log_text,
    pool_states,
    run_until,
    scheduler_for,
    start_only,
    task,
)

COUNTED_XTRIGGER = '''
from pathlib import Path


def counted(point, calls_file):
    with open(calls_file, 'a') as handle:
        handle.write(f'{point}\\n')
    return True, {'point': point}
'''

FLOW = '''
[scheduler]
    allow implicit tasks = True
    [[events]]
        stall timeout = PT1H
        abort on stall timeout = False
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 6
    runahead limit = P1
    [[xtriggers]]
        x = counted(point=%(point)s, calls_file={calls_file})
    [[graph]]
        P1 = """
            @x => a
            @x => e
            a[-P1] => a => b & c
            b:out1 & c => d
        """
[runtime]
    [[root]]
        [[[simulation]]]
            default run length = PT0S
    [[b]]
        [[[outputs]]]
            out1 = the first output
        [[[simulation]]]
            fail cycle points = 1
    [[c]]
        [[[simulation]]]
            default run length = PT1H
'''


@pytest.fixture
def run_dir(tmp_path, new_run_dir):
    calls = tmp_path / 'xtrigger-calls'
    directory = new_run_dir(FLOW.replace('{calls_file}', str(calls)))
    lib = directory / 'lib' / 'python'
    lib.mkdir(parents=True)
    (lib / 'counted.py').write_text(COUNTED_XTRIGGER)
    return directory


def xtrigger_calls(run_dir) -> list[str]:
    path = run_dir.parent.parent.parent / 'xtrigger-calls'
    return path.read_text().split() if path.exists() else []


def first_run_settled(scheduler) -> bool:
    """b/1 failed (with out1), c/1 active, d/1 waiting on c only; 2/c
    held, 2/d waiting on it."""
    states = pool_states(scheduler)
    held = task(scheduler, '2/c')
    waiting = task(scheduler, '1/e')
    if waiting is None or not waiting.xtriggers_satisfied():
        return False
    return states.get('1/b') == 'failed' and \
        states.get('1/c') in ('submitted', 'running') and \
        states.get('1/d') == 'waiting' and states.get('2/d') == 'waiting' \
        and held is not None and held.is_held


@pytest.fixture
def stopped_run(run_dir):
    """The first run, stopped with ``stop --now`` once it settled; also holds
    2/c, sets a hold point of 5 and a stop point of 6."""

    def setup(scheduler):
        def commands(now):
            core = scheduler.core
            core.hold([(scheduler._point('2'), 'c'),
                       (scheduler._point('1'), 'e')])
            core.pool.hold_point = scheduler._point('5')
            scheduler.recorder.workflow_params({'holdcp': '5'})
            core.set_stop_point(scheduler._point('6'))
            scheduler.recorder.workflow_params({'stopcp': '6'})
        scheduler.post(commands)

    first = scheduler_for(run_dir)
    assert asyncio.run(run_until(first, first_run_settled, on_start=setup)) == 0
    return first


def restart(run_dir):
    second = scheduler_for(run_dir)
    asyncio.run(start_only(second))
    assert second.is_restart
    return second


def test_restart_restores_the_pool_with_task_states(run_dir, stopped_run):
    before = pool_states(stopped_run)
    second = restart(run_dir)
    after = pool_states(second)
    # the restart stops at once: only tasks it spawned on its first turn
    # (none: all parentless tasks up to the runahead limit existed) differ
    assert {key: before[key] for key in ('1/b', '1/d')} == {
        '1/b': 'failed', '1/d': 'waiting'}
    for key in ('1/b', '1/c', '1/d', '2/c', '2/d'):
        assert after[key] == before[key]
    assert 'restart:' in log_text(run_dir)


def test_restart_restores_partially_satisfied_prerequisites(run_dir, stopped_run):
    second = restart(run_dir)
    waiting = task(second, '1/d')
    conditions = {f'{point}/{name}:{output}': bool(ok)
                  for prereq in waiting.prerequisites
                  for (point, name, output), ok in prereq.conditions.items()}
    assert conditions == {'1/b:out1': True, '1/c:succeeded': False}


def test_restart_restores_completed_outputs_including_custom(run_dir, stopped_run):
    second = restart(run_dir)
    failed = task(second, '1/b')
    assert failed.state == 'failed'
    assert {'submitted', 'started', 'out1', 'failed'} <= set(
        failed.completed_outputs)
    assert failed.completed_outputs['out1'] == 'the first output'


def test_restart_does_not_call_satisfied_xtriggers_again(run_dir, stopped_run):
    assert xtrigger_calls(run_dir).count('1') == 1
    second = scheduler_for(run_dir)
    began = time.monotonic()
    # run for a while: time for any xtrigger call to be made and reported
    asyncio.run(run_until(second, lambda _s: time.monotonic() - began > 1.5))
    held = task(second, '1/e')
    assert held.is_held and held.xtriggers_satisfied()
    assert xtrigger_calls(run_dir).count('1') == 1


def test_restart_restores_held_tasks_hold_point_and_stop_point(
        run_dir, stopped_run):
    second = restart(run_dir)
    pool = second.core.pool
    assert task(second, '2/c').is_held
    assert not task(second, '2/d').is_held
    assert str(pool.hold_point) == '5'
    assert str(pool.stop_point) == '6'
    rows = dict(db_rows(run_dir, 'SELECT key, value FROM workflow_params'))
    assert rows['holdcp'] == '5'
    assert rows['stopcp'] == '6'


def test_restart_keeps_the_runahead_limit(run_dir, stopped_run):
    limit_before = stopped_run.core.pool.runahead_limit_point
    second = restart(run_dir)
    assert second.core.pool.runahead_limit_point == limit_before
    assert max(int(str(itask.point)) for itask in second.core.pool) <= int(
        str(limit_before)) + 1


def test_restart_resumes_active_simulated_jobs(run_dir, stopped_run):
    """c/1 was running (a one hour simulated job): after the restart it is
    still active, not lost, and the restart log says it is polled."""
    second = restart(run_dir)
    assert task(second, '1/c').state in ('submitted', 'running')
    assert 'active jobs to poll' in log_text(run_dir)
