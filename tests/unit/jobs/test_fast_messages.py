"""Jobs of the scheduler's own installation send their messages with its
Python directly (``python -I -S .../message.py``), to a real CURVE server."""

from __future__ import annotations

import os
import sys
from typing import Any

from cylc_flow.jobs.job_config import JobConfig, WorkflowJobEnvironment
from cylc_flow.jobs.job_file import MESSAGE_SCRIPT, JobFileWriter

from .conftest import JobSandbox, Scheduler, wait_for

WORKFLOW = WorkflowJobEnvironment('flow/run1', uuid='u', initial_cycle_point='1')
FAST_LINES = (f'\nCYLC_MESSAGE_PYTHON={sys.executable}\n'
              f'CYLC_MESSAGE_SCRIPT={MESSAGE_SCRIPT}\n')


def render(job: JobConfig, *args: Any, **options: Any) -> str:
    return JobFileWriter(WORKFLOW, *args, **options).render(job)


def test_the_message_script_is_the_self_contained_job_messenger() -> None:
    assert MESSAGE_SCRIPT.is_file()
    assert MESSAGE_SCRIPT.name == 'job_messenger.py'
    assert 'import cylc_flow' not in MESSAGE_SCRIPT.read_text()


def test_scheduler_own_installation_names_its_python_and_message_script() -> None:
    text = render(JobConfig('1', 'foo'))
    assert FAST_LINES in text
    assert text.index('CYLC_EXECUTABLE=') < text.index('CYLC_MESSAGE_PYTHON=')


def test_another_cylc_executable_gets_plain_cylc_message() -> None:
    assert 'CYLC_MESSAGE_PYTHON' not in render(JobConfig('1', 'foo'), '/opt/bin/cylc')


def test_platform_cylc_path_gets_plain_cylc_message() -> None:
    text = render(JobConfig('1', 'foo', platform={'cylc path': '/opt/cylc/bin'}))
    assert 'CYLC_MESSAGE_PYTHON' not in text


def test_fast_messages_can_be_asked_for_explicitly() -> None:
    assert FAST_LINES in render(JobConfig('1', 'foo'), '/opt/bin/cylc',
                                fast_messages=True)
    assert 'CYLC_MESSAGE_PYTHON' not in render(JobConfig('1', 'foo'),
                                               fast_messages=False)


def test_job_reports_started_and_succeeded_to_the_scheduler(
    sandbox: JobSandbox, scheduler: Scheduler
) -> None:
    script = 'echo "at=$CYLC_WORKFLOW_HOST/$CYLC_WORKFLOW_OWNER"'
    job_log_dir = sandbox.run(JobConfig('1', 'foo', script=script),
                              fast_messages=True)
    wait_for(lambda: 'succeeded' in scheduler.messages(job_log_dir))
    assert scheduler.messages(job_log_dir) == ['started', 'succeeded']
    assert sandbox.messages() == []  # the fake "cylc" was not used
    out = sandbox.read(job_log_dir, 'job.out')
    assert 'at=localhost/someone' in out  # read from the contact file
    assert ' INFO - started' in out and ' INFO - succeeded' in out
    status = sandbox.wait_exit(job_log_dir)
    assert status.run_status == 0


def test_failed_job_reports_its_failure_to_the_scheduler(
    sandbox: JobSandbox, scheduler: Scheduler
) -> None:
    job_log_dir = sandbox.run(JobConfig('1', 'foo', script='false'),
                              fast_messages=True)
    wait_for(lambda: 'failed/ERR' in scheduler.messages(job_log_dir))
    assert sorted(scheduler.messages(job_log_dir)) == ['failed/ERR', 'started']
    [severity] = [severity for args in scheduler.received
                  for severity, text in args['messages'] if text == 'failed/ERR']
    assert severity == 'CRITICAL'


def test_missing_python_falls_back_to_cylc_message(
    sandbox: JobSandbox, scheduler: Scheduler
) -> None:
    job = JobConfig('1', 'foo', script='true')
    job_log_dir = sandbox.write(job, fast_messages=True)
    path = sandbox.path(job_log_dir)
    path.write_text(path.read_text().replace(
        f'CYLC_MESSAGE_PYTHON={sys.executable}',
        'CYLC_MESSAGE_PYTHON=/nowhere/python'))
    sandbox.submit(job_log_dir)
    calls = sandbox.wait_message(job_log_dir, 'succeeded')
    assert sorted(call[-1] for call in calls) == ['started', 'succeeded']
    assert calls[0][:2] == ['message', '--']
    assert scheduler.received == []


def test_user_without_user_variable_is_found_by_the_shell(
    sandbox: JobSandbox, scheduler: Scheduler
) -> None:
    env = {key: value for key, value in sandbox.env.items() if key != 'USER'}
    job = JobConfig('1', 'foo', script='echo "user=$USER"')
    job_log_dir = sandbox.write(job, fast_messages=True)
    from cylc_flow.jobs.submit import submit_jobs

    submit_jobs(sandbox.log_root, [job_log_dir], env=env)
    sandbox.wait_exit(job_log_dir)
    import pwd

    expected = pwd.getpwuid(os.getuid()).pw_name
    assert f'user={expected}' in sandbox.read(job_log_dir, 'job.out')
