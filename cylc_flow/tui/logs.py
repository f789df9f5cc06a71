"""Reading job and scheduler logs for the log viewer (local run dirs)."""

from __future__ import annotations

import os
from pathlib import Path

from cylc_flow.exceptions import InputError
from cylc_flow.install.layout import LOG_DIR
from cylc_flow.install.log_files import NN, SCHEDULER_LOG, job_log_path
from cylc_flow.workflow_paths import run_dir_of

#: how much of the end of a log to show
TAIL_BYTES = 64 * 1024


def log_path(workflow: str, target: str, file_name: str) -> Path:
    """Path of a log: the scheduler log, or a job file of a task or job.

    ``target`` is empty (the scheduler log), ``cycle/task`` (its latest
    job, the ``NN`` link) or ``cycle/task/NN``.
    """
    run_dir = run_dir_of(workflow)
    if not target:
        return run_dir / LOG_DIR / SCHEDULER_LOG
    parts = target.split('/')
    if len(parts) == 2:
        parts.append(NN)
    if len(parts) != 3:
        raise ValueError(f'not a task or job ID: {target}')
    try:
        return job_log_path(run_dir, *parts, file_name)
    except InputError as exc:
        raise ValueError(f'not a task or job ID: {target} ({exc})') from None


def read_tail(path: Path, limit: int = TAIL_BYTES) -> str:
    """The end of a text file, or a one-line reason it cannot be read."""
    try:
        with open(path, 'rb') as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - limit))
            data = handle.read()
    except FileNotFoundError:
        return f'(no such file: {path})'
    except OSError as exc:
        return f'(cannot read {path}: {exc.strerror})'
    text = data.decode('utf-8', errors='replace')
    if size > limit:
        text = '...\n' + text.split('\n', 1)[-1]
    return text or '(empty file)'
