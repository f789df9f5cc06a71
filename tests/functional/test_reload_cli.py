"""cylc reload and cylc verbosity on a running workflow, end to end.

One live workflow serves every check (in one test, in order): a gate task
runs until the test lets it finish, so the tasks after it are still waiting
when the definitions change.
"""

from __future__ import annotations

import pytest
from helpers import query, scheduler_log, wait_for
from test_scheduler_lifecycle import run_dir_of

FLOW = '''
[scheduler]
    [[events]]
        stall timeout = PT0S
        abort on stall timeout = True
        inactivity timeout = PT2M
        abort on inactivity timeout = True
[scheduling]
    [[graph]]
        R1 = "gate => after"
[runtime]
    [[gate]]
        script = """
            while [[ ! -e "$CYLC_WORKFLOW_RUN_DIR/go" ]]; do sleep 0.2; done
        """
    [[after]]
        script = echo "{word} settings"
'''
NEW_FLOW = FLOW.format(word='NEW').replace(
    'R1 = "gate => after"', 'R1 = "gate => after => extra"') + '''
    [[extra]]
        script = true
'''


@pytest.mark.slow
def test_reload_swaps_definitions_into_a_running_workflow(
        run_cylc, flow, isolated_env):
    source = flow(FLOW.format(word='OLD'))
    assert run_cylc('install', '--workflow-name', 'rl/live', '--no-run-name',
                    cwd=source).returncode == 0
    workflow_id = 'rl/live'
    run_dir = run_dir_of(isolated_env, workflow_id)
    assert run_cylc('play', workflow_id).returncode == 0
    try:
        wait_for(lambda: query(run_dir, "SELECT 1 FROM task_states WHERE"
                                        " name='gate' AND status='running'"),
                 60, 'the gate task to run')

        # verbosity: DEBUG from now on (the triggered-off lines show it)
        result = run_cylc('verbosity', 'DEBUG', workflow_id)
        assert result.returncode == 0, result.stderr
        assert 'Command queued' in result.stdout
        bad = run_cylc('verbosity', 'LOUD', workflow_id)
        assert bad.returncode == 1
        assert 'Illegal logging level, LOUD' in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1

        # a broken flow.cylc is rejected; the run carries on
        good = (run_dir / 'flow.cylc').read_text()
        (run_dir / 'flow.cylc').write_text(good.replace('=>', '=> =>', 1))
        broken = run_cylc('reload', workflow_id)
        assert broken.returncode == 1
        assert 'Reload failed - GraphParseError' in broken.stderr
        (run_dir / 'flow.cylc').write_text(good)

        # reinstall a change, reload it
        (source / 'flow.cylc').write_text(NEW_FLOW)
        reinstalled = run_cylc('reinstall', '--yes', workflow_id)
        assert reinstalled.returncode == 0, reinstalled.stderr
        reloaded = run_cylc('reload', workflow_id)
        assert reloaded.returncode == 0, reloaded.stderr
        wait_for(lambda: 'Reload completed.' in scheduler_log(run_dir), 30,
                 'the reload to complete')

        (run_dir / 'go').touch()
        wait_for(lambda: not (run_dir / '.service' / 'contact').exists(), 60,
                 'the workflow to finish')
    finally:
        run_cylc('stop', '--now', '--now', workflow_id)

    log = scheduler_log(run_dir)
    assert 'Command "set_verbosity" actioned: DEBUG' in log
    assert 'Reload failed - GraphParseError' in log
    assert 'Command "reload" rejected' in log
    for line in ('Pausing the workflow: Reloading workflow',
                 'Reloading the workflow definition.',
                 '[1/gate/01:running] active with pre-reload settings',
                 "Added task: 'extra'", 'Reload completed.',
                 'Command "reload" actioned', 'RESUMING the workflow now',
                 "1/after -triggered off ['1/gate'] in flow 1",
                 'Workflow shutting down - AUTOMATIC'):
        assert line in log, line
    assert log.index('Reloading the workflow definition.') < \
        log.index('Reload completed.') < log.index('RESUMING the workflow now')
    job_out = run_dir / 'log' / 'job' / '1' / 'after' / 'NN' / 'job.out'
    assert 'NEW settings' in job_out.read_text()
    states = dict(query(run_dir, 'SELECT name, status FROM task_states'))
    assert states == {'gate': 'succeeded', 'after': 'succeeded',
                      'extra': 'succeeded'}


def test_reload_of_a_workflow_that_is_not_installed_is_one_line(run_cylc):
    result = run_cylc('reload', 'no/such/workflow')
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert 'no/such/workflow' in result.stderr


def test_reload_refuses_task_ids(run_cylc):
    result = run_cylc('reload', 'wf//1/foo')
    assert result.returncode == 1
    assert 'IDs must be workflows, not cycles or tasks' in result.stderr
