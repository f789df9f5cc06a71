"""Real background jobs, end to end: environment, scripts, status, messages."""

from __future__ import annotations

import os
import signal

from cylc_flow.jobs.job_config import JobConfig, WorkflowJobEnvironment

from .conftest import WORKFLOW_ID, wait_for

ENV_NAMES = (
    'CYLC_WORKFLOW_ID', 'CYLC_WORKFLOW_NAME', 'CYLC_WORKFLOW_NAME_BASE',
    'CYLC_WORKFLOW_RUN_DIR', 'CYLC_WORKFLOW_SHARE_DIR', 'CYLC_WORKFLOW_WORK_DIR',
    'CYLC_WORKFLOW_LOG_DIR', 'CYLC_WORKFLOW_UUID',
    'CYLC_WORKFLOW_INITIAL_CYCLE_POINT', 'CYLC_WORKFLOW_FINAL_CYCLE_POINT',
    'CYLC_CYCLING_MODE', 'CYLC_UTC', 'CYLC_VERSION', 'CYLC_TASK_JOB',
    'CYLC_TASK_ID', 'CYLC_TASK_NAME', 'CYLC_TASK_CYCLE_POINT',
    'CYLC_TASK_SUBMIT_NUMBER', 'CYLC_TASK_TRY_NUMBER', 'CYLC_TASK_FLOW_NUMBERS',
    'CYLC_TASK_NAMESPACE_HIERARCHY', 'CYLC_TASK_LOG_DIR', 'CYLC_TASK_LOG_ROOT',
    'CYLC_TASK_WORK_DIR', 'CYLC_TASK_SHARE_CYCLE_DIR', 'CYLC_TASK_PARAM_member',
    'CYLC_TASK_COMMS_METHOD', 'CYLC_SUITE_NAME',
)


def env_dump_script() -> str:
    return '\n'.join(f'echo "{name}=${{{name}}}"' for name in ENV_NAMES)


def read_env_dump(text: str) -> dict[str, str]:
    values = {}
    for line in text.splitlines():
        name, sep, value = line.partition('=')
        if sep and name in ENV_NAMES:
            values[name] = value
    return values


def test_successful_job_has_the_cylc_environment(sandbox):
    job = JobConfig(
        '3', 'model_member1', submit_number=2, try_number=2, flow_numbers=(1, 4),
        namespace_hierarchy=('root', 'MODELS', 'model_member1'),
        parameters={'member': '1'}, script=env_dump_script(),
    )
    job_log_dir = sandbox.run(job)
    sandbox.wait_message(job_log_dir, 'succeeded')
    values = read_env_dump(sandbox.read(job_log_dir, 'job.out'))
    run_dir = str(sandbox.run_dir)
    assert values == {
        'CYLC_WORKFLOW_ID': WORKFLOW_ID,
        'CYLC_WORKFLOW_NAME': 'flow',
        'CYLC_WORKFLOW_NAME_BASE': 'flow',
        'CYLC_WORKFLOW_RUN_DIR': run_dir,
        'CYLC_WORKFLOW_SHARE_DIR': f'{run_dir}/share',
        'CYLC_WORKFLOW_WORK_DIR': f'{run_dir}/work',
        'CYLC_WORKFLOW_LOG_DIR': f'{run_dir}/log/scheduler',
        'CYLC_WORKFLOW_UUID': 'uuid-1234',
        'CYLC_WORKFLOW_INITIAL_CYCLE_POINT': '1',
        'CYLC_WORKFLOW_FINAL_CYCLE_POINT': 'None',
        'CYLC_CYCLING_MODE': 'integer',
        'CYLC_UTC': 'False',
        'CYLC_VERSION': values['CYLC_VERSION'],
        'CYLC_TASK_JOB': '3/model_member1/02',
        'CYLC_TASK_ID': '3/model_member1',
        'CYLC_TASK_NAME': 'model_member1',
        'CYLC_TASK_CYCLE_POINT': '3',
        'CYLC_TASK_SUBMIT_NUMBER': '2',
        'CYLC_TASK_TRY_NUMBER': '2',
        'CYLC_TASK_FLOW_NUMBERS': '1,4',
        'CYLC_TASK_NAMESPACE_HIERARCHY': 'root MODELS model_member1',
        'CYLC_TASK_LOG_DIR': f'{run_dir}/log/job/3/model_member1/02',
        'CYLC_TASK_LOG_ROOT': f'{run_dir}/log/job/3/model_member1/02/job',
        'CYLC_TASK_WORK_DIR': f'{run_dir}/work/3/model_member1',
        'CYLC_TASK_SHARE_CYCLE_DIR': f'{run_dir}/share/cycle/3',
        'CYLC_TASK_PARAM_member': '1',
        'CYLC_TASK_COMMS_METHOD': 'zmq',
        'CYLC_SUITE_NAME': WORKFLOW_ID,
    }
    assert values['CYLC_VERSION']


def test_datetime_cycling_sets_isodatetime_reference(sandbox):
    sandbox.workflow = WorkflowJobEnvironment(
        WORKFLOW_ID, cycling_mode='gregorian',
        initial_cycle_point='20250101T0000Z',
    )
    job_log_dir = sandbox.run(JobConfig(
        '20250101T0600Z', 'foo',
        script='echo "REF=$ISODATETIMEREF CAL=$ISODATETIMECALENDAR"',
    ))
    sandbox.wait_message(job_log_dir, 'succeeded')
    assert 'REF=20250101T0600Z CAL=gregorian' in sandbox.read(job_log_dir, 'job.out')


def test_scripts_run_in_order_in_the_work_directory_with_user_environment(sandbox):
    job = JobConfig(
        '1', 'foo',
        init_script='echo init',
        env_script='echo env-script; export FROM_ENV_SCRIPT=yes',
        environment={'GREETING': 'hello', 'MESSAGE': '$GREETING world',
                     'FROM_ENV': '$FROM_ENV_SCRIPT'},
        pre_script='echo pre',
        script='echo "script $MESSAGE $FROM_ENV in $PWD"',
        post_script='echo post',
        err_script='echo err-script',
        exit_script='echo exit-script',
    )
    job_log_dir = sandbox.run(job)
    sandbox.wait_message(job_log_dir, 'succeeded')
    wait_for(lambda: 'exit-script' in sandbox.read(job_log_dir, 'job.out'))
    lines = sandbox.read(job_log_dir, 'job.out').splitlines()
    work_dir = sandbox.run_dir / 'work' / '1' / 'foo'
    assert [line for line in lines if not line.startswith(
        ('Workflow', 'Job', 'User@Host')) and line] == [
        'init', 'env-script', 'pre',
        f'script hello world yes in {work_dir}',
        'post', 'exit-script',
    ]
    assert not work_dir.exists()  # removed because it is empty
    assert (sandbox.run_dir / 'share' / 'cycle' / '1').is_dir()


def test_success_writes_job_status_and_reports_started_then_succeeded(sandbox):
    job_log_dir = sandbox.run(JobConfig('1', 'foo', script='true'))
    calls = sandbox.wait_message(job_log_dir, 'succeeded')
    assert calls == [
        ['message', '--', WORKFLOW_ID, '1/foo/01', 'started'],
        ['message', '--', WORKFLOW_ID, '1/foo/01', 'succeeded'],
    ]
    status = sandbox.wait_exit(job_log_dir)
    keys = [line.split('=', 1)[0] for line in sandbox.status_lines(job_log_dir)]
    assert keys == [
        'CYLC_JOB_RUNNER_NAME', 'CYLC_JOB_ID', 'CYLC_JOB_RUNNER_SUBMIT_TIME',
        'CYLC_JOB_PID', 'CYLC_JOB_INIT_TIME', 'CYLC_JOB_EXIT',
        'CYLC_JOB_EXIT_TIME',
    ]
    assert status.job_runner_name == 'background'
    assert status.pid == status.job_id  # background: job ID is the PID
    assert status.run_status == 0
    assert status.time_run and status.time_run_exit


def test_script_error_runs_err_script_with_err_and_reports_failed(sandbox):
    job_log_dir = sandbox.run(JobConfig(
        '1', 'foo', script='echo before; false; echo never',
        err_script='echo "err-script got $1"', exit_script='echo exit-script',
    ))
    calls = sandbox.wait_message(job_log_dir, 'CRITICAL: failed/ERR')
    assert [call[-1] for call in calls] == ['started', 'CRITICAL: failed/ERR']
    status = sandbox.wait_exit(job_log_dir)
    assert (status.run_status, status.run_signal) == (1, 'ERR')
    wait_for(lambda: 'err-script got ERR' in sandbox.read(job_log_dir, 'job.err'))
    out = sandbox.read(job_log_dir, 'job.out')
    assert 'before' in out
    assert 'never' not in out
    assert 'exit-script' not in out


def test_signal_to_a_running_job_fails_it_with_the_signal_name(sandbox):
    job_log_dir = sandbox.run(JobConfig(
        '1', 'foo', script='sleep 60', err_script='echo "err-script got $1"',
    ))
    sandbox.wait_message(job_log_dir, 'started')
    pid = int(sandbox.status(job_log_dir).job_id)
    wait_for(lambda: sandbox.status(job_log_dir).pid)
    os.kill(pid, signal.SIGTERM)
    sandbox.wait_message(job_log_dir, 'CRITICAL: failed/TERM')
    status = sandbox.wait_exit(job_log_dir)
    assert status.run_signal == 'TERM'
    wait_for(lambda: 'err-script got TERM' in sandbox.read(job_log_dir, 'job.err'))


def test_execution_time_limit_kills_a_sleeping_job_with_xcpu(sandbox):
    job_log_dir = sandbox.run(JobConfig(
        '1', 'foo', script='sleep 60', execution_time_limit=1,
        err_script='echo "err-script got $1"',
    ))
    sandbox.wait_message(job_log_dir, 'CRITICAL: failed/XCPU')
    status = sandbox.wait_exit(job_log_dir)
    assert (status.run_status, status.run_signal) == (1, 'XCPU')
    wait_for(lambda: 'err-script got XCPU' in sandbox.read(job_log_dir, 'job.err'))
    # The whole job, sleep included, is gone.
    assert sandbox.poll(job_log_dir).stdout[-1].count('"job_runner_exit_polled": 1')


def test_job_finishing_within_its_time_limit_succeeds(sandbox):
    job_log_dir = sandbox.run(JobConfig(
        '1', 'foo', script='sleep 0.1', execution_time_limit=30,
    ))
    sandbox.wait_message(job_log_dir, 'succeeded')
    assert sandbox.wait_exit(job_log_dir).run_status == 0


def test_abort_function_reports_the_reason_once(sandbox):
    job_log_dir = sandbox.run(JobConfig(
        '1', 'foo', script='cylc__job_abort "bad input"',
    ))
    sandbox.wait_message(job_log_dir, 'CRITICAL: aborted/"bad input"')
    status = sandbox.wait_exit(job_log_dir)
    assert status.run_status == 1
    assert status.run_signal == '"bad input"'
    wait_for(lambda: sandbox.poll(job_log_dir).stdout)
    finals = [call[-1] for call in sandbox.messages(job_log_dir)]
    # "started" is sent in the background, so the two may arrive either way
    assert sorted(finals) == sorted(['started', 'CRITICAL: aborted/"bad input"'])


def test_jobs_find_the_scheduler_cylc_when_the_login_shell_resets_path(sandbox):
    (sandbox.home / '.bash_profile').write_text('export PATH=/usr/bin:/bin\n')
    job_log_dir = sandbox.run(JobConfig(
        '1', 'foo', init_script='export PATH=/bin',
        script='cylc message -- "$CYLC_WORKFLOW_ID" "$CYLC_TASK_JOB" custom',
    ))
    calls = sandbox.wait_message(job_log_dir, 'succeeded')
    finals = [call[-1] for call in calls]
    assert sorted(finals[:2]) == ['custom', 'started']  # started is backgrounded
    assert finals[2:] == ['succeeded']


def test_debug_mode_sends_xtrace_to_job_xtrace(sandbox):
    job_log_dir = sandbox.run(JobConfig('1', 'foo', script='echo traced'),
                              debug=True)
    sandbox.wait_message(job_log_dir, 'succeeded')
    assert 'echo traced' in sandbox.read(job_log_dir, 'job.xtrace')
    assert 'Sending DEBUG MODE xtrace to job.xtrace' in sandbox.read(
        job_log_dir, 'job.err'
    )


def test_work_sub_directory_may_use_job_variables(sandbox):
    job_log_dir = sandbox.run(JobConfig(
        '7', 'foo', work_sub_directory='$CYLC_TASK_CYCLE_POINT/shared',
        script='touch keep-me; echo "PWD=$PWD"',
    ))
    sandbox.wait_message(job_log_dir, 'succeeded')
    work_dir = sandbox.run_dir / 'work' / '7' / 'shared'
    assert f'PWD={work_dir}' in sandbox.read(job_log_dir, 'job.out')
    assert (work_dir / 'keep-me').exists()


def test_vacation_signal_forgets_the_run_and_reports_vacated(sandbox, fake_runner):
    from cylc_flow.jobs.runners.background import BackgroundRunner

    class VacatingRunner(BackgroundRunner):
        name = 'vacating'
        vacation_signal = 'USR1'

    fake_runner('vacating', VacatingRunner())
    job_log_dir = sandbox.run(JobConfig(
        '1', 'foo', script='sleep 60', err_script='echo err-script',
        platform={'job runner': 'vacating'},
    ))
    sandbox.wait_message(job_log_dir, 'started')
    pid = int(wait_for(lambda: sandbox.status(job_log_dir).pid))
    os.kill(pid, signal.SIGUSR1)
    sandbox.wait_message(job_log_dir, 'WARNING: vacated/USR1')
    status = sandbox.status(job_log_dir)
    assert status.pid is None and status.time_run is None
    assert status.run_status is None
    assert status.job_runner_name == 'vacating'
    assert status.messages[-1].endswith('|WARNING|vacated/USR1')
    assert 'err-script' not in sandbox.read(job_log_dir, 'job.err')
