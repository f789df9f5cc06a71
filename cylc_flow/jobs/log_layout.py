"""Where job files live: ``<run_dir>/log/job/<cycle>/<task>/<NN>/``.

Each submission of a task gets a numbered directory (``01``, ``02``...)
holding ``job`` (the script), ``job.out``, ``job.err``, ``job.status`` and,
in debug mode, ``job.xtrace``; the ``NN`` link beside them points to the
latest.  ``<cycle>/<task>/<NN>`` is the "job log directory" that the job
commands take as arguments (also ``$CYLC_TASK_JOB`` in the job).
"""

from __future__ import annotations

import os
import re
import shutil
from contextlib import suppress
from pathlib import Path

JOB_LOG_JOB = 'job'
JOB_LOG_OUT = 'job.out'
JOB_LOG_ERR = 'job.err'
JOB_LOG_STATUS = 'job.status'
JOB_LOG_XTRACE = 'job.xtrace'
NN = 'NN'

_JOB_LOG_DIR = re.compile(r'[^/\s]+/[^/\s]+/\d+')
_DOTS = ('.', '..')


def submit_number_text(submit_number: int) -> str:
    """The submit number as a directory name: 1 -> ``01``."""
    return f'{submit_number:02d}'


def job_log_dir_name(cycle_point: str, task_name: str, submit_number: int) -> str:
    """``<cycle>/<task>/<NN>``, the job's ID below the workflow."""
    return f'{cycle_point}/{task_name}/{submit_number_text(submit_number)}'


def is_job_log_dir_name(text: str) -> bool:
    """Whether ``text`` is a safe ``<cycle>/<task>/<NN>`` (no ``..``)."""
    if not _JOB_LOG_DIR.fullmatch(text):
        return False
    return not any(part in _DOTS for part in text.split('/'))


def job_log_root(run_dir: str | Path) -> Path:
    """The ``log/job`` directory of a run directory."""
    return Path(run_dir, 'log', 'job')


def run_dir_of_job_log_root(root: str | Path) -> Path | None:
    """The run directory above a ``.../log/job`` directory, if it is one."""
    path = Path(root)
    if path.name == 'job' and path.parent.name == 'log':
        return path.parent.parent
    return None


def job_file_path(
    run_dir: str | Path, cycle_point: str, task_name: str, submit_number: int
) -> Path:
    """The path of a job script."""
    return (
        job_log_root(run_dir)
        / job_log_dir_name(cycle_point, task_name, submit_number)
        / JOB_LOG_JOB
    )


def point_nn_link(job_dir: Path) -> None:
    """Point the task's ``NN`` link at ``job_dir``; tidy up old job logs.

    On the first submit (``01``) any other numbered directories, left by a
    previous run, are removed.  Old ``job.out``/``job.err`` in ``job_dir``
    are removed too, so a resubmitted job never shows stale output.
    """
    task_dir = job_dir.parent
    source = job_dir.name
    nn_path = task_dir / NN
    try:
        old_source = os.readlink(nn_path)
    except OSError:
        old_source = None
    if old_source != source:
        with suppress(FileNotFoundError):
            nn_path.unlink()
        os.symlink(source, nn_path)
    if source == submit_number_text(1):
        for entry in os.scandir(task_dir):
            if entry.name != source and entry.name.isdigit():
                shutil.rmtree(entry.path, ignore_errors=True)
    for name in (JOB_LOG_OUT, JOB_LOG_ERR):
        with suppress(FileNotFoundError):
            (job_dir / name).unlink()
