"""Fixtures for scheduler log tests: a run directory and log readers."""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cylc_flow.scheduler_log import SchedulerLog, open_scheduler_log

_NAMES = itertools.count()


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """An empty workflow run directory."""
    directory = tmp_path / 'cylc-run' / 'flow' / 'run1'
    directory.mkdir(parents=True)
    return directory


@pytest.fixture
def open_log(run_dir: Path) -> Iterator[Callable[..., SchedulerLog]]:
    """Open scheduler logs on a private logger; close them all afterwards."""
    opened: list[SchedulerLog] = []

    def opener(**kwargs) -> SchedulerLog:
        kwargs.setdefault('is_restart', False)
        kwargs.setdefault('logger_name', f'test.scheduler_log.{next(_NAMES)}')
        log = open_scheduler_log(run_dir, **kwargs)
        opened.append(log)
        return log

    yield opener
    for log in opened:
        log.close()


def scheduler_files(run_dir: Path) -> list[str]:
    """The names in log/scheduler, sorted."""
    return sorted(os.listdir(run_dir / 'log' / 'scheduler'))


def link_target(run_dir: Path) -> str:
    """Where log/scheduler/log points."""
    return os.readlink(run_dir / 'log' / 'scheduler' / 'log')


def read_current(run_dir: Path) -> str:
    """The text of the current scheduler log."""
    return (run_dir / 'log' / 'scheduler' / 'log').read_text()


DEBUG = logging.DEBUG
