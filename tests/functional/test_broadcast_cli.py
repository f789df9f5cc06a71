"""cylc broadcast against a live workflow: set, display, reject, cancel,
restart, and the job that runs with the broadcast settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import query, wait_for

FLOW = '''
[scheduler]
    [[events]]
        stall timeout = PT0S
        abort on stall timeout = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 1
    [[graph]]
        R1 = "hold => later"
[runtime]
    [[hold]]
        script = "while [[ ! -e ${CYLC_WORKFLOW_SHARE_DIR}/go ]]; do sleep 0.1; done"
    [[FAM]]
    [[later]]
        inherit = FAM
        script = echo "VAR=${VAR:-unset} GONE=${GONE:-unset}"
'''


@pytest.mark.slow
def test_broadcast_reaches_the_job_and_survives_a_restart(
        run_cylc, flow, isolated_env):
    source = flow(FLOW)
    workflow = 'bcast/live'
    installed = run_cylc('install', '--workflow-name', workflow,
                         '--no-run-name', cwd=source)
    assert installed.returncode == 0, installed.stderr
    run_dir = Path(isolated_env['HOME'], 'cylc-run', workflow)
    contact = run_dir / '.service' / 'contact'
    stopped = False
    try:
        assert run_cylc('play', workflow).returncode == 0
        wait_for(lambda: query(run_dir, "SELECT 1 FROM task_states WHERE"
                                          " name='hold' AND status='running'"),
                 60, 'the hold task to run')

        result = run_cylc('broadcast', workflow, '-n', 'FAM',
                          '-s', '[environment]VAR = from-broadcast',
                          '-s', '[environment]GONE=x')
        assert result.returncode == 0, result.stderr
        assert result.stdout == ('Broadcast set:\n'
                                 '+ [*/FAM] [environment]VAR=from-broadcast\n'
                                 '+ [*/FAM] [environment]GONE=x\n')

        rejected = run_cylc('broadcast', workflow, '-n', 'zilch',
                            '-s', 'script=true')
        assert rejected.returncode == 1
        assert rejected.stderr == (
            'ERROR: Rejected broadcast: settings are not compatible with the'
            ' workflow\n  --namespace=zilch\n')

        cancelled = run_cylc('broadcast', workflow, '-n', 'FAM',
                             '--cancel', '[environment]GONE')
        assert cancelled.returncode == 0, cancelled.stderr
        assert cancelled.stdout == ('Broadcast cancelled:\n'
                                    '- [*/FAM] [environment]GONE=x\n')
        nothing = run_cylc('broadcast', workflow, '--clear', '-n', 'later')
        assert nothing.returncode == 1
        assert '--namespace=later' in nothing.stderr

        script = 'script = echo "VAR=$VAR GONE=${GONE:-unset} by broadcast"'
        assert run_cylc('broadcast', workflow, '-p', '1', '-n', 'later',
                        '-s', script).returncode == 0
        shown = run_cylc('broadcast', workflow, '--display')
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.splitlines() == [
            '*                 ',
            ' `-FAM            ',
            '   `-environment  ',
            '     `-VAR        from-broadcast',
            '1                 ',
            ' `-later          ',
            '   `-script       echo "VAR=$VAR GONE=${GONE:-unset} by broadcast"',
        ]
        for_task = run_cylc('broadcast', workflow, '-k', '1/hold')
        assert for_task.stdout == ''  # hold is not in FAM
        # the scheduler adds the task's family (FAM) entries, as Cylc 8
        for_later = run_cylc('broadcast', workflow, '-k', '1/later')
        assert for_later.stdout == shown.stdout
        assert sorted(query(run_dir, 'SELECT * FROM broadcast_states')) == [
            ('*', 'FAM', '[environment]VAR', 'from-broadcast'),
            ('1', 'later', 'script', script.split(' = ', 1)[1])]

        # stop (the hold job carries on), restart: the broadcasts are back
        assert run_cylc('stop', '--now', workflow).returncode == 0
        wait_for(lambda: not contact.exists(), 60, 'the scheduler to stop')
        assert run_cylc('play', workflow).returncode == 0
        log = run_dir / 'log' / 'scheduler' / 'log'
        wait_for(lambda: log.exists() and 'LOADING broadcast states'
                 in log.read_text(), 60, 'the restart to load broadcasts')
        assert '+ [*/FAM] [environment]VAR=from-broadcast' in log.read_text()
        again = run_cylc('broadcast', workflow, '-d', '--format', 'json')
        assert '"VAR": "from-broadcast"' in again.stdout

        (run_dir / 'share' / 'go').touch()
        wait_for(lambda: not contact.exists(), 90, 'the workflow to finish')
        stopped = True
        job_dir = run_dir / 'log' / 'job' / '1' / 'later' / 'NN'
        job_out = (job_dir / 'job.out').read_text()
        assert 'VAR=from-broadcast GONE=unset by broadcast' in job_out
        assert re.search(r'VAR="from-broadcast"', (job_dir / 'job').read_text())
    finally:
        if not stopped and contact.exists():
            run_cylc('stop', '--now', '--now', workflow)
            wait_for(lambda: not contact.exists(), 60, 'the scheduler to stop')
        if (run_dir / 'share').is_dir():
            (run_dir / 'share' / 'go').touch()  # let an orphaned hold job end
