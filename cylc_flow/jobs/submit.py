"""Submit a batch of jobs: the work of ``cylc jobs-submit``.

For each job log directory: read the job script's header (runner, command
template), point the task's ``NN`` link at it, start ``job.status`` with
the runner name; then hand the jobs to their runners, one call per runner
and command template; record each job ID and submit time in
``job.status``; and return the summary lines, in argument order.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO

from cylc_flow.jobs import summary
from cylc_flow.jobs.errors import JobRunnerError
from cylc_flow.jobs.job_header import JobHeader, read_header
from cylc_flow.jobs.job_library import install_job_library
from cylc_flow.jobs.job_upload import receive_job_files
from cylc_flow.jobs.log_layout import (
    JOB_LOG_JOB,
    JOB_LOG_STATUS,
    is_job_log_dir_name,
    point_nn_link,
    run_dir_of_job_log_root,
)
from cylc_flow.jobs.runners import get_runner
from cylc_flow.jobs.runners.base import SubmitResult
from cylc_flow.jobs.status_file import (
    CYLC_JOB_ID,
    CYLC_JOB_RUNNER_NAME,
    CYLC_JOB_RUNNER_SUBMIT_TIME,
    append_status,
    write_status,
)
from cylc_flow.jobs.timestamps import time_string

#: Header lines are at the top: never read further than this.
_HEADER_LINES_MAX = 200


@dataclass(slots=True)
class _Job:
    job_log_dir: str
    path: Path
    header: JobHeader = field(default_factory=JobHeader)
    result: SubmitResult | None = None


def submission_environment(
    clean: bool = False,
    pass_through: Sequence[str] = (),
    extra_paths: Sequence[str] = (),
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment submit commands (and background jobs) start with.

    The whole environment, or with ``clean`` just ``HOME`` plus the
    ``pass_through`` variables; ``extra_paths`` are appended to ``PATH``.
    """
    source = os.environ if base is None else base
    if clean:
        env = {'HOME': source.get('HOME', '')}
        for name in pass_through:
            env[name] = source.get(name, '')
    else:
        env = dict(source)
    if extra_paths:
        env['PATH'] = ':'.join([env.get('PATH', ''), *extra_paths])
    return env


def _read_job_header(path: Path) -> JobHeader:
    with open(path, encoding='utf-8', errors='replace') as handle:
        return read_header(islice(handle, _HEADER_LINES_MAX))


def _failed(job: _Job, reason: str) -> None:
    job.result = SubmitResult(str(job.path), 1, stderr=reason)


def _prepare(job: _Job) -> bool:
    """Read the header, point NN, start job.status; False if it failed."""
    try:
        job.header = _read_job_header(job.path)
    except OSError as exc:
        _failed(job, str(exc))
        return False
    if not job.header.job_runner_name:
        _failed(job, f'{job.path}: no "# Job runner:" line in the job script')
        return False
    try:
        point_nn_link(job.path.parent)
        write_status(
            job.path.parent / JOB_LOG_STATUS,
            [(CYLC_JOB_RUNNER_NAME, job.header.job_runner_name)],
        )
    except OSError as exc:
        _failed(job, str(exc))
        return False
    return True


def _submit_group(
    runner_name: str,
    template: str | None,
    jobs: list[_Job],
    env: Mapping[str, str],
    utc_mode: bool,
) -> None:
    try:
        runner = get_runner(runner_name)
    except JobRunnerError as exc:
        for job in jobs:
            _failed(job, str(exc))
        return
    paths = [str(job.path) for job in jobs]
    try:
        results = runner.submit(paths, env, template)
    except Exception as exc:  # a runner plugin's bug must not lose the batch
        for job in jobs:
            _failed(job, f'{runner_name}: {type(exc).__name__}: {exc}')
        return
    by_path = {result.job_file_path: result for result in results}
    for job in jobs:
        job.result = by_path.get(str(job.path)) or SubmitResult(
            str(job.path), 1, stderr=f'{runner_name}: no result for this job'
        )
        if job.result.job_id:
            try:
                append_status(
                    job.path.parent / JOB_LOG_STATUS,
                    [
                        (CYLC_JOB_ID, job.result.job_id),
                        (CYLC_JOB_RUNNER_SUBMIT_TIME, time_string(utc_mode)),
                    ],
                )
            except OSError as exc:
                job.result.stderr += f'{exc}\n'


def submit_jobs(
    job_log_root: str | Path,
    job_log_dirs: Sequence[str],
    *,
    utc_mode: bool = False,
    env: Mapping[str, str] | None = None,
    remote_stdin: IO[str] | None = None,
) -> list[str]:
    """Submit jobs; return the ``[TASK JOB ...]`` lines to print.

    Args:
        job_log_root: the workflow's ``log/job`` directory (``$VAR`` allowed).
        job_log_dirs: ``<cycle>/<task>/<NN>`` of each job.
        utc_mode: write times in UTC.
        env: the submission environment (default: this process's).
        remote_stdin: in remote mode, the job scripts to write first.
    """
    root = Path(os.path.expandvars(str(job_log_root)))
    if remote_stdin is not None:
        receive_job_files(remote_stdin, root)
    library_error = ''
    run_dir = run_dir_of_job_log_root(root)
    if run_dir is not None:
        try:
            install_job_library(run_dir)
        except OSError as exc:
            library_error = f'cannot install job.sh: {exc}'
    submit_env = dict(os.environ if env is None else env)

    jobs: list[_Job] = []
    groups: dict[tuple[str, str | None], list[_Job]] = {}
    for job_log_dir in dict.fromkeys(job_log_dirs):
        job = _Job(job_log_dir, root / job_log_dir / JOB_LOG_JOB)
        jobs.append(job)
        if not is_job_log_dir_name(job_log_dir):
            _failed(job, f'not a job log directory: {job_log_dir!r}')
        elif _prepare(job):
            key = (str(job.header.job_runner_name), job.header.command_template)
            groups.setdefault(key, []).append(job)
    for (runner_name, template), group in groups.items():
        _submit_group(runner_name, template, group, submit_env, utc_mode)

    now = time_string(utc_mode)
    lines: list[str] = []
    for job in jobs:
        result = job.result or SubmitResult(str(job.path), 1)
        lines.append(
            summary.submit_summary(
                now, job.job_log_dir, result.return_code, result.job_id
            )
        )
        stderr = result.stderr
        if library_error:
            stderr = f'{library_error}\n{stderr}'
        lines.extend(summary.command_lines(now, job.job_log_dir, 'STDERR', stderr))
        lines.extend(
            summary.command_lines(now, job.job_log_dir, 'STDOUT', result.stdout)
        )
    return lines
