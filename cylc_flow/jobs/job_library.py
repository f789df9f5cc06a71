"""The ``job.sh`` shell library and its copy in a run directory.

Job scripts source ``$CYLC_RUN_DIR/<workflow>/.service/etc/job.sh`` (as in
Cylc 8), so a run keeps the library it started with and remote job hosts
need no Cylc install path.  The scheduler, ``cylc remote-init`` and
``cylc jobs-submit`` install it with :func:`install_job_library`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

JOB_LIBRARY_NAME = 'job.sh'
SERVICE_ETC = Path('.service', 'etc')


def packaged_job_library() -> Path:
    """The ``job.sh`` shipped in this package."""
    return Path(__file__).with_name(JOB_LIBRARY_NAME)


@cache
def job_library_text() -> bytes:
    """The content of the packaged ``job.sh``."""
    return packaged_job_library().read_bytes()


def installed_job_library(run_dir: str | Path) -> Path:
    """Where a run directory keeps its ``job.sh``."""
    return Path(run_dir, SERVICE_ETC, JOB_LIBRARY_NAME)


def install_job_library(run_dir: str | Path) -> Path:
    """Copy ``job.sh`` into ``<run_dir>/.service/etc/`` unless it is current.

    The copy is written to a temporary name and renamed, so a job starting
    at the same moment never sources half a file.
    """
    target = installed_job_library(run_dir)
    text = job_library_text()
    try:
        if target.stat().st_size == len(text) and target.read_bytes() == text:
            return target
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f'{target.name}.{os.getpid()}.tmp')
    temporary.write_bytes(text)
    os.replace(temporary, target)
    return target
