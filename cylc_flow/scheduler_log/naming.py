"""Names of the numbered scheduler and config log files.

Cylc 8 names every scheduler log ``NN-<load type>-RR.log`` under
``log/scheduler/`` and every config log ``NN-<load type>-RR.cylc`` under
``log/config/``: ``NN`` counts the files ever written to that directory,
the load type is ``start``, ``restart`` (or ``reload`` for config logs) and
``RR`` is the start number (01 for the first start, 02 for the first
restart, ...).  ``log/scheduler/log`` is a symlink to the current file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

LOG_DIR = 'log'
SCHEDULER_DIR = 'scheduler'
CONFIG_DIR = 'config'
LINK_NAME = 'log'
LOG_EXTENSION = 'log'
CONFIG_EXTENSION = 'cylc'

START = 'start'
RESTART = 'restart'
RELOAD = 'reload'

_REC_NAME = re.compile(r'^(\d+)-(start|restart|reload)-(\d+)\.(log|cylc)$')


@dataclass(frozen=True, slots=True)
class LogFileName:
    """One parsed ``NN-<load type>-RR.<extension>`` file name."""

    number: int
    load_type: str
    start_number: int
    extension: str

    def __str__(self) -> str:
        return (
            f'{self.number:02d}-{self.load_type}-{self.start_number:02d}'
            f'.{self.extension}'
        )

    @classmethod
    def parse(cls, name: str) -> LogFileName | None:
        """Parse a file name; None if it is not a numbered log name."""
        match = _REC_NAME.match(name)
        if match is None:
            return None
        number, load_type, start_number, extension = match.groups()
        return cls(int(number), load_type, int(start_number), extension)


def scheduler_log_dir(run_dir: Path | str) -> Path:
    """``<run_dir>/log/scheduler``."""
    return Path(run_dir, LOG_DIR, SCHEDULER_DIR)


def config_log_dir(run_dir: Path | str) -> Path:
    """``<run_dir>/log/config``."""
    return Path(run_dir, LOG_DIR, CONFIG_DIR)


def numbered_logs(directory: Path, extension: str) -> list[tuple[LogFileName, Path]]:
    """The numbered log files in a directory, oldest (lowest NN) first."""
    try:
        names = os.listdir(directory)
    except OSError:  # missing or not a directory: nothing written there yet
        return []
    found = []
    for name in names:
        parsed = LogFileName.parse(name)
        if parsed is not None and parsed.extension == extension:
            found.append((parsed, directory / name))
    found.sort(key=lambda pair: (pair[0].number, pair[1].name))
    return found


def linked_log(directory: Path) -> LogFileName | None:
    """The file the ``log`` symlink in a directory points to, if any."""
    try:
        target = os.readlink(directory / LINK_NAME)
    except OSError:
        return None
    return LogFileName.parse(os.path.basename(target))


def next_log_number(directory: Path, extension: str) -> int:
    """The ``NN`` for the next file written to a log directory."""
    highest = 0
    logs = numbered_logs(directory, extension)
    if logs:
        highest = logs[-1][0].number
    linked = linked_log(directory)
    if linked is not None and linked.extension == extension:
        highest = max(highest, linked.number)
    return highest + 1


def highest_start_number(run_dir: Path | str) -> int:
    """The highest ``RR`` among the run's scheduler and config logs (0: none)."""
    highest = 0
    for directory, extension in (
        (scheduler_log_dir(run_dir), LOG_EXTENSION),
        (config_log_dir(run_dir), CONFIG_EXTENSION),
    ):
        for parsed, _path in numbered_logs(directory, extension):
            highest = max(highest, parsed.start_number)
    return highest


def new_start_number(run_dir: Path | str, *, is_restart: bool) -> int:
    """The ``RR`` of a new (re)start when the caller does not know it.

    A start is always 01; a restart is one more than the highest start
    number found in the run's logs (at least 02).  Cylc takes the restart
    count from the workflow database; pass it explicitly where known.
    """
    if not is_restart:
        return 1
    return max(highest_start_number(run_dir) + 1, 2)


def current_start_number(run_dir: Path | str) -> int | None:
    """The ``RR`` of the scheduler log currently linked as ``log``."""
    linked = linked_log(scheduler_log_dir(run_dir))
    return None if linked is None else linked.start_number
