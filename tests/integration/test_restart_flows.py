"""Flows survive a restart: ``trigger --flow=new`` numbers are not reused
and the tasks of each flow come back in their flow."""

from __future__ import annotations

import asyncio

import pytest
from restart_helpers import (
    db_rows,
    log_text,
    make_run_dir,
    run_until,
    scheduler_for,
    task,
)

FLOW = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 1
    [[graph]]
        R1 = "a => b => c"
[runtime]
    [[root]]
        [[[simulation]]]
            default run length = PT0S
    [[a, c]]
        [[[simulation]]]
            default run length = PT1H
'''


@pytest.fixture
def run_dir(new_run_dir):
    return new_run_dir(FLOW)


def trigger_new_flow(scheduler, task_id: str) -> None:
    cycle, name = task_id.split('/')

    def command(now):
        scheduler.core.trigger([(scheduler._point(cycle), name)], ['new'], now)
    scheduler.post(command)


def b_ran_in_flow_2(scheduler) -> bool:
    """b ran in flow 2 (and spawned c/1 in flow 2, now running)."""
    spawned = task(scheduler, '1/c')
    return spawned is not None and spawned.flow_nums == frozenset({2}) and \
        spawned.state in ('submitted', 'running')


def test_restart_keeps_flows_and_does_not_reuse_flow_numbers(run_dir):
    first = scheduler_for(run_dir)
    code = asyncio.run(run_until(
        first, b_ran_in_flow_2,
        on_start=lambda s: trigger_new_flow(s, '1/b')))
    assert code == 0
    flows = db_rows(run_dir, 'SELECT flow_num FROM workflow_flows'
                             ' ORDER BY flow_num')
    assert flows == [(1,), (2,)]

    second = scheduler_for(run_dir)
    code = asyncio.run(run_until(
        second, lambda s: s.core.flow_nums_next > 3,
        on_start=lambda s: trigger_new_flow(s, '1/a')))
    assert code == 0
    assert task(second, '1/c').flow_nums == frozenset({2})
    assert 'New flow: 3' in log_text(run_dir)
    flows = db_rows(run_dir, 'SELECT flow_num FROM workflow_flows'
                             ' ORDER BY flow_num')
    assert flows == [(1,), (2,), (3,)]


def test_restart_after_a_finished_new_flow_still_numbers_past_it(
        tmp_path, monkeypatch):
    """Flow 2's tasks have all left the pool: its number still counts."""
    run_dir = make_run_dir(tmp_path, monkeypatch,
                           FLOW.replace('[[a, c]]', '[[a]]'))
    first = scheduler_for(run_dir)

    def flow_2_done(_scheduler) -> bool:
        return bool(db_rows(run_dir, "SELECT 1 FROM task_states WHERE"
                                     " name = 'c' AND flow_nums = '[2]' AND"
                                     " status = 'succeeded'"))

    asyncio.run(run_until(first, flow_2_done,
                          on_start=lambda s: trigger_new_flow(s, '1/b')))
    assert all(itask.flow_nums == frozenset({1}) for itask in first.core.pool)
    second = scheduler_for(run_dir)
    asyncio.run(run_until(second, lambda s: s.core.flow_nums_next > 3,
                          on_start=lambda s: trigger_new_flow(s, '1/a')))
    assert 'New flow: 3' in log_text(run_dir)
