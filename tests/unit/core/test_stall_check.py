"""The stall check scans the pool only when the pool has changed."""

from __future__ import annotations

from core_sim_helpers import load, make_run, simulate

from cylc_flow.core import stall
from cylc_flow.core.stall import ChangeSet, StallCheck
from cylc_flow.scheduler.simulation import SimulatedRun

WIDE = '''
[scheduler]
    allow implicit tasks = True
    [[events]]
        stall timeout = PT0S
        abort on stall timeout = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 30
    runahead limit = P29
    [[queues]]
        [[[default]]]
            limit = 1
    [[graph]]
        P1 = "a => b"
'''


def count_scans(monkeypatch):
    calls = []
    real = stall._scan

    def counting(pool):
        calls.append(len(pool.tasks))
        return real(pool)

    monkeypatch.setattr(stall, '_scan', counting)
    return calls


def test_change_set_counts_every_change():
    changes = ChangeSet()
    assert changes.version == 0
    changes['a'] = 1
    changes['a'] = 2
    changes.pop('a')
    changes.pop('missing', None)
    changes.bump()
    assert changes.version == 5
    changes.clear()
    assert changes.version == 5 and not changes


RETRY = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 20
    runahead limit = P19
    [[graph]]
        P1 = "a => b"
[runtime]
    [[a]]
        execution retry delays = PT1H
'''


def test_unchanged_pool_is_not_scanned_again(tmp_path, monkeypatch):
    calls = count_scans(monkeypatch)
    run = make_run(load(tmp_path, RETRY))
    core = run.core
    core.start(0.0)
    for itask in list(core.pool):
        core.on_job_submitted(itask, 0.0)
        core.on_message(itask, 1, 'INFO', 'started', 0.0)
        core.on_message(itask, 1, 'CRITICAL', 'failed', 0.0)
    core.step(0.0)
    assert all(itask.is_retry for itask in core.pool)
    assert len(core.pool) == 20
    before = len(calls)
    assert before >= 1  # nothing is active: the pool was looked at
    for turn in range(1, 100):
        core.step(float(turn))
    assert len(calls) == before
    assert not core.stalled


def test_pool_change_triggers_a_fresh_scan(tmp_path, monkeypatch):
    calls = count_scans(monkeypatch)
    check = StallCheck()
    run = make_run(load(tmp_path, WIDE))
    pool = run.core.pool
    run.core.start(0.0)
    check.waiting_on_time_or_queue(pool)
    check.waiting_on_time_or_queue(pool)
    assert len(calls) == 1
    itask = next(iter(pool))
    pool.dirty[itask.key] = itask
    check.waiting_on_time_or_queue(pool)
    assert len(calls) == 2


def test_queued_tasks_are_not_a_stall(tmp_path):
    run = simulate(load(tmp_path, WIDE))
    assert run.shutdown.reason == 'AUTOMATIC'
    assert not run.events


def test_stall_is_still_detected_and_reported_once(tmp_path):
    def a_fails(itask):
        if itask.name == 'a' and str(itask.point) == '3':
            return SimulatedRun(['started', 'failed'])
        return SimulatedRun(['started', 'succeeded'])

    run = simulate(load(tmp_path, WIDE), a_fails)
    assert run.shutdown.aborted
    assert [event for _now, event in run.events] == ['stall', 'stall timeout']
    assert len(run.lines('Workflow stalled')) == 1
    assert run.lines('* 3/a did not complete required outputs')
