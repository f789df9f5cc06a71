"""Poll a batch of jobs: the work of ``cylc jobs-poll``.

A job's state comes from its ``job.status`` file first.  A job that has
succeeded, or failed with ERR or EXIT (written by the job itself), or was
already found gone, needs nothing more; for the others each runner is
asked, once per runner, whether the jobs are still there.  A job the
runner no longer has gets ``CYLC_JOB_RUNNER_EXIT_POLLED`` in its status
file (and the file is read again, in case the job finished meanwhile): the
scheduler then knows it died without reporting (failed if it had started,
submit-failed if not).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cylc_flow.jobs import summary
from cylc_flow.jobs.errors import JobRunnerError
from cylc_flow.jobs.log_layout import JOB_LOG_STATUS, is_job_log_dir_name
from cylc_flow.jobs.runners import get_runner
from cylc_flow.jobs.runners.base import JobRunnerState
from cylc_flow.jobs.runners.processes import alive_process_ids
from cylc_flow.jobs.status_file import (
    CYLC_JOB_RUNNER_EXIT_POLLED,
    JOB_FILES_REMOVED,
    TRUSTED_FAILURES,
    JobStatus,
    append_status,
    read_status_file,
)
from cylc_flow.jobs.timestamps import time_string


@dataclass(slots=True)
class PollReport:
    """Lines for stdout (the scheduler reads them) and for stderr."""

    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)


def _needs_runner(status: JobStatus) -> bool:
    return not (
        status.job_runner_exit_polled
        or status.run_status == 0
        or status.run_signal in TRUSTED_FAILURES
    )


def _read(root: Path, job_log_dir: str, report: PollReport) -> JobStatus | None:
    if not is_job_log_dir_name(job_log_dir):
        report.stderr.append(f'not a job log directory: {job_log_dir!r}')
        return None
    if not (root / job_log_dir).exists():
        return JobStatus(run_status=1, run_signal=JOB_FILES_REMOVED)
    try:
        return read_status_file(root / job_log_dir / JOB_LOG_STATUS)
    except OSError as exc:
        report.stderr.append(str(exc))
        return None


def _runner_states(
    runner_name: str, statuses: list[JobStatus], report: PollReport
) -> dict[str, JobRunnerState]:
    """Ask one runner about its jobs: {job ID: state}."""
    job_ids = [str(status.job_id) for status in statuses]
    try:
        runner = get_runner(runner_name)
        states = runner.poll(job_ids)
    except JobRunnerError as exc:
        report.stderr.append(str(exc))
        return {}
    except Exception as exc:  # a runner plugin's bug must not lose the batch
        report.stderr.append(f'{runner_name}: {type(exc).__name__}: {exc}')
        return {}
    if runner.poll_process_ids:
        # The runner may have let go of a job whose process still runs.
        alive = alive_process_ids(status.pid for status in statuses if status.pid)
        for status in statuses:
            if (
                states.get(str(status.job_id)) == JobRunnerState.EXITED
                and status.pid in alive
            ):
                states[str(status.job_id)] = JobRunnerState.RUNNING
    return states


def poll_jobs(
    job_log_root: str | Path,
    job_log_dirs: Sequence[str],
    *,
    utc_mode: bool = False,
) -> PollReport:
    """Poll jobs; return the lines to print."""
    root = Path(os.path.expandvars(str(job_log_root)))
    report = PollReport()
    polled: list[tuple[str, JobStatus]] = []
    by_runner: dict[str, list[tuple[str, JobStatus]]] = {}
    for job_log_dir in dict.fromkeys(job_log_dirs):
        status = _read(root, job_log_dir, report)
        if status is None:
            continue
        polled.append((job_log_dir, status))
        if status.run_signal == JOB_FILES_REMOVED:
            continue
        if not status.job_runner_name or not status.job_id:
            status.job_runner_exit_polled = 1
            report.stderr.append(
                f'{job_log_dir}/{JOB_LOG_STATUS}: incomplete job runner info'
            )
        if _needs_runner(status):
            by_runner.setdefault(str(status.job_runner_name), []).append(
                (job_log_dir, status)
            )

    for runner_name, entries in by_runner.items():
        states = _runner_states(
            runner_name, [status for _, status in entries], report
        )
        for job_log_dir, status in entries:
            if states.get(str(status.job_id)) == JobRunnerState.EXITED:
                _record_exit_polled(root, job_log_dir, status, utc_mode, report)
            else:
                status.job_runner_exit_polled = 0

    now = time_string(utc_mode)
    for job_log_dir, status in polled:
        for message in status.messages:
            report.stdout.append(summary.message_line(now, job_log_dir, message))
        report.stdout.append(summary.poll_summary(now, job_log_dir, status))
    return report


def _record_exit_polled(
    root: Path,
    job_log_dir: str,
    status: JobStatus,
    utc_mode: bool,
    report: PollReport,
) -> None:
    """Note in job.status that the runner no longer has the job; re-read it.

    Re-reading catches a job that started and finished between reading
    its file and asking its runner (else it would look submit-failed).
    """
    path = root / job_log_dir / JOB_LOG_STATUS
    try:
        append_status(path, [(CYLC_JOB_RUNNER_EXIT_POLLED, time_string(utc_mode))])
        fresh = read_status_file(path)
    except OSError as exc:
        report.stderr.append(str(exc))
        status.job_runner_exit_polled = 1
        return
    for name in JobStatus.__slots__:
        setattr(status, name, getattr(fresh, name))
    status.job_runner_exit_polled = 1
