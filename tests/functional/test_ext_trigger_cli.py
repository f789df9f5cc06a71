"""cylc ext-trigger end to end: a task waits for an external event; the event
ID reaches the cycle point's jobs as $CYLC_EXT_TRIGGER_ID."""

from __future__ import annotations

import time

import pytest
from helpers import query, wait_for
from test_scheduler_lifecycle import install, run_dir_of

FLOW = '''
[scheduler]
    [[events]]
        inactivity timeout = PT2M
        abort on inactivity timeout = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 2
    [[special tasks]]
        external-trigger = get_data("data ready for $CYLC_TASK_CYCLE_POINT")
    [[graph]]
        P1 = get_data => proc
[runtime]
    [[get_data]]
        script = true
    [[proc]]
        script = echo "event $CYLC_EXT_TRIGGER_ID"
'''


@pytest.mark.slow
def test_ext_trigger_releases_the_waiting_task_of_its_cycle(
        run_cylc, flow, isolated_env):
    workflow_id, _ = install(run_cylc, flow, FLOW, 'ext/live')
    run_dir = run_dir_of(isolated_env, workflow_id)
    assert run_cylc('play', workflow_id).returncode == 0
    try:
        wait_for(lambda: query(run_dir, "SELECT COUNT(*) FROM task_states"
                                        " WHERE name='get_data'") == [(2,)],
                 60, 'both get_data tasks to wait')
        time.sleep(1)  # they would have submitted by now, were they free to
        assert query(run_dir, 'SELECT COUNT(*) FROM task_jobs') == [(0,)]
        result = run_cylc('ext-trigger', workflow_id, 'data ready for 2',
                          'pass-2')
        assert result.returncode == 0, result.stderr
        assert 'Event queued' in result.stdout
        wait_for(lambda: query(run_dir, "SELECT status FROM task_states WHERE"
                                        " name='proc' AND cycle='2'")
                 == [('succeeded',)], 60, '2/proc to succeed')
        assert query(run_dir, "SELECT status FROM task_states WHERE"
                              " name='get_data' AND cycle='1'") == [('waiting',)]
        result = run_cylc('ext-trigger', workflow_id, 'data ready for 1',
                          'pass-1')
        assert result.returncode == 0, result.stderr
        wait_for(lambda: not (run_dir / '.service' / 'contact').exists(), 60,
                 'the workflow to finish')
    finally:
        run_cylc('stop', '--now', '--now', workflow_id)
    for cycle in ('1', '2'):
        job_out = run_dir / 'log' / 'job' / cycle / 'proc' / 'NN' / 'job.out'
        assert f'event pass-{cycle}' in job_out.read_text()
    log = (run_dir / 'log' / 'scheduler' / 'log').read_text()
    assert 'Command "ext_trigger" actioned: "data ready for 2" (ID pass-2)' \
        in log
    assert '[2/get_data:waiting] external trigger satisfied:' \
           ' "data ready for 2" (ID pass-2)' in log
    assert 'CYLC_EXT_TRIGGER_ID=pass-2' in log  # the broadcast


def test_ext_trigger_to_a_stopped_workflow_fails_after_its_tries(
        run_cylc, flow, isolated_env):
    workflow_id, _ = install(run_cylc, flow, FLOW, 'ext/stopped')
    result = run_cylc('ext-trigger', '--max-tries=2', '--retry-interval=0',
                      workflow_id, 'data ready for 1', 'x')
    assert result.returncode == 1
    assert 'try 1 of 2 failed' in result.stderr
    assert 'try 2 of 2' not in result.stderr  # the last failure is the error
    assert workflow_id in result.stderr.strip().splitlines()[-1]
