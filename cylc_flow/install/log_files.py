"""Where ``cylc cat-log`` finds scheduler, install, config and job logs."""

from __future__ import annotations

import glob
import os
from pathlib import Path

from cylc_flow.exceptions import InputError
from cylc_flow.install.layout import LOG_DIR

#: ``-f`` letters for workflow logs: (description, glob below ``log/``).
WORKFLOW_LOG_OPTS: dict[str, tuple[str, str]] = {
    'c': ('workflow configuration file (raw)', 'config/*-start-*.cylc'),
    'p': ('workflow configuration file (processed)', 'config/flow-processed.cylc'),
    'i': ('install log', 'install/*-*install.log'),
    's': ('scheduler log', 'scheduler/*-*start*.log'),
}
#: The plain scheduler log (or link to the current one).
SCHEDULER_LOG = 'scheduler/log'

#: ``-f`` letters for job logs.
JOB_LOG_OPTS: dict[str, str] = {
    'j': 'job',
    'o': 'job.out',
    'e': 'job.err',
    'a': 'job-activity.log',
    's': 'job.status',
    'x': 'job.xtrace',
}
JOB_LOG_OUT = 'job.out'
NN = 'NN'


def check_relative_path(path: str) -> None:
    """Refuse an absolute path or one that leaves its directory."""
    joined = os.path.join('x', path).rstrip(os.sep)
    if os.path.isabs(path) or os.path.normpath(joined) != joined:
        raise InputError(
            f'File paths must be relative to the job log directory: {path}'
        )


def workflow_log_path(run_dir: Path, file_name: str | None, rotation: int) -> Path:
    """The workflow log to show: by letter (newest first, ``rotation`` back)
    or by path below ``log/``.

    Raises:
        InputError: no such log, or ``rotation`` is too large.
    """
    log_dir = run_dir / LOG_DIR
    file_name = file_name or 's'
    if file_name not in WORKFLOW_LOG_OPTS:
        return log_dir / file_name
    pattern = WORKFLOW_LOG_OPTS[file_name][1]
    logs = sorted(glob.glob(str(log_dir / pattern)), reverse=True)
    if not logs and file_name == 's' and (log_dir / SCHEDULER_LOG).exists():
        logs = [str(log_dir / SCHEDULER_LOG)]
    if not logs:
        raise InputError('Log file not found.')
    if rotation < 0 or rotation >= len(logs):
        raise InputError(f'max rotation {len(logs) - 1}')
    return Path(logs[rotation])


def list_workflow_logs(run_dir: Path) -> list[str]:
    """The workflow log files (not aliases such as ``scheduler/log``)."""
    log_dir = run_dir / LOG_DIR
    directories = {
        (log_dir / pattern).parent
        for _description, pattern in WORKFLOW_LOG_OPTS.values()
    }
    found: list[str] = []
    for directory in directories:
        if not directory.is_dir():
            continue
        for entry in os.scandir(directory):
            if not entry.is_symlink():
                found.append(str(Path(entry.path).relative_to(log_dir)))
    return sorted(found)


def submit_number_text(text: str | None) -> str:
    """``3`` -> ``03``; None or ``NN`` -> ``NN`` (the latest job)."""
    if text is None or text == NN:
        return NN
    try:
        number = int(text)
    except ValueError:
        raise InputError(f'Illegal submit number: {text}') from None
    if number < 0:
        raise InputError(f'Illegal submit number: {text}')
    return f'{number:02d}'


def job_log_path(
    run_dir: Path, cycle: str, task: str, submit_number: str, file_name: str | None
) -> Path:
    """``<run_dir>/log/job/<cycle>/<task>/<NN>/<file>`` (``-f`` letters allowed)."""
    for part in (cycle, task, submit_number):
        if not part or part in ('.', '..') or '/' in part:
            raise InputError(f'invalid job ID part: {part!r}')
    name = JOB_LOG_OPTS.get(file_name or 'o', file_name or JOB_LOG_OUT)
    return run_dir / LOG_DIR / 'job' / cycle / task / submit_number / name
