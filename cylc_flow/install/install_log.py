"""The install and reinstall logs: ``log/install/NN-install.log``.

Each (re)installation writes a new numbered file (``01-install.log``,
``02-reinstall.log``...) with lines like the scheduler log's::

    2025-01-01T12:00:00Z INFO - INSTALLED dogs/fido/run1 from /src/fido
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from cylc_flow.install.layout import INSTALL_LOG_DIR

_NUMBERED_LOG = re.compile(r'^(\d+)-.*\.log$')


def log_time() -> str:
    """The current time as the Cylc log prints it."""
    now = datetime.now(UTC).astimezone()
    if now.utcoffset() == timedelta(0):
        return now.strftime('%Y-%m-%dT%H:%M:%SZ')
    return now.isoformat(timespec='seconds')


def next_log_number(log_dir: Path) -> int:
    """One more than the highest ``NN-*.log`` number in ``log_dir``."""
    highest = 0
    try:
        names = os.listdir(log_dir)
    except OSError:
        return 1
    for name in names:
        match = _NUMBERED_LOG.match(name)
        if match:
            highest = max(highest, int(match.group(1)))
    return highest + 1


class InstallLog:
    """An open install (or reinstall) log; use as a context manager."""

    __slots__ = ('_handle', 'path')

    def __init__(self, run_dir: Path, kind: str = 'install') -> None:
        log_dir = run_dir / INSTALL_LOG_DIR
        log_dir.mkdir(parents=True, exist_ok=True)
        self.path = log_dir / f'{next_log_number(log_dir):02d}-{kind}.log'
        self._handle: TextIO | None = open(self.path, 'a', encoding='utf-8')  # noqa: SIM115

    def write(self, message: str, level: str = 'INFO') -> None:
        """Append one (possibly multi-line) message."""
        if self._handle is not None:
            self._handle.write(f'{log_time()} {level} - {message}\n')

    def info(self, message: str) -> None:
        self.write(message, 'INFO')

    def warning(self, message: str) -> None:
        self.write(message, 'WARNING')

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> InstallLog:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
