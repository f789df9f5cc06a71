"""Job scripts sent to a remote job host on stdin, one after another.

The scheduler concatenates the job scripts of a batch and pipes them to
``cylc jobs-submit --remote-mode`` over SSH.  Each script names its job log
directory in its header (``# Job log directory: <cycle/task/NN>``) and ends
with ``#EOF: <cycle/task/NN>``, which is how the receiver splits them.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from cylc_flow.jobs.job_header import PREFIX_EOF, PREFIX_JOB_LOG_DIR
from cylc_flow.jobs.log_layout import JOB_LOG_JOB, is_job_log_dir_name


def concatenate_job_files(paths: Iterable[str | Path]) -> str:
    """The stdin for ``cylc jobs-submit --remote-mode``."""
    texts = []
    for path in paths:
        text = Path(path).read_text()
        if not text.endswith('\n'):
            text += '\n'
        texts.append(text)
    return ''.join(texts)


def _finish(handle: IO[str], target: Path) -> None:
    handle.close()
    temporary = Path(handle.name)
    mode = temporary.stat().st_mode
    temporary.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    os.replace(temporary, target)


def receive_job_files(stream: IO[str], job_log_root: str | Path) -> list[str]:
    """Write the job scripts read from ``stream``; return their job log dirs.

    A script is only put in place once its ``#EOF`` line has arrived, so a
    truncated upload never leaves half a job script.
    """
    root = Path(job_log_root)
    received: list[str] = []
    pending: list[str] = []  # lines before the "Job log directory" line
    handle: IO[str] | None = None
    skipping = False  # inside a script with an unusable job log directory
    job_log_dir = ''
    target = root
    try:
        for line in stream:
            if skipping:
                skipping = not line.startswith(PREFIX_EOF)
                continue
            if line.startswith(PREFIX_JOB_LOG_DIR):
                if handle is not None:
                    handle.close()
                    handle = None
                job_log_dir = line[len(PREFIX_JOB_LOG_DIR):].strip()
                if not is_job_log_dir_name(job_log_dir):
                    pending.clear()
                    skipping = True
                    continue
                target = root / job_log_dir / JOB_LOG_JOB
                target.parent.mkdir(parents=True, exist_ok=True)
                handle = open(  # noqa: SIM115 (closed in _finish or below)
                    target.with_name(f'{JOB_LOG_JOB}.tmp'), 'w'
                )
            if handle is None:
                pending.append(line)
                continue
            handle.writelines(pending)
            pending.clear()
            handle.write(line)
            if line.rstrip('\n') == f'{PREFIX_EOF}{job_log_dir}':
                _finish(handle, target)
                handle = None
                received.append(job_log_dir)
    finally:
        if handle is not None:
            handle.close()
    return received
