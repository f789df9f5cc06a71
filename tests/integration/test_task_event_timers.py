"""Task event timers in a live scheduler (in process): the ``execution
timeout`` and ``late`` events run their handlers, are recorded in the
database, and a late task is not reported late again after a restart."""

from __future__ import annotations

import asyncio

import pytest
from restart_helpers import db_rows, log_text, make_run_dir, scheduler_for

FLOW = '''
[scheduler]
    UTC mode = True
    [[events]]
        stall timeout = PT0S
        abort on stall timeout = True
[scheduling]
    initial cycle point = 2000-01-01T00Z
    final cycle point = 2000-01-01T00Z
    [[graph]]
        R1 = "slow => after"
[runtime]
    [[slow]]
        script = sleep 3
        [[[events]]]
            execution timeout = PT1S
            execution timeout handlers = echo %(event)s %(id)s %(message)s >> {out}
    [[after]]
        script = true
        [[[events]]]
            late offset = PT1H
            late handlers = echo %(event)s %(id)s %(message)s >> {out}
'''


@pytest.fixture
def run_dir(tmp_path, new_run_dir):
    out = tmp_path / 'handler-output'
    return new_run_dir(FLOW.replace('{out}', str(out)))


def handler_lines(run_dir) -> list[str]:
    path = run_dir.parent.parent.parent / 'handler-output'
    return path.read_text().splitlines() if path.exists() else []


def test_execution_timeout_and_late_handlers_run_in_a_live_run(run_dir):
    scheduler = scheduler_for(run_dir, mode='live')
    assert asyncio.run(asyncio.wait_for(scheduler.run(), 60)) == 0
    assert sorted(handler_lines(run_dir)) == [
        'execution timeout 20000101T0000Z/slow execution timeout after PT1S',
        'late 20000101T0000Z/after late (late-time=2000-01-01T01:00:00Z)',
    ]
    log = log_text(run_dir)
    assert '[20000101T0000Z/slow/01:running] execution timeout after PT1S' \
        in log
    assert '[20000101T0000Z/after:waiting] late' \
        ' (late-time=2000-01-01T01:00:00Z)' in log
    events = db_rows(run_dir, 'SELECT name, event, message FROM task_events'
                              " WHERE event IN ('late', 'execution timeout')")
    assert sorted(events) == [
        ('after', 'late', 'late (late-time=2000-01-01T01:00:00Z)'),
        ('slow', 'execution timeout', 'execution timeout after PT1S'),
    ]
    assert db_rows(run_dir, 'SELECT cycle, name, value FROM task_late_flags'
                   ) == [('20000101T0000Z', 'after', 1)]
    assert db_rows(run_dir, 'SELECT * FROM task_timeout_timers') == []


RESTART_FLOW = '''
[scheduler]
    UTC mode = True
[scheduling]
    initial cycle point = 2000-01-01T00Z
    final cycle point = 2000-01-01T00Z
    [[xtriggers]]
        # keeps waiter waiting (and so late) for the whole test, in both runs
        never = wall_clock(offset=P200Y)
    [[graph]]
        R1 = """
            slow
            @never => waiter
        """
[runtime]
    [[slow]]
        script = sleep 3
        [[[events]]]
            execution timeout = PT1M
    [[waiter]]
        script = true
        [[[events]]]
            late offset = PT1H
            late handlers = echo %(event)s %(id)s >> {out}
'''


def test_restart_keeps_job_timeouts_and_late_flags_and_polls_the_job(
        tmp_path, monkeypatch):
    from restart_helpers import run_until, task

    out = tmp_path / 'handler-output'
    run_dir = make_run_dir(tmp_path, monkeypatch,
                           RESTART_FLOW.replace('{out}', str(out)))

    def slow_running_waiter_late(scheduler) -> bool:
        slow, waiter = task(scheduler, '2000/slow'), task(scheduler, '2000/waiter')
        return slow is not None and slow.state == 'running' and \
            waiter is not None and waiter.is_late and \
            bool(db_rows(run_dir, 'SELECT * FROM task_late_flags'))

    first = scheduler_for(run_dir, mode='live')
    assert asyncio.run(run_until(first, slow_running_waiter_late)) == 0
    deadline = task(first, '2000/slow').timeout_at
    assert db_rows(run_dir, 'SELECT timeout FROM task_timeout_timers') == [
        (deadline,)]

    second = scheduler_for(run_dir, mode='live')
    restored = {}

    def slow_done(scheduler) -> bool:
        slow = task(scheduler, '2000/slow')
        if slow is not None and 'timeout' not in restored:
            restored['timeout'] = slow.timeout_at
            restored['late'] = task(scheduler, '2000/waiter').is_late
        return slow is None

    assert asyncio.run(run_until(second, slow_done, timeout=30)) == 0
    assert restored == {'timeout': deadline, 'late': True}
    assert 'active jobs to poll' in log_text(run_dir)
    assert db_rows(run_dir, "SELECT status FROM task_states WHERE"
                            " name = 'slow'") == [('succeeded',)]
    # late once only, across the restart
    assert out.read_text().splitlines() == ['late 20000101T0000Z/waiter']
    assert db_rows(run_dir, "SELECT COUNT(*) FROM task_events WHERE"
                            " event = 'late'") == [(1,)]
