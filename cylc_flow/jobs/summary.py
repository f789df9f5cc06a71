"""Lines printed by ``cylc jobs-submit``, ``jobs-poll`` and ``jobs-kill``.

The scheduler reads these from the command's stdout::

    [TASK JOB SUMMARY]<time>|<cycle/task/NN>|<ret code>|<job id>     submit
    [TASK JOB SUMMARY]<time>|<cycle/task/NN>|<ret code>              kill
    [TASK JOB SUMMARY]<time>|<cycle/task/NN>|{"job_runner_name": ...} poll
    [TASK JOB MESSAGE]<time>|<cycle/task/NN>|<time>|<severity>|<message>
    [TASK JOB COMMAND]<time>|<cycle/task/NN>|[STDOUT] <line>
    [TASK JOB ERROR]<time>|<cycle/task/NN>|<line>

A poll summary's JSON holds, in this order and only when known:
``job_runner_name``, ``job_id``, ``job_runner_exit_polled`` (0/1),
``run_status`` (0 succeeded, 1 failed), ``run_signal``,
``time_submit_exit``, ``time_run``, ``time_run_exit``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cylc_flow.jobs.status_file import JobStatus

PREFIX_SUMMARY = '[TASK JOB SUMMARY]'
PREFIX_MESSAGE = '[TASK JOB MESSAGE]'
PREFIX_COMMAND = '[TASK JOB COMMAND]'
PREFIX_ERROR = '[TASK JOB ERROR]'

POLL_SUMMARY_KEYS = (
    'job_runner_name',
    'job_id',
    'job_runner_exit_polled',
    'run_status',
    'run_signal',
    'time_submit_exit',
    'time_run',
    'time_run_exit',
)

_PREFIXES = (PREFIX_SUMMARY, PREFIX_MESSAGE, PREFIX_COMMAND, PREFIX_ERROR)


def submit_summary(
    now: str, job_log_dir: str, return_code: int, job_id: str | None
) -> str:
    """The line reporting one job submission."""
    return f'{PREFIX_SUMMARY}{now}|{job_log_dir}|{return_code}|{job_id or ""}'


def kill_summary(now: str, job_log_dir: str, return_code: int) -> str:
    """The line reporting one job kill."""
    return f'{PREFIX_SUMMARY}{now}|{job_log_dir}|{return_code}'


def poll_summary(now: str, job_log_dir: str, status: JobStatus) -> str:
    """The line reporting one job poll."""
    known = {}
    for key in POLL_SUMMARY_KEYS:
        value = getattr(status, key)
        if value is not None:
            known[key] = value
    return f'{PREFIX_SUMMARY}{now}|{job_log_dir}|{json.dumps(known)}'


def message_line(now: str, job_log_dir: str, message: str) -> str:
    """A ``CYLC_MESSAGE`` recovered from ``job.status`` by a poll."""
    return f'{PREFIX_MESSAGE}{now}|{job_log_dir}|{message}'


def command_lines(now: str, job_log_dir: str, stream: str, text: str) -> list[str]:
    """Output of a submit command, one line each (``stream``: STDOUT/STDERR)."""
    return [
        f'{PREFIX_COMMAND}{now}|{job_log_dir}|[{stream}] {line}'
        for line in text.strip().splitlines()
    ]


def error_lines(now: str, job_log_dir: str, text: str) -> list[str]:
    """Error output of a kill, one line each."""
    return [
        f'{PREFIX_ERROR}{now}|{job_log_dir}|{line}'
        for line in text.strip().splitlines()
    ]


@dataclass(slots=True)
class OutputLine:
    """One parsed line of job command output."""

    prefix: str  # one of the PREFIX_* constants
    time: str
    job_log_dir: str
    payload: str  # what follows the job log directory

    def poll_fields(self) -> dict[str, object] | None:
        """The JSON of a poll summary (None if this is not one)."""
        if self.prefix != PREFIX_SUMMARY or not self.payload.startswith('{'):
            return None
        try:
            fields = json.loads(self.payload)
        except ValueError:
            return None
        return fields if isinstance(fields, dict) else None

    def return_code_and_job_id(self) -> tuple[int, str | None] | None:
        """``(ret code, job id)`` of a submit or kill summary."""
        if self.prefix != PREFIX_SUMMARY or self.payload.startswith('{'):
            return None
        code_text, _, job_id = self.payload.partition('|')
        try:
            code = int(code_text)
        except ValueError:
            return None
        return code, (job_id or None)


def parse_output_line(line: str) -> OutputLine | None:
    """Parse a line printed by a job command (None for other lines)."""
    line = line.rstrip('\n')
    for prefix in _PREFIXES:
        if line.startswith(prefix):
            parts = line[len(prefix):].split('|', 2)
            if len(parts) < 2:
                return None
            payload = parts[2] if len(parts) == 3 else ''
            return OutputLine(prefix, parts[0], parts[1], payload)
    return None
