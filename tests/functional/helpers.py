"""Helpers for the functional tests: wait for a condition, read a run's
database and its scheduler log."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar('T')


def wait_for(condition: Callable[[], T], timeout: float, what: str) -> T:
    """The first truthy value of ``condition`` (polled); fail after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f'timed out waiting for {what}')


def query(run_dir: Path, sql: str) -> list[tuple]:
    """Rows of a read-only query of the run's database (the private one,
    else the public one; none if there is neither)."""
    for name in ('.service/db', 'log/db'):
        path = run_dir / name
        if path.exists():
            connection = sqlite3.connect(f'file:{path}?mode=ro', uri=True)
            try:
                return connection.execute(sql).fetchall()
            finally:
                connection.close()
    return []


def scheduler_log(run_dir: Path) -> str:
    """The text of the run's scheduler log files, oldest first."""
    files = sorted((run_dir / 'log' / 'scheduler').glob('*.log'))
    return ''.join(path.read_text() for path in files)
