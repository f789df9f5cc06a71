"""The ``job.status`` file: ``KEY=VALUE`` lines recording a job's progress.

Written by ``cylc jobs-submit`` (runner name, job ID, submit time), by the
job itself through ``job.sh`` (PID, start, exit), by ``cylc message``
(``CYLC_MESSAGE=<time>|<severity>|<message>`` lines) and by polling and
killing.  Read back by ``cylc jobs-poll`` to recover state when messages
were lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

CYLC_JOB_RUNNER_NAME = 'CYLC_JOB_RUNNER_NAME'
CYLC_JOB_ID = 'CYLC_JOB_ID'
CYLC_JOB_RUNNER_SUBMIT_TIME = 'CYLC_JOB_RUNNER_SUBMIT_TIME'
CYLC_JOB_RUNNER_EXIT_POLLED = 'CYLC_JOB_RUNNER_EXIT_POLLED'
CYLC_JOB_PID = 'CYLC_JOB_PID'
CYLC_JOB_INIT_TIME = 'CYLC_JOB_INIT_TIME'
CYLC_JOB_EXIT = 'CYLC_JOB_EXIT'
CYLC_JOB_EXIT_TIME = 'CYLC_JOB_EXIT_TIME'
CYLC_MESSAGE = 'CYLC_MESSAGE'

#: ``CYLC_JOB_EXIT`` value of a job that succeeded.
EXIT_SUCCEEDED = 'SUCCEEDED'
#: Exit values the job writes itself, so they need no runner confirmation.
TRUSTED_FAILURES = ('ERR', 'EXIT')
#: ``run_signal`` reported when the job's log directory has gone.
JOB_FILES_REMOVED = 'ERR_JOB_FILES_REMOVED'
#: ``CYLC_JOB_EXIT`` recorded by ``cylc jobs-kill`` for a running job.
EXIT_KILLED = 'KILL'


@dataclass(slots=True)
class JobStatus:
    """What a ``job.status`` file says (later lines win)."""

    job_runner_name: str | None = None
    job_id: str | None = None
    job_runner_exit_polled: int | None = None
    pid: str | None = None
    run_status: int | None = None  # 0 succeeded, 1 failed
    run_signal: str | None = None  # why it failed: ERR, EXIT, XCPU...
    time_submit_exit: str | None = None
    time_run: str | None = None
    time_run_exit: str | None = None
    messages: list[str] = field(default_factory=list)

    def read_line(self, line: str) -> None:
        """Take in one ``KEY=VALUE`` line; ignore anything else."""
        key, sep, value = line.rstrip('\n').partition('=')
        if not sep:
            return
        if key == CYLC_JOB_RUNNER_NAME:
            self.job_runner_name = value
        elif key == CYLC_JOB_ID:
            self.job_id = value
        elif key == CYLC_JOB_RUNNER_EXIT_POLLED:
            self.job_runner_exit_polled = 1
        elif key == CYLC_JOB_PID:
            self.pid = value
        elif key == CYLC_JOB_RUNNER_SUBMIT_TIME:
            self.time_submit_exit = value
        elif key == CYLC_JOB_INIT_TIME:
            self.time_run = value
        elif key == CYLC_JOB_EXIT_TIME:
            self.time_run_exit = value
        elif key == CYLC_JOB_EXIT:
            if value == EXIT_SUCCEEDED:
                self.run_status = 0
                self.run_signal = None
            else:
                self.run_status = 1
                self.run_signal = value
        elif key == CYLC_MESSAGE:
            self.messages.append(value)

    @property
    def has_exited(self) -> bool:
        """Whether the job recorded its exit."""
        return self.run_status is not None


def parse_status_text(text: str) -> JobStatus:
    """Parse the text of a ``job.status`` file."""
    status = JobStatus()
    for line in text.splitlines():
        status.read_line(line)
    return status


def read_status_file(path: str | Path) -> JobStatus:
    """Read a ``job.status`` file (``OSError`` if it cannot be read)."""
    with open(path, encoding='utf-8', errors='replace') as handle:
        return parse_status_text(handle.read())


def status_line(key: str, value: object) -> str:
    """One ``KEY=VALUE`` line (newlines in the value become spaces)."""
    text = str(value).replace('\n', ' ')
    return f'{key}={text}\n'


def message_status_line(event_time: str, severity: str, message: str) -> str:
    """The ``CYLC_MESSAGE`` line ``cylc message`` appends for a message."""
    return status_line(CYLC_MESSAGE, f'{event_time}|{severity}|{message}')


def write_status(path: str | Path, items: Iterable[tuple[str, object]]) -> None:
    """Start a new ``job.status`` file with these items."""
    with open(path, 'w', encoding='utf-8') as handle:
        handle.writelines(status_line(key, value) for key, value in items)


def append_status(path: str | Path, items: Iterable[tuple[str, object]]) -> None:
    """Append items to a ``job.status`` file."""
    with open(path, 'a', encoding='utf-8') as handle:
        handle.writelines(status_line(key, value) for key, value in items)
