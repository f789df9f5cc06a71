"""The ``at`` runner.

Output parsing is checked everywhere; the end-to-end tests use the real
``atd`` that the session fixture starts (etc/dev/services.sh installs it).
"""

from __future__ import annotations

import pytest

from cylc_flow.jobs.job_config import JobConfig
from cylc_flow.jobs.runners import get_runner
from cylc_flow.jobs.runners.at import AtRunner

from .conftest import wait_for

needs_at = pytest.mark.usefixtures('atd_daemon')
AT = {'job runner': 'at'}


def test_job_id_is_read_from_the_at_stderr_line():
    runner = AtRunner()
    stderr = (
        'warning: commands will be executed using /bin/sh\n'
        'job 42 at Thu Jan  1 00:00:00 2026\n'
    )
    assert runner.parse_job_id('', stderr) == '42'
    out, err = runner.filter_submit_output('', stderr)
    assert out == 'job 42 at Thu Jan  1 00:00:00 2026\n'
    assert err == ''


def test_missing_atd_is_a_submit_failure():
    runner = AtRunner()
    result = runner._submit_result(
        '/x/job', 0, '', 'Warning: at daemon not running\njob 3 at today\n'
    )
    assert result.return_code == 1
    assert 'at daemon not running' in result.stderr


def test_at_command_runs_the_job_in_its_own_session_with_logs():
    text = AtRunner().submit_stdin('/run dir/log/job/1/foo/01/job')
    assert "setsid -w bash '/run dir/log/job/1/foo/01/job'" in text
    assert "1>'/run dir/log/job/1/foo/01/job.out'" in text
    assert "2>'/run dir/log/job/1/foo/01/job.err'" in text


def test_at_is_a_builtin_runner_that_polls_pids_and_kills_groups():
    runner = get_runner('at')
    assert isinstance(runner, AtRunner)
    assert runner.poll_process_ids and runner.kill_process_group


@needs_at
def test_at_job_runs_and_succeeds(sandbox):
    job_log_dir = sandbox.run(JobConfig('1', 'foo', script='echo via-at',
                                        platform=AT))
    status = sandbox.status(job_log_dir)
    assert status.job_runner_name == 'at'
    assert status.job_id and status.job_id.isdigit()
    sandbox.wait_message(job_log_dir, 'succeeded')
    assert sandbox.wait_exit(job_log_dir).run_status == 0
    assert 'via-at' in sandbox.read(job_log_dir, 'job.out')


@needs_at
def test_at_job_is_polled_while_running_and_killed(sandbox):
    job_log_dir = sandbox.run(JobConfig('1', 'foo', script='sleep 60',
                                        platform=AT))
    sandbox.wait_message(job_log_dir, 'started')
    wait_for(lambda: sandbox.status(job_log_dir).pid)
    poll = sandbox.poll(job_log_dir).stdout[-1]
    assert '"job_runner_exit_polled": 0' in poll
    lines = sandbox.kill(job_log_dir)
    assert lines[0].endswith(f'|{job_log_dir}|0')
    wait_for(lambda: '"job_runner_exit_polled": 1' in sandbox.poll(
        job_log_dir).stdout[-1])
    assert sandbox.status(job_log_dir).run_signal == 'KILL'


@needs_at
def test_at_job_time_limit_fails_it_with_xcpu(sandbox):
    job_log_dir = sandbox.run(JobConfig(
        '1', 'foo', script='sleep 60', execution_time_limit=1, platform=AT,
    ))
    sandbox.wait_message(job_log_dir, 'CRITICAL: failed/XCPU')
    assert sandbox.wait_exit(job_log_dir).run_signal == 'XCPU'
