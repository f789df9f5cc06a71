"""cylc jobs-submit / jobs-poll / jobs-kill as commands, end to end."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cylc_flow.jobs.job_config import JobConfig, WorkflowJobEnvironment
from cylc_flow.jobs.job_file import JobFileWriter
from cylc_flow.jobs.job_upload import concatenate_job_files
from cylc_flow.jobs.log_layout import job_file_path

WORKFLOW_ID = 'cli/run1'


def jobs_command(name: str, *args: str, env: dict[str, str],
                 stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ``cylc jobs-<name>`` (through its module, so no install is needed)."""
    module = f'cylc_flow.scripts.jobs_{name}'
    return subprocess.run(
        [sys.executable, '-m', module, *args], env=env, input=stdin,
        capture_output=True, text=True, timeout=60, check=False,
    )


class Workflow:
    """A run directory under a private HOME, with a recording fake cylc."""

    def __init__(self, root: Path) -> None:
        self.home = root / 'home'
        self.home.mkdir()
        self.messages = root / 'messages'
        self.cylc = root / 'bin' / 'cylc'
        self.cylc.parent.mkdir()
        self.cylc.write_text(
            f"#!/bin/bash\n(IFS='|'; printf '%s\\n' \"$*\") >> '{self.messages}'\n"
        )
        self.cylc.chmod(0o755)
        self.run_dir = self.home / 'cylc-run' / WORKFLOW_ID
        self.log_root = str(self.run_dir / 'log' / 'job')
        self.env = {**os.environ, 'HOME': str(self.home)}
        self.env.pop('CYLC_DEBUG', None)
        self.writer = JobFileWriter(
            WorkflowJobEnvironment(WORKFLOW_ID, initial_cycle_point='1'), self.cylc
        )

    def write(self, name: str, script: str) -> str:
        job = JobConfig('1', name, script=script)
        self.writer.write(job_file_path(self.run_dir, '1', name, 1), job)
        return job.job_log_dir

    def status(self, job_log_dir: str) -> str:
        path = Path(self.log_root, job_log_dir, 'job.status')
        return path.read_text() if path.exists() else ''

    def wait_status(self, job_log_dir: str, text: str) -> None:
        deadline = time.monotonic() + 30
        while text not in self.status(job_log_dir):
            assert time.monotonic() < deadline, self.status(job_log_dir)
            time.sleep(0.05)


@pytest.fixture
def workflow(tmp_path: Path) -> Workflow:
    return Workflow(tmp_path)


def test_submit_poll_and_kill_through_the_commands(workflow):
    quick = workflow.write('quick', 'echo done')
    slow = workflow.write('slow', 'sleep 60')
    result = jobs_command('submit', workflow.log_root, quick, slow, env=workflow.env)
    assert result.returncode == 0, result.stderr
    summaries = [line for line in result.stdout.splitlines()
                 if line.startswith('[TASK JOB SUMMARY]')]
    assert [line.split('|')[1:3] for line in summaries] == [
        [quick, '0'], [slow, '0'],
    ]
    workflow.wait_status(quick, 'CYLC_JOB_EXIT=SUCCEEDED')
    workflow.wait_status(slow, 'CYLC_JOB_INIT_TIME=')

    poll = jobs_command('poll', workflow.log_root, quick, slow, env=workflow.env)
    assert poll.returncode == 0, poll.stderr
    lines = poll.stdout.splitlines()
    assert '"run_status": 0' in lines[0] and f'|{quick}|' in lines[0]
    assert '"job_runner_exit_polled": 0' in lines[1] and f'|{slow}|' in lines[1]

    kill = jobs_command('kill', workflow.log_root, slow, env=workflow.env)
    assert kill.returncode == 0, kill.stderr
    assert kill.stdout.strip().endswith(f'|{slow}|0')
    assert 'CYLC_JOB_EXIT=KILL' in workflow.status(slow)


def test_remote_mode_submits_job_scripts_given_on_stdin(workflow, tmp_path):
    job_log_dir = workflow.write('remote', 'echo remote')
    text = concatenate_job_files([Path(workflow.log_root, job_log_dir, 'job')])
    other_home = tmp_path / 'other-home'
    other_home.mkdir()
    remote_root = other_home / 'cylc-run' / WORKFLOW_ID / 'log' / 'job'
    env = {**workflow.env, 'HOME': str(other_home)}
    result = jobs_command('submit', '--remote-mode', '$HOME/cylc-run/cli/run1/log/job',
                          job_log_dir, env=env, stdin=text)
    assert result.returncode == 0, result.stderr
    assert f'|{job_log_dir}|0|' in result.stdout
    status = remote_root / job_log_dir / 'job.status'
    deadline = time.monotonic() + 30
    while 'CYLC_JOB_EXIT=SUCCEEDED' not in (
        status.read_text() if status.exists() else ''
    ):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert (other_home / 'cylc-run' / WORKFLOW_ID / '.service/etc/job.sh').exists()


def test_commands_print_help(workflow):
    for name in ('submit', 'poll', 'kill'):
        result = jobs_command(name, '--help', env=workflow.env)
        assert result.returncode == 0
        assert f'usage: cylc jobs-{name}' in result.stdout


def test_missing_arguments_are_one_error_line_and_exit_one(workflow):
    for name in ('submit', 'poll', 'kill'):
        result = jobs_command(name, env=workflow.env)
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1
        assert f'cylc jobs-{name}: error:' in result.stderr


def test_poll_of_an_unknown_job_reports_on_stderr_only(workflow):
    Path(workflow.log_root, '1', 'foo', '01').mkdir(parents=True)
    result = jobs_command('poll', workflow.log_root, '1/foo/01', env=workflow.env)
    assert result.returncode == 0
    assert result.stdout == ''
    assert 'job.status' in result.stderr
    assert 'Traceback' not in result.stderr
