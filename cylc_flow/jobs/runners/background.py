"""Run job scripts as detached background processes on the job host.

The job ID is the process ID.  One shell starts a whole batch of jobs,
each in its own session (``setsid``, or a process group of its own where
``setsid`` is missing), with stdin from ``/dev/null`` and output to
``job.out`` and ``job.err``; the shell then exits, so jobs outlive the
command that submitted them.  An execution time limit is enforced by the
job itself (``job.sh``), which fails with ``failed/XCPU`` when it expires.
A job is killed by killing its process group.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Mapping, Sequence
from typing import ClassVar

from cylc_flow.jobs.runners.base import (
    JobRunner,
    JobRunnerState,
    KillResult,
    SubmitResult,
    job_submit_cwd,
)
from cylc_flow.jobs.runners.processes import alive_process_ids, kill_process_group

# Start each job script given as an argument; print one PID per job.
# Each runs as the login shell its first lines would re-execute it as
# ("bash -l JOB noreinvoke"), which saves starting bash twice per job.
_LAUNCHER = r'''
if command -v setsid >/dev/null 2>&1; then
    detach=setsid
else
    detach=
    set -m
fi
for job_file in "$@"; do
    ${detach} bash -l "${job_file}" noreinvoke \
        <'/dev/null' >"${job_file}.out" 2>"${job_file}.err" &
    echo "$!"
done
'''


def _access_error(job_file_path: str) -> str | None:
    """Why a job script cannot be run or log beside itself, if it cannot."""
    if not os.access(job_file_path, os.R_OK | os.X_OK):
        return str(OSError(errno.EACCES, os.strerror(errno.EACCES), job_file_path))
    directory = os.path.dirname(job_file_path) or '.'
    if not os.access(directory, os.W_OK):
        return str(OSError(errno.EACCES, os.strerror(errno.EACCES), directory))
    return None


class BackgroundRunner(JobRunner):
    """Detached background processes; job ID = PID."""

    name: ClassVar[str] = 'background'
    kill_process_group: ClassVar[bool] = True

    def submit(
        self,
        job_file_paths: Sequence[str],
        env: Mapping[str, str] | None = None,
        command_template: str | None = None,
    ) -> list[SubmitResult]:
        """Start all the jobs from one shell (the template is not used)."""
        results: dict[str, SubmitResult] = {}
        startable = []
        for path in job_file_paths:
            error = _access_error(path)
            if error:
                results[path] = SubmitResult(path, 1, stderr=error)
            else:
                startable.append(path)
        if startable:
            results.update(self._launch(startable, env))
        return [results[path] for path in job_file_paths]

    def _launch(
        self, job_file_paths: list[str], env: Mapping[str, str] | None
    ) -> dict[str, SubmitResult]:
        run_env = dict(os.environ if env is None else env)
        try:
            proc = subprocess.run(
                ['bash', '-c', _LAUNCHER, 'cylc-background', *job_file_paths],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                env=run_env,
                cwd=job_submit_cwd(run_env),
                check=False,
            )
        except OSError as exc:
            return {
                path: SubmitResult(path, 1, stderr=str(exc))
                for path in job_file_paths
            }
        pids = [line.strip() for line in proc.stdout.splitlines() if line.strip()]
        results = {}
        for index, path in enumerate(job_file_paths):
            if index < len(pids) and pids[index].isdigit():
                results[path] = SubmitResult(path, 0, pids[index], pids[index])
            else:
                results[path] = SubmitResult(
                    path, 1, stderr=proc.stderr or 'job not started'
                )
        return results

    def poll(self, job_ids: Sequence[str]) -> dict[str, JobRunnerState]:
        """A job is in the runner while its process is alive."""
        alive = alive_process_ids(job_ids)
        return {
            job_id: (
                JobRunnerState.RUNNING if job_id in alive else JobRunnerState.EXITED
            )
            for job_id in job_ids
        }

    def kill(self, job_ids: Sequence[str]) -> dict[str, KillResult]:
        """Kill each job's process group."""
        results = {}
        for job_id in job_ids:
            error = kill_process_group(job_id)
            results[job_id] = KillResult(1 if error else 0, error)
        return results
