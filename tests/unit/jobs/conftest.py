"""A sandbox for real jobs: a HOME with a run directory and a fake ``cylc``;
and a live CURVE server standing in for the scheduler.

The fake ``cylc`` appends its arguments (joined with ``|``) to a file, so
tests see exactly what each job reported.  Jobs run for real, detached, as
they would under the scheduler.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from cylc_flow.jobs.job_config import JobConfig, WorkflowJobEnvironment
from cylc_flow.jobs.job_file import JobFileWriter
from cylc_flow.jobs.kill import kill_jobs
from cylc_flow.jobs.log_layout import job_file_path, job_log_root
from cylc_flow.jobs.poll import PollReport, poll_jobs
from cylc_flow.jobs.runners import _INSTANCES
from cylc_flow.jobs.status_file import JobStatus, read_status_file
from cylc_flow.jobs.submit import submit_jobs
from cylc_flow.network.background import BackgroundServer
from cylc_flow.network.contact import scheduler_contact_fields, write_contact
from cylc_flow.network.keys import ensure_keys

WORKFLOW_ID = 'flow/run1'
WAIT_SECONDS = 30.0


def wait_for(condition: Callable[[], object], timeout: float = WAIT_SECONDS):
    """Return the condition's first truthy value; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f'timed out waiting for {condition}')
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


@dataclass
class JobSandbox:
    """A run directory, a fake ``cylc`` and helpers to run jobs in it."""

    home: Path
    cylc: Path
    messages_file: Path
    workflow: WorkflowJobEnvironment = field(
        default_factory=lambda: WorkflowJobEnvironment(
            WORKFLOW_ID, uuid='uuid-1234', initial_cycle_point='1'
        )
    )

    @property
    def run_dir(self) -> Path:
        return self.home / 'cylc-run' / WORKFLOW_ID

    @property
    def log_root(self) -> Path:
        return job_log_root(self.run_dir)

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env['HOME'] = str(self.home)
        env.pop('CYLC_DEBUG', None)
        env.pop('CYLC_RUN_DIR', None)
        return env

    def writer(self, **options) -> JobFileWriter:
        return JobFileWriter(self.workflow, self.cylc, **options)

    def write(self, job: JobConfig, **options) -> str:
        """Write a job script; return its job log directory."""
        path = job_file_path(
            self.run_dir, job.cycle_point, job.task_name, job.submit_number
        )
        self.writer(**options).write(path, job)
        return job.job_log_dir

    def submit(self, *job_log_dirs: str) -> list[str]:
        return submit_jobs(self.log_root, job_log_dirs, env=self.env)

    def run(self, job: JobConfig, **options) -> str:
        """Write and submit a job; return its job log directory."""
        job_log_dir = self.write(job, **options)
        lines = self.submit(job_log_dir)
        assert f'|{job_log_dir}|0|' in lines[0], lines
        return job_log_dir

    def poll(self, *job_log_dirs: str) -> PollReport:
        return poll_jobs(self.log_root, job_log_dirs)

    def kill(self, *job_log_dirs: str) -> list[str]:
        return kill_jobs(self.log_root, job_log_dirs)

    def path(self, job_log_dir: str, name: str = 'job') -> Path:
        return self.log_root / job_log_dir / name

    def status(self, job_log_dir: str) -> JobStatus:
        return read_status_file(self.path(job_log_dir, 'job.status'))

    def status_lines(self, job_log_dir: str) -> list[str]:
        return self.path(job_log_dir, 'job.status').read_text().splitlines()

    def read(self, job_log_dir: str, name: str) -> str:
        return self.path(job_log_dir, name).read_text()

    def messages(self, job_log_dir: str | None = None) -> list[list[str]]:
        """The arguments of each ``cylc`` call (of one job, if given)."""
        if not self.messages_file.exists():
            return []
        calls = [
            line.split('|')
            for line in self.messages_file.read_text().splitlines()
        ]
        if job_log_dir is None:
            return calls
        return [call for call in calls if job_log_dir in call]

    def wait_message(self, job_log_dir: str, message: str) -> list[list[str]]:
        """Wait until the job has sent ``message``; return its calls."""
        def sent() -> list[list[str]] | None:
            calls = self.messages(job_log_dir)
            return calls if any(call[-1] == message for call in calls) else None

        return wait_for(sent)

    def wait_exit(self, job_log_dir: str) -> JobStatus:
        """Wait until job.status records the job's exit."""
        return wait_for(lambda: self._exited(job_log_dir))

    def _exited(self, job_log_dir: str) -> JobStatus | None:
        try:
            status = self.status(job_log_dir)
        except OSError:
            return None
        return status if status.has_exited else None


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[JobSandbox]:
    home = tmp_path / 'home'
    home.mkdir()
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    messages = tmp_path / 'messages'
    cylc = bin_dir / 'cylc'
    cylc.write_text(
        '#!/bin/bash\n'
        f"(IFS='|'; printf '%s\\n' \"$*\") >> '{messages}'\n"
    )
    cylc.chmod(0o755)
    yield JobSandbox(home, cylc, messages)


class Scheduler:
    """A live CURVE server with a contact file for the sandbox's workflow."""

    def __init__(self, sandbox: JobSandbox) -> None:
        self.received: list[dict[str, Any]] = []
        self.background = BackgroundServer(ensure_keys(sandbox.run_dir))
        server = self.background.start()
        server.register('put_messages',
                        lambda args, meta: self.received.append(args),
                        scope='message')
        write_contact(sandbox.run_dir, scheduler_contact_fields(
            WORKFLOW_ID, sandbox.run_dir, port=server.port or 0,
            publish_port=server.publish_port or 0, uuid='u',
            host='localhost', owner='someone',
        ))

    def messages(self, job_log_dir: str) -> list[str]:
        return [text for args in self.received if args['task_job'] == job_log_dir
                for _, text in args['messages']]


@pytest.fixture
def scheduler(sandbox: JobSandbox) -> Iterator[Scheduler]:
    scheduler = Scheduler(sandbox)
    try:
        yield scheduler
    finally:
        scheduler.background.stop()


@pytest.fixture
def fake_runner(monkeypatch):
    """Register a runner instance under a name for one test."""

    def register(name: str, runner) -> None:
        monkeypatch.setitem(_INSTANCES, name, runner)

    return register
