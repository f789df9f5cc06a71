"""Killing jobs: through the runner or the process group; the kill is recorded."""

from __future__ import annotations

from typing import ClassVar

from cylc_flow.jobs.job_config import JobConfig
from cylc_flow.jobs.runners.base import JobRunner, KillResult
from cylc_flow.jobs.runners.processes import alive_process_ids

from .conftest import wait_for


class KillRecorder(JobRunner):
    name: ClassVar[str] = 'kill_recorder'

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def kill(self, job_ids):
        self.calls.append(list(job_ids))
        return {job_id: KillResult(0 if job_id != 'bad' else 1, 'refused' * (
            job_id == 'bad')) for job_id in job_ids}


def write_status(sandbox, job_log_dir: str, *lines: str) -> None:
    directory = sandbox.log_root / job_log_dir
    directory.mkdir(parents=True, exist_ok=True)
    (directory / 'job.status').write_text(''.join(f'{line}\n' for line in lines))


def test_kill_running_background_job_records_kill_for_polling(sandbox):
    job_log_dir = sandbox.run(JobConfig('1', 'foo', script='sleep 60'))
    sandbox.wait_message(job_log_dir, 'started')
    pid = wait_for(lambda: sandbox.status(job_log_dir).pid)
    lines = sandbox.kill(job_log_dir)
    assert len(lines) == 1
    assert lines[0].startswith('[TASK JOB SUMMARY]')
    assert lines[0].endswith(f'|{job_log_dir}|0')
    wait_for(lambda: not alive_process_ids([pid]))
    status = sandbox.status(job_log_dir)
    assert (status.run_status, status.run_signal) == (1, 'KILL')
    assert status.time_run_exit
    poll = sandbox.poll(job_log_dir).stdout[-1]
    assert '"job_runner_exit_polled": 1' in poll
    assert '"run_signal": "KILL"' in poll


def test_jobs_not_yet_started_are_killed_by_runner_id_without_a_record(
    sandbox, fake_runner
):
    runner = KillRecorder()
    fake_runner('kill_recorder', runner)
    runner_line = 'CYLC_JOB_RUNNER_NAME=kill_recorder'
    write_status(sandbox, '1/a/01', runner_line, 'CYLC_JOB_ID=11')
    write_status(sandbox, '1/b/01', runner_line, 'CYLC_JOB_ID=bad')
    lines = sandbox.kill('1/a/01', '1/b/01')
    assert runner.calls == [['11', 'bad']]
    assert lines[0].endswith('|1/a/01|0')
    assert lines[1].endswith('|1/b/01|1')
    assert lines[2].startswith('[TASK JOB ERROR]')
    assert lines[2].endswith('|1/b/01|refused')
    assert sandbox.status('1/a/01').run_status is None


def test_kill_without_runner_or_job_id_is_an_error_line(sandbox):
    write_status(sandbox, '1/a/01', 'CYLC_JOB_ID=11')
    write_status(sandbox, '1/b/01', 'CYLC_JOB_RUNNER_NAME=background')
    lines = sandbox.kill('1/a/01', '1/b/01', '1/c/01')
    assert [line.split('|', 1)[1] for line in lines[:2]] == [
        '1/a/01|1', '1/a/01|Cannot determine job runner from job.status file',
    ]
    assert lines[2].endswith('|1/b/01|1')
    assert lines[3].endswith('|1/b/01|Cannot determine job ID from job.status file')
    assert lines[4].endswith('|1/c/01|1')
    assert 'No such file' in lines[5]


def test_kill_of_a_finished_job_fails_and_changes_nothing(sandbox):
    job_log_dir = sandbox.run(JobConfig('1', 'foo', script='true'))
    sandbox.wait_message(job_log_dir, 'succeeded')
    pid = sandbox.status(job_log_dir).pid
    wait_for(lambda: not alive_process_ids([pid]))
    lines = sandbox.kill(job_log_dir)
    assert lines[0].endswith(f'|{job_log_dir}|1')
    assert sandbox.status(job_log_dir).run_status == 0
