"""A task waiting to retry when the scheduler stops is restored waiting to
retry: same try number, same retry time, same prerequisites."""

from __future__ import annotations

import asyncio

import pytest
from restart_helpers import run_until, scheduler_for, start_only, task

FLOW = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 1
    [[graph]]
        R1 = "x => a => b"
[runtime]
    [[root]]
        [[[simulation]]]
            default run length = PT0S
    [[a]]
        execution retry delays = PT1H
        [[[simulation]]]
            fail cycle points = 1
'''


@pytest.fixture
def run_dir(new_run_dir):
    return new_run_dir(FLOW)


def a_retrying(scheduler) -> bool:
    itask = task(scheduler, '1/a')
    return itask is not None and itask.state == 'waiting' and itask.is_retry


def test_restart_restores_a_task_waiting_to_retry(run_dir):
    first = scheduler_for(run_dir)
    assert asyncio.run(run_until(first, a_retrying)) == 0
    retry_at = task(first, '1/a').retry_at
    second = scheduler_for(run_dir)
    asyncio.run(start_only(second))
    assert second.is_restart
    restored = task(second, '1/a')
    assert restored.state == 'waiting' and restored.is_retry
    assert restored.try_num == 2
    assert restored.retry_at == pytest.approx(retry_at, abs=0.01)
    assert restored.prerequisites_satisfied()
