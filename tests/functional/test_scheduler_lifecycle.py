"""The scheduler end to end through the CLI: play, stop, restart after kill -9."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pytest
from helpers import query, wait_for

ABORT_ON_STALL = '''
[scheduler]
    [[events]]
        stall timeout = PT0S
        abort on stall timeout = True
'''

CHAIN = ABORT_ON_STALL + '''[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 8
    runahead limit = P1
    [[graph]]
        P1 = "a[-P1] => a => b"
[runtime]
    [[root]]
        script = sleep 0.5
    [[a, b]]
'''


def install(run_cylc, flow, text: str, name: str) -> tuple[str, Path]:
    source = flow(text)
    result = run_cylc('install', '--workflow-name', name, '--no-run-name',
                      cwd=source)
    assert result.returncode == 0, result.stderr
    home = Path(os.environ.get('HOME', '~'))
    return name, home


def run_dir_of(isolated_env, workflow_id: str) -> Path:
    return Path(isolated_env['HOME'], 'cylc-run', workflow_id)


def kill_scheduler(run_dir: Path) -> None:
    """kill -9 the scheduler named in the contact file."""
    contact = (run_dir / '.service' / 'contact').read_text()
    os.kill(int(re.search(r'CYLC_WORKFLOW_PID=(\d+)', contact).group(1)),
            signal.SIGKILL)


def triggered_lines(run_dir: Path) -> list[str]:
    lines = []
    for log in sorted((run_dir / 'log' / 'scheduler').glob('*.log')):
        for line in log.read_text().splitlines():
            match = re.search(r'(\S+) -triggered off', line)
            if match:
                lines.append(match.group(1))
    return lines


@pytest.mark.slow
def test_play_runs_to_completion_and_stop_stops(run_cylc, flow, isolated_env):
    workflow_id, _ = install(run_cylc, flow, CHAIN, 'life/complete')
    run_dir = run_dir_of(isolated_env, workflow_id)
    result = run_cylc('play', workflow_id)
    assert result.returncode == 0, result.stderr
    assert 'PID=' in result.stdout
    assert (run_dir / '.service' / 'contact').exists()
    again = run_cylc('play', workflow_id)
    assert again.returncode == 0
    assert 'already running' in again.stdout
    wait_for(lambda: not (run_dir / '.service' / 'contact').exists(), 120,
             'the workflow to finish')
    states = dict(query(run_dir, 'SELECT status, COUNT(*) FROM task_states'
                                 ' GROUP BY status'))
    assert states == {'succeeded': 16}
    log = (run_dir / 'log' / 'scheduler' / 'log').read_text()
    assert 'Workflow shutting down - AUTOMATIC' in log


@pytest.mark.slow
def test_stop_waits_for_active_tasks_then_shuts_down(run_cylc, flow, isolated_env):
    text = CHAIN.replace('script = sleep 0.5', 'script = sleep 2')
    workflow_id, _ = install(run_cylc, flow, text, 'life/stop')
    run_dir = run_dir_of(isolated_env, workflow_id)
    assert run_cylc('play', workflow_id).returncode == 0
    wait_for(lambda: query(run_dir, "SELECT 1 FROM task_states"
                                    " WHERE status='running'"), 60, 'a running task')
    result = run_cylc('stop', workflow_id)
    assert result.returncode == 0, result.stderr
    wait_for(lambda: not (run_dir / '.service' / 'contact').exists(), 60,
             'the workflow to stop')
    log = (run_dir / 'log' / 'scheduler' / 'log').read_text()
    assert 'Workflow shutting down - REQUEST(CLEAN)' in log
    active = query(run_dir, "SELECT COUNT(*) FROM task_states WHERE status IN"
                            " ('preparing', 'submitted', 'running')")
    assert active == [(0,)]
    stopped = run_cylc('stop', workflow_id)
    assert stopped.returncode == 1
    assert len(stopped.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_kill_dash_nine_then_play_completes_every_task_once(
        run_cylc, flow, isolated_env):
    workflow_id, _ = install(run_cylc, flow, CHAIN, 'life/restart')
    run_dir = run_dir_of(isolated_env, workflow_id)
    # jobs give up messaging at once, so only polling can recover them
    quiet_jobs = {'CYLC_TASK_MSG_MAX_TRIES': '1', 'CYLC_TASK_MSG_TIMEOUT': '1'}
    assert run_cylc('play', '--debug', workflow_id,
                    env=quiet_jobs).returncode == 0
    wait_for(lambda: (query(run_dir, "SELECT COUNT(*) FROM task_states WHERE"
                                     " status='succeeded'") or [(0,)])[0][0] >= 5,
             60, 'five tasks to succeed')
    kill_scheduler(run_dir)
    time.sleep(2)  # let the jobs that were running finish unheard
    result = run_cylc('play', '--debug', workflow_id)
    assert result.returncode == 0, result.stderr
    wait_for(lambda: not (run_dir / '.service' / 'contact').exists(), 120,
             'the restarted workflow to finish')
    states = dict(query(run_dir, 'SELECT status, COUNT(*) FROM task_states'
                                 ' GROUP BY status'))
    assert states == {'succeeded': 16}, states
    jobs = query(run_dir, 'SELECT cycle, name, submit_num FROM task_jobs')
    assert sorted((c, n) for c, n, _ in jobs) == sorted(
        (str(c), n) for c in range(1, 9) for n in 'ab')
    assert {s for _, _, s in jobs} == {1}
    # every task was released (a task killed between release and submission
    # is released again after the restart, but its job still runs once)
    lines = triggered_lines(run_dir)
    assert set(lines) == {f'{c}/{n}' for c in range(1, 9) for n in 'ab'}
    for cycle in range(1, 9):
        for name in 'ab':
            job_dirs = sorted(p.name for p in
                              (run_dir / 'log' / 'job' / str(cycle) / name).iterdir())
            assert job_dirs == ['01', 'NN'], (cycle, name, job_dirs)
    restart_log = next(p for p in (run_dir / 'log' / 'scheduler').iterdir()
                       if p.name.startswith('02-restart'))
    restart_text = restart_log.read_text()
    assert 'active jobs to poll' in restart_text
    if ', 0 active jobs to poll' not in restart_text:
        assert '(polled)' in restart_text  # job states recovered by polling


SLOW = ABORT_ON_STALL + '''[scheduling]
    [[graph]]
        R1 = "a => b"
[runtime]
    [[a]]
        script = sleep 60
    [[b]]
        script = true
'''


@pytest.mark.slow
def test_kill_hold_and_bad_messages_through_the_cli(run_cylc, flow, isolated_env):
    workflow_id, _ = install(run_cylc, flow, SLOW, 'life/kill')
    run_dir = run_dir_of(isolated_env, workflow_id)
    assert run_cylc('play', workflow_id).returncode == 0
    wait_for(lambda: query(run_dir, "SELECT 1 FROM task_states WHERE"
                                    " name='a' AND status='running'"), 60,
             'a to run')
    bogus = run_cylc('message', '--', workflow_id, '1/nosuch/01', 'hello')
    assert bogus.returncode == 0, bogus.stderr
    assert run_cylc('hold', f'{workflow_id}//1/b').returncode == 0
    assert run_cylc('poll', f'{workflow_id}//1/a').returncode == 0
    killed = run_cylc('kill', f'{workflow_id}//1/a')
    assert killed.returncode == 0, killed.stderr
    wait_for(lambda: not (run_dir / '.service' / 'contact').exists(), 60,
             'the workflow to stall and abort')
    log = (run_dir / 'log' / 'scheduler' / 'log').read_text()
    assert 'job not in the pool 1/nosuch/01' in log
    assert 'Command "hold" actioned' in log
    assert 'Command "kill" actioned: 1 task(s)' in log
    assert '[1/a/01:running] => failed' in log
    assert 'Workflow stalled' in log
    assert query(run_dir, "SELECT status FROM task_states WHERE name='a'") == [
        ('failed',)]


def test_play_with_a_corrupt_database_is_one_clear_error(run_cylc, flow,
                                                          isolated_env):
    workflow_id, _ = install(run_cylc, flow, CHAIN, 'life/corrupt')
    run_dir = run_dir_of(isolated_env, workflow_id)
    (run_dir / '.service').mkdir(exist_ok=True)
    (run_dir / '.service' / 'db').write_bytes(b'this is not sqlite' * 100)
    result = run_cylc('play', '--no-detach', workflow_id)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert 'db' in lines[0]
    assert 'Traceback' not in result.stderr


def test_play_of_a_missing_workflow_is_one_clear_error(run_cylc):
    result = run_cylc('play', 'no/such/flow')
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        'WorkflowFilesError: workflow not found: no/such/flow']


RETRIES = ABORT_ON_STALL + '''[scheduling]
    [[graph]]
        R1 = "flaky"
[runtime]
    [[flaky]]
        script = """
            echo "try ${CYLC_TASK_TRY_NUMBER}"
            (( CYLC_TASK_TRY_NUMBER >= 3 ))
        """
        execution retry delays = PT4S, PT1S
'''


@pytest.mark.slow
def test_restart_keeps_retry_timers_and_try_numbers(run_cylc, flow, isolated_env):
    workflow_id, _ = install(run_cylc, flow, RETRIES, 'life/retries')
    run_dir = run_dir_of(isolated_env, workflow_id)
    assert run_cylc('play', workflow_id).returncode == 0
    wait_for(lambda: query(run_dir, "SELECT 1 FROM task_action_timers"), 30,
             'the first retry to be scheduled')
    kill_scheduler(run_dir)
    assert run_cylc('play', workflow_id).returncode == 0
    wait_for(lambda: not (run_dir / '.service' / 'contact').exists(), 60,
             'the restarted workflow to finish')
    job_dir = run_dir / 'log' / 'job' / '1' / 'flaky'
    tries = [next(line for line in (job_dir / nn / 'job.out').read_text()
                  .splitlines() if line.startswith('try '))
             for nn in ('01', '02', '03')]
    assert tries == ['try 1', 'try 2', 'try 3']
    assert not (job_dir / '04').exists()
    assert query(run_dir, "SELECT status FROM task_states") == [('succeeded',)]


@pytest.mark.slow
def test_client_graphql_query_and_mutation(run_cylc, flow, isolated_env):
    import json

    workflow_id, _ = install(run_cylc, flow, SLOW, 'life/graphql')
    run_dir = run_dir_of(isolated_env, workflow_id)
    assert run_cylc('play', workflow_id).returncode == 0
    wait_for(lambda: query(run_dir, "SELECT 1 FROM task_states WHERE"
                                    " name='a' AND status='running'"), 60,
             'a to run')
    request = json.dumps({'request_string': '''
        { taskProxies { id name state cyclePoint }
          workflows { id status } }'''})
    result = run_cylc('client', workflow_id, 'graphql', stdin=request)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    states = {proxy['name']: proxy['state'] for proxy in data['taskProxies']}
    assert states['a'] == 'running'
    assert data['workflows'][0]['id'].endswith(workflow_id)
    mutation = json.dumps({'request_string': f'''
        mutation {{ stop(workflows: ["{workflow_id}"], mode: Kill) {{ result }} }}
    '''})
    stopped = run_cylc('client', workflow_id, 'graphql', stdin=mutation)
    assert stopped.returncode == 0, stopped.stderr
    wait_for(lambda: not (run_dir / '.service' / 'contact').exists(), 60,
             'the workflow to stop')
    log = (run_dir / 'log' / 'scheduler' / 'log').read_text()
    assert 'Workflow shutting down - REQUEST(KILL)' in log
    bad = run_cylc('client', workflow_id, 'graphql', stdin='{}')
    assert bad.returncode == 1
