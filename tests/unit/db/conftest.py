"""Fixtures for the workflow database tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cylc_flow.db import WorkflowDatabase


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """A run directory with ``.service/`` and ``log/``."""
    (tmp_path / '.service').mkdir()
    (tmp_path / 'log').mkdir()
    return tmp_path


@pytest.fixture
def database(run_dir: Path) -> Iterator[WorkflowDatabase]:
    """A fresh private database with a public path; closed afterwards."""
    database = WorkflowDatabase(
        run_dir / '.service' / 'db', run_dir / 'log' / 'db'
    )
    yield database
    if database.is_open:
        database.close()
