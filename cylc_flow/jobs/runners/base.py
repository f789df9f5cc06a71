"""The job runner interface.

A job runner is one small class: how to submit job scripts (in batches),
how to find the job ID in the submit command's output, how to ask which
jobs are still in the runner, how to kill jobs and how to write directives.
Most batch systems only need the class attributes (``submit_command``,
``job_id_pattern``, ``poll_command``, ``kill_command``, ``directive_prefix``);
the methods are there to override when a runner is less simple.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

#: Signals a job traps as failures unless its runner says otherwise.
DEFAULT_FAIL_SIGNALS = ('EXIT', 'ERR', 'TERM', 'XCPU')


class JobRunnerState(StrEnum):
    """What a runner says about a job ID it was asked about."""

    RUNNING = 'running'  # still in the runner (queued or running)
    EXITED = 'exited'  # no longer in the runner
    UNKNOWN = 'unknown'  # the runner could not be asked


@dataclass(slots=True)
class SubmitResult:
    """The outcome of submitting one job script."""

    job_file_path: str
    return_code: int
    job_id: str | None = None
    stdout: str = ''
    stderr: str = ''


@dataclass(slots=True)
class KillResult:
    """The outcome of killing one job."""

    return_code: int
    error: str = ''


@dataclass(slots=True)
class DirectiveContext:
    """What a runner may use to write a job's directives."""

    workflow_id: str
    cycle_point: str
    task_name: str
    job_file_path: str
    execution_time_limit: float | None = None
    directives: Mapping[str, str] = field(default_factory=dict)

    @property
    def job_name(self) -> str:
        """A name for the job in the runner: ``task.cycle.workflow``."""
        return f'{self.task_name}.{self.cycle_point}.{self.workflow_id}'


def job_submit_cwd(env: Mapping[str, str] | None) -> str:
    """Submit commands run in $HOME: directive paths are relative to it."""
    home = (env or os.environ).get('HOME') or os.path.expanduser('~')
    return home if os.path.isdir(home) else '/'


class JobRunner:
    """Base class of job runners; see the module docstring."""

    #: The name used in ``[platforms][X]job runner``.
    name: ClassVar[str] = ''
    #: Prefix of directive lines (``#SBATCH ``); None: no directives.
    directive_prefix: ClassVar[str | None] = None
    #: Signals the job script traps as failures.
    fail_signals: ClassVar[tuple[str, ...]] = DEFAULT_FAIL_SIGNALS
    #: Signal telling a job it will be requeued (preempted), if any.
    vacation_signal: ClassVar[str | None] = None
    #: True if the runner enforces the execution time limit itself (from
    #: directives); otherwise job.sh does, with a watchdog.
    enforces_time_limit: ClassVar[bool] = False
    #: Kill a started job by killing its process group (local runners).
    kill_process_group: ClassVar[bool] = False
    #: Poll also checks the job's PID (the runner may lose sight of it).
    poll_process_ids: ClassVar[bool] = False
    #: Submit command, ``%(job)s`` being the job script path.
    submit_command: ClassVar[str | None] = None
    #: Extra environment for the submit command.
    submit_environment: ClassVar[Mapping[str, str]] = {}
    #: Finds the job ID (group ``id``) in a line of submit output.
    job_id_pattern: ClassVar[re.Pattern[str] | None] = None
    #: The job ID is in the submit command's stderr, not stdout.
    job_id_in_stderr: ClassVar[bool] = False
    #: Poll command, given the job IDs as arguments.
    poll_command: ClassVar[str | None] = None
    #: Text in the poll command's stderr when the runner is unreachable.
    poll_cannot_connect: ClassVar[str | None] = None
    #: Kill command, ``%(job_id)s`` being the job ID.
    kill_command: ClassVar[str | None] = None
    #: Submit commands run at once, at most.
    max_concurrent_submits: ClassVar[int] = 8

    # ---- directives ---------------------------------------------------

    def format_directives(self, context: DirectiveContext) -> list[str]:
        """Directive lines for the job script header."""
        if not self.directive_prefix:
            return []
        lines = []
        for key, value in context.directives.items():
            if value:
                lines.append(f'{self.directive_prefix}{key}={value}')
            else:
                lines.append(f'{self.directive_prefix}{key}')
        return lines

    # ---- submit ---------------------------------------------------------

    def submit(
        self,
        job_file_paths: Sequence[str],
        env: Mapping[str, str] | None = None,
        command_template: str | None = None,
    ) -> list[SubmitResult]:
        """Submit job scripts; return one result per path, in order.

        ``command_template`` (``[platforms][X]job runner command
        template``) replaces ``submit_command`` and runs in a shell.
        """
        results: list[SubmitResult] = []
        step = max(1, self.max_concurrent_submits)
        for start in range(0, len(job_file_paths), step):
            batch = job_file_paths[start:start + step]
            results.extend(self._submit_batch(batch, env, command_template))
        return results

    def _submit_batch(
        self,
        job_file_paths: Sequence[str],
        env: Mapping[str, str] | None,
        command_template: str | None,
    ) -> list[SubmitResult]:
        """Start the submit commands of a few jobs at once; collect them."""
        run_env = dict(os.environ if env is None else env)
        run_env.update(self.submit_environment)
        cwd = job_submit_cwd(run_env)
        started = []
        for path in job_file_paths:
            stdin = self.submit_stdin(path)
            proc = self._start_submit(path, stdin, run_env, cwd, command_template)
            started.append((path, stdin, proc))
        results = []
        for path, stdin, proc in started:
            if isinstance(proc, SubmitResult):
                results.append(proc)
                continue
            out, err = proc.communicate(stdin)
            results.append(self._submit_result(path, proc.returncode, out, err))
        return results

    def _start_submit(
        self,
        path: str,
        stdin_text: str | None,
        env: Mapping[str, str],
        cwd: str,
        command_template: str | None,
    ) -> subprocess.Popen[str] | SubmitResult:
        template = command_template or self.submit_command
        if not template:
            return SubmitResult(path, 1, stderr=f'{self.name}: no submit command')
        try:
            command = template % {'job': path}
        except (KeyError, ValueError, TypeError) as exc:
            return SubmitResult(
                path, 1, stderr=f'bad submit command template {template!r}: {exc}'
            )
        stdin = subprocess.DEVNULL if stdin_text is None else subprocess.PIPE
        try:
            return subprocess.Popen(
                command if command_template else shlex.split(command),
                shell=bool(command_template),
                stdin=stdin,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                cwd=cwd,
            )
        except (OSError, ValueError) as exc:
            return SubmitResult(path, 1, stderr=str(exc))

    def _submit_result(
        self, path: str, return_code: int, stdout: str, stderr: str
    ) -> SubmitResult:
        job_id = self.parse_job_id(stdout, stderr)
        try:
            stdout, stderr = self.filter_submit_output(stdout, stderr)
        except OSError as exc:
            return SubmitResult(path, 1, None, stdout, str(exc))
        if return_code == 0 and job_id is None:
            stderr += f'{self.name}: no job ID in the submit command output\n'
            return_code = 1
        return SubmitResult(path, return_code, job_id, stdout, stderr)

    def submit_stdin(self, job_file_path: str) -> str | None:
        """Text to send to the submit command's stdin (None: nothing)."""
        return None

    def parse_job_id(self, stdout: str, stderr: str) -> str | None:
        """Find the job ID in the submit command's output."""
        if self.job_id_pattern is None:
            return None
        text = stderr if self.job_id_in_stderr else stdout
        for line in text.splitlines():
            match = self.job_id_pattern.match(line)
            if match:
                return match.group('id')
        return None

    def filter_submit_output(self, stdout: str, stderr: str) -> tuple[str, str]:
        """Tidy the submit command's output; raise OSError if it failed."""
        return stdout, stderr

    # ---- poll -----------------------------------------------------------

    def poll(self, job_ids: Sequence[str]) -> dict[str, JobRunnerState]:
        """Ask which of these jobs are still in the runner."""
        if not job_ids:
            return {}
        if not self.poll_command:
            return dict.fromkeys(job_ids, JobRunnerState.UNKNOWN)
        command = [*shlex.split(self.poll_command), *job_ids]
        try:
            proc = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                check=False,
            )
        except OSError:
            return dict.fromkeys(job_ids, JobRunnerState.UNKNOWN)
        if proc.returncode and self.poll_cannot_connect and (
            self.poll_cannot_connect in proc.stderr
        ):
            return dict.fromkeys(job_ids, JobRunnerState.UNKNOWN)
        present = self.parse_poll_output(proc.stdout, job_ids)
        return {
            job_id: (
                JobRunnerState.RUNNING if job_id in present
                else JobRunnerState.EXITED
            )
            for job_id in job_ids
        }

    def parse_poll_output(self, stdout: str, job_ids: Sequence[str]) -> set[str]:
        """The job IDs the poll output lists (first column of a table)."""
        wanted = set(job_ids)
        present = set()
        for line in stdout.splitlines():
            words = line.split(None, 1)
            if words and words[0] in wanted:
                present.add(words[0])
        return present

    # ---- kill -----------------------------------------------------------

    def kill(self, job_ids: Sequence[str]) -> dict[str, KillResult]:
        """Kill jobs by their runner IDs."""
        results = {}
        for job_id in job_ids:
            if not self.kill_command:
                results[job_id] = KillResult(1, f'{self.name}: cannot kill jobs')
                continue
            command = shlex.split(self.kill_command % {'job_id': job_id})
            try:
                proc = subprocess.run(
                    command,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    text=True,
                    check=False,
                )
            except OSError as exc:
                results[job_id] = KillResult(1, str(exc))
            else:
                results[job_id] = KillResult(proc.returncode, proc.stderr)
        return results
