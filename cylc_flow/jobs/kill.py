"""Kill a batch of jobs: the work of ``cylc jobs-kill``.

A started job of a local runner (background, at) is killed with its whole
process group (SIGKILL, as Cylc 8 does); any other job through its runner
(``scancel``, ``atrm``...), one call per runner.  A running job that was
killed cannot report, so ``CYLC_JOB_EXIT=KILL`` is recorded in its
``job.status`` for polling to find.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cylc_flow.jobs import summary
from cylc_flow.jobs.errors import JobRunnerError
from cylc_flow.jobs.log_layout import JOB_LOG_STATUS, is_job_log_dir_name
from cylc_flow.jobs.runners import get_runner
from cylc_flow.jobs.runners.base import KillResult
from cylc_flow.jobs.runners.processes import kill_process_group
from cylc_flow.jobs.status_file import (
    CYLC_JOB_EXIT,
    CYLC_JOB_EXIT_TIME,
    EXIT_KILLED,
    JobStatus,
    append_status,
    read_status_file,
)
from cylc_flow.jobs.timestamps import time_string


@dataclass(slots=True)
class _Kill:
    job_log_dir: str
    status: JobStatus | None = None
    result: KillResult | None = None


def _read(root: Path, entry: _Kill) -> None:
    if not is_job_log_dir_name(entry.job_log_dir):
        entry.result = KillResult(1, f'not a job log directory: {entry.job_log_dir!r}')
        return
    try:
        entry.status = read_status_file(root / entry.job_log_dir / JOB_LOG_STATUS)
    except OSError as exc:
        entry.result = KillResult(1, str(exc))
        return
    if not entry.status.job_runner_name:
        entry.result = KillResult(
            1, f'Cannot determine job runner from {JOB_LOG_STATUS} file'
        )


def _kill_with_runner(runner_name: str, entries: list[_Kill]) -> None:
    try:
        runner = get_runner(runner_name)
    except JobRunnerError as exc:
        for entry in entries:
            entry.result = KillResult(1, str(exc))
        return
    by_runner_id: dict[str, _Kill] = {}
    for entry in entries:
        status = entry.status
        if status is None:
            continue
        if runner.kill_process_group and status.pid:
            error = kill_process_group(status.pid)
            entry.result = KillResult(1 if error else 0, error)
        elif status.job_id:
            by_runner_id[status.job_id] = entry
        else:
            entry.result = KillResult(
                1, f'Cannot determine job ID from {JOB_LOG_STATUS} file'
            )
    if not by_runner_id:
        return
    try:
        results = runner.kill(list(by_runner_id))
    except Exception as exc:  # a runner plugin's bug must not lose the batch
        results = {
            job_id: KillResult(1, f'{runner_name}: {type(exc).__name__}: {exc}')
            for job_id in by_runner_id
        }
    for job_id, entry in by_runner_id.items():
        entry.result = results.get(job_id) or KillResult(
            1, f'{runner_name}: no result for job {job_id}'
        )


def _record_kill(root: Path, entry: _Kill, now: str) -> None:
    status = entry.status
    if (
        entry.result is None
        or entry.result.return_code != 0
        or status is None
        or status.time_run is None
        or status.has_exited
    ):
        return
    try:
        append_status(
            root / entry.job_log_dir / JOB_LOG_STATUS,
            [(CYLC_JOB_EXIT, EXIT_KILLED), (CYLC_JOB_EXIT_TIME, now)],
        )
    except OSError as exc:
        entry.result.error += f'{exc}\n'


def kill_jobs(
    job_log_root: str | Path,
    job_log_dirs: Sequence[str],
    *,
    utc_mode: bool = False,
) -> list[str]:
    """Kill jobs; return the ``[TASK JOB ...]`` lines to print."""
    root = Path(os.path.expandvars(str(job_log_root)))
    entries = [_Kill(job_log_dir) for job_log_dir in dict.fromkeys(job_log_dirs)]
    by_runner: dict[str, list[_Kill]] = {}
    for entry in entries:
        _read(root, entry)
        if entry.result is None and entry.status is not None:
            by_runner.setdefault(str(entry.status.job_runner_name), []).append(entry)
    for runner_name, group in by_runner.items():
        _kill_with_runner(runner_name, group)

    now = time_string(utc_mode)
    lines = []
    for entry in entries:
        _record_kill(root, entry, now)
        result = entry.result or KillResult(1)
        lines.append(summary.kill_summary(now, entry.job_log_dir, result.return_code))
        lines.extend(summary.error_lines(now, entry.job_log_dir, result.error))
    return lines
