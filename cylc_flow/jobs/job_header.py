"""The comment header of a job script, read back by ``cylc jobs-submit``.

A job script starts::

    #!/bin/bash -l
    #
    # ++++ THIS IS A CYLC JOB SCRIPT ++++
    # Workflow: <workflow ID>
    # Task: <cycle>/<task>
    # Job log directory: <cycle>/<task>/<NN>
    # Job runner: <runner>
    # Job runner command template: <template>     (if set)
    # Execution time limit: <seconds>             (if set)

and ends with ``#EOF: <cycle>/<task>/<NN>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

BANNER = '# ++++ THIS IS A CYLC JOB SCRIPT ++++'
PREFIX_WORKFLOW = '# Workflow: '
PREFIX_TASK = '# Task: '
PREFIX_JOB_LOG_DIR = '# Job log directory: '
PREFIX_JOB_RUNNER_NAME = '# Job runner: '
PREFIX_JOB_RUNNER_COMMAND_TEMPLATE = '# Job runner command template: '
PREFIX_EXECUTION_TIME_LIMIT = '# Execution time limit: '
PREFIX_EOF = '#EOF: '


@dataclass(slots=True)
class JobHeader:
    """What ``cylc jobs-submit`` needs from a job script."""

    job_log_dir: str | None = None
    job_runner_name: str | None = None
    command_template: str | None = None
    execution_time_limit: float | None = None


def read_header(lines: Iterable[str]) -> JobHeader:
    """Read the header from the first lines of a job script.

    Stops at the first line that is not a comment or blank (the header and
    directives are all comments), so only the top of the file is read.
    """
    header = JobHeader()
    for raw_line in lines:
        line = raw_line.rstrip('\n')
        if line and not line.startswith('#'):
            break
        read_header_line(header, line)
    return header


def read_header_line(header: JobHeader, line: str) -> None:
    """Take one header line into ``header``; ignore other lines."""
    if line.startswith(PREFIX_JOB_RUNNER_NAME):
        header.job_runner_name = line[len(PREFIX_JOB_RUNNER_NAME):].strip()
    elif line.startswith(PREFIX_JOB_RUNNER_COMMAND_TEMPLATE):
        header.command_template = (
            line[len(PREFIX_JOB_RUNNER_COMMAND_TEMPLATE):].strip() or None
        )
    elif line.startswith(PREFIX_EXECUTION_TIME_LIMIT):
        text = line[len(PREFIX_EXECUTION_TIME_LIMIT):].strip()
        try:
            header.execution_time_limit = float(text)
        except ValueError:
            header.execution_time_limit = None
    elif line.startswith(PREFIX_JOB_LOG_DIR):
        header.job_log_dir = line[len(PREFIX_JOB_LOG_DIR):].strip()
