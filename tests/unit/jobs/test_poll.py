"""Polling: state from job.status, confirmed with the runner when needed."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import ClassVar

from cylc_flow.jobs.job_config import JobConfig
from cylc_flow.jobs.runners.base import JobRunner, JobRunnerState
from cylc_flow.jobs.summary import PREFIX_MESSAGE, parse_output_line

from .conftest import wait_for


class CountingRunner(JobRunner):
    """Says every job is gone (or unknown); counts the poll calls."""

    name: ClassVar[str] = 'counting'

    def __init__(self, state: JobRunnerState = JobRunnerState.EXITED) -> None:
        self.state = state
        self.calls: list[list[str]] = []

    def poll(self, job_ids):
        self.calls.append(list(job_ids))
        return dict.fromkeys(job_ids, self.state)


def write_status(sandbox, job_log_dir: str, *lines: str) -> None:
    directory = sandbox.log_root / job_log_dir
    directory.mkdir(parents=True, exist_ok=True)
    (directory / 'job.status').write_text(''.join(f'{line}\n' for line in lines))


def poll_fields(sandbox, *job_log_dirs: str) -> dict[str, dict]:
    report = sandbox.poll(*job_log_dirs)
    found = {}
    for line in report.stdout:
        parsed = parse_output_line(line)
        assert parsed is not None
        fields = parsed.poll_fields()
        if fields is not None:
            found[parsed.job_log_dir] = fields
    return found


def test_running_background_job_is_not_exit_polled(sandbox):
    job_log_dir = sandbox.run(JobConfig('1', 'foo', script='sleep 60'))
    sandbox.wait_message(job_log_dir, 'started')
    wait_for(lambda: sandbox.status(job_log_dir).pid)
    fields = poll_fields(sandbox, job_log_dir)[job_log_dir]
    assert fields['job_runner_name'] == 'background'
    assert fields['job_runner_exit_polled'] == 0
    assert 'run_status' not in fields
    assert fields['time_run']
    sandbox.kill(job_log_dir)


def test_summary_keys_come_in_cylc_order(sandbox):
    write_status(
        sandbox, '1/foo/01', 'CYLC_JOB_RUNNER_NAME=background',
        'CYLC_JOB_ID=999999999', 'CYLC_JOB_RUNNER_SUBMIT_TIME=T1',
        'CYLC_JOB_PID=999999999', 'CYLC_JOB_INIT_TIME=T2',
        'CYLC_JOB_EXIT=XCPU', 'CYLC_JOB_EXIT_TIME=T3',
    )
    report = sandbox.poll('1/foo/01')
    payload = report.stdout[-1].split('|', 2)[2]
    assert list(json.loads(payload)) == [
        'job_runner_name', 'job_id', 'job_runner_exit_polled', 'run_status',
        'run_signal', 'time_submit_exit', 'time_run', 'time_run_exit',
    ]


def test_vanished_job_is_marked_exit_polled_in_job_status(sandbox):
    write_status(
        sandbox, '1/foo/01', 'CYLC_JOB_RUNNER_NAME=background',
        'CYLC_JOB_ID=999999999', 'CYLC_JOB_PID=999999999',
        'CYLC_JOB_INIT_TIME=2025-01-01T00:00:00Z',
    )
    fields = poll_fields(sandbox, '1/foo/01')['1/foo/01']
    assert fields['job_runner_exit_polled'] == 1
    assert 'run_status' not in fields  # started, never finished: failed
    assert sandbox.status_lines('1/foo/01')[-1].startswith(
        'CYLC_JOB_RUNNER_EXIT_POLLED='
    )
    again = poll_fields(sandbox, '1/foo/01')['1/foo/01']
    assert again['job_runner_exit_polled'] == 1  # trusted from the file now


def test_finished_jobs_are_trusted_without_asking_the_runner(sandbox, fake_runner):
    runner = CountingRunner()
    fake_runner('counting', runner)
    base = ('CYLC_JOB_RUNNER_NAME=counting', 'CYLC_JOB_ID=7')
    write_status(sandbox, '1/ok/01', *base, 'CYLC_JOB_EXIT=SUCCEEDED')
    write_status(sandbox, '1/err/01', *base, 'CYLC_JOB_EXIT=ERR')
    write_status(sandbox, '1/exit/01', *base, 'CYLC_JOB_EXIT=EXIT')
    write_status(sandbox, '1/term/01', *base, 'CYLC_JOB_EXIT=TERM')
    fields = poll_fields(sandbox, '1/ok/01', '1/err/01', '1/exit/01', '1/term/01')
    assert runner.calls == [['7']]  # only the TERM job needs confirming
    assert fields['1/ok/01']['run_status'] == 0
    assert fields['1/err/01']['run_signal'] == 'ERR'
    assert fields['1/term/01']['job_runner_exit_polled'] == 1


def test_jobs_of_one_runner_are_polled_in_one_call(sandbox, fake_runner):
    runner = CountingRunner(JobRunnerState.RUNNING)
    fake_runner('counting', runner)
    dirs = [f'1/task{index}/01' for index in range(5)]
    for index, job_log_dir in enumerate(dirs):
        write_status(sandbox, job_log_dir, 'CYLC_JOB_RUNNER_NAME=counting',
                     f'CYLC_JOB_ID={index}')
    fields = poll_fields(sandbox, *dirs)
    assert runner.calls == [['0', '1', '2', '3', '4']]
    assert {f['job_runner_exit_polled'] for f in fields.values()} == {0}


def test_unreachable_runner_leaves_jobs_as_they_were(sandbox, fake_runner):
    fake_runner('counting', CountingRunner(JobRunnerState.UNKNOWN))
    write_status(sandbox, '1/foo/01', 'CYLC_JOB_RUNNER_NAME=counting',
                 'CYLC_JOB_ID=7')
    fields = poll_fields(sandbox, '1/foo/01')['1/foo/01']
    assert fields['job_runner_exit_polled'] == 0
    assert 'CYLC_JOB_RUNNER_EXIT_POLLED' not in sandbox.read('1/foo/01', 'job.status')


def test_job_that_finished_while_being_polled_is_read_again(sandbox, fake_runner):
    class FinishingRunner(CountingRunner):
        def poll(self, job_ids):
            with open(sandbox.path('1/foo/01', 'job.status'), 'a') as handle:
                handle.write('CYLC_JOB_EXIT=SUCCEEDED\nCYLC_JOB_EXIT_TIME=T9\n')
            return super().poll(job_ids)

    fake_runner('counting', FinishingRunner())
    write_status(sandbox, '1/foo/01', 'CYLC_JOB_RUNNER_NAME=counting',
                 'CYLC_JOB_ID=7', 'CYLC_JOB_INIT_TIME=T1')
    fields = poll_fields(sandbox, '1/foo/01')['1/foo/01']
    assert fields['run_status'] == 0
    assert fields['time_run_exit'] == 'T9'


def test_incomplete_runner_info_counts_as_gone(sandbox):
    write_status(sandbox, '1/foo/01', 'CYLC_JOB_RUNNER_NAME=background')
    report = sandbox.poll('1/foo/01')
    assert report.stderr == ['1/foo/01/job.status: incomplete job runner info']
    assert '"job_runner_exit_polled": 1' in report.stdout[-1]


def test_removed_job_log_directory_is_reported_as_failed(sandbox):
    fields = poll_fields(sandbox, '1/gone/01')['1/gone/01']
    assert fields == {'run_status': 1, 'run_signal': 'ERR_JOB_FILES_REMOVED'}


def test_missing_status_file_is_an_error_without_a_summary(sandbox):
    (sandbox.log_root / '1' / 'foo' / '01').mkdir(parents=True)
    report = sandbox.poll('1/foo/01')
    assert report.stdout == []
    assert 'job.status' in report.stderr[0]


def test_messages_in_job_status_come_before_the_summary(sandbox):
    write_status(
        sandbox, '1/foo/01', 'CYLC_JOB_RUNNER_NAME=background',
        'CYLC_JOB_ID=1', 'CYLC_MESSAGE=2025-01-01T00:00:00Z|INFO|data ready',
        'CYLC_MESSAGE=2025-01-01T00:00:01Z|WARNING|vacated/USR1',
        'CYLC_JOB_EXIT=SUCCEEDED',
    )
    report = sandbox.poll('1/foo/01')
    assert [line.split('|', 2)[2] for line in report.stdout[:2]] == [
        '2025-01-01T00:00:00Z|INFO|data ready',
        '2025-01-01T00:00:01Z|WARNING|vacated/USR1',
    ]
    assert all(line.startswith(PREFIX_MESSAGE) for line in report.stdout[:2])
    assert report.stdout[2].startswith('[TASK JOB SUMMARY]')


def test_at_style_runner_keeps_a_job_whose_process_still_runs(sandbox, fake_runner):
    class LosesJobs(CountingRunner):
        poll_process_ids = True

    fake_runner('counting', LosesJobs())
    process = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)'])
    try:
        write_status(sandbox, '1/foo/01', 'CYLC_JOB_RUNNER_NAME=counting',
                     'CYLC_JOB_ID=7', f'CYLC_JOB_PID={process.pid}')
        fields = poll_fields(sandbox, '1/foo/01')['1/foo/01']
    finally:
        process.kill()
        process.wait()
    assert fields['job_runner_exit_polled'] == 0
