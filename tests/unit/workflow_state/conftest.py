"""Fixtures: a private cylc-run tree and small public workflow databases."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pytest

from cylc_flow.db import WorkflowDatabase

INTEGER_PARAMS = {'icp': '1', 'UTC_mode': '1'}
DATETIME_PARAMS = {
    'icp': '20250101T0000Z',
    'cycle_point_format': 'CCYYMMDDThhmmZ',
    'cycle_point_tz': 'Z',
    'UTC_mode': '1',
}
STANDARD_OUTPUTS = {
    'submitted': 'submitted', 'started': 'started', 'succeeded': 'succeeded',
}


def state(name: str, cycle: str, status: str, flows: Iterable[int] = (1,),
          submit_num: int = 1) -> dict:
    """A task_states row."""
    return {
        'name': name, 'cycle': cycle, 'flow_nums': json.dumps(sorted(flows)),
        'time_created': '2025-01-01T00:00:00Z',
        'time_updated': '2025-01-01T00:00:00Z',
        'submit_num': submit_num, 'status': status, 'flow_wait': 0,
        'is_manual_submit': 0,
    }


def outputs(name: str, cycle: str, completed: dict | list,
            flows: Iterable[int] = (1,)) -> dict:
    """A task_outputs row ({trigger: message}, or a Cylc 8.0-8.2 list)."""
    return {
        'cycle': cycle, 'name': name, 'flow_nums': json.dumps(sorted(flows)),
        'outputs': json.dumps(completed),
    }


class RunTree:
    """Writes installed workflows with public databases under cylc-run."""

    state = staticmethod(state)
    outputs = staticmethod(outputs)

    def __init__(self, root: Path) -> None:
        self.root = root

    def run_dir(self, workflow: str, run_name: str | None = None) -> Path:
        """Create the run directory (``run_name``: numbered, with runN)."""
        base = self.root / workflow
        if run_name is None:
            (base / 'log').mkdir(parents=True, exist_ok=True)
            return base
        run_dir = base / run_name
        (run_dir / 'log').mkdir(parents=True, exist_ok=True)
        link = base / 'runN'
        if link.is_symlink():
            link.unlink()
        link.symlink_to(run_name)
        return run_dir

    def workflow(
        self,
        workflow: str,
        *,
        params: dict | None = None,
        states: Iterable[dict] = (),
        task_outputs: Iterable[dict] = (),
        run_name: str | None = None,
    ) -> Path:
        """Write a Cylc 8 public database; return its path."""
        run_dir = self.run_dir(workflow, run_name)
        (run_dir / '.service').mkdir(exist_ok=True)
        database = WorkflowDatabase(
            run_dir / '.service' / 'db', run_dir / 'log' / 'db'
        )
        try:
            database.put_replace_many('workflow_params', [
                {'key': key, 'value': value}
                for key, value in (params or INTEGER_PARAMS).items()
            ])
            database.put_replace_many('task_states', list(states))
            database.put_replace_many('task_outputs', list(task_outputs))
            database.commit()
            database.copy_to_public(force=True)
        finally:
            database.close()
        return run_dir / 'log' / 'db'

    def cylc7_workflow(
        self,
        workflow: str,
        *,
        params: dict,
        states: Iterable[tuple[str, str, str | None]] = (),
        task_outputs: Iterable[tuple[str, str, dict]] = (),
    ) -> Path:
        """Write a Cylc 7 ``log/db``: suite_params, no flow numbers."""
        run_dir = self.run_dir(workflow)
        path = run_dir / 'log' / 'db'
        connection = sqlite3.connect(path)
        try:
            connection.executescript(
                'CREATE TABLE suite_params(key TEXT, value TEXT,'
                ' PRIMARY KEY(key));'
                'CREATE TABLE task_states(name TEXT, cycle TEXT,'
                ' time_created TEXT, time_updated TEXT, submit_num INTEGER,'
                ' status TEXT, PRIMARY KEY(name, cycle));'
                'CREATE TABLE task_outputs(cycle TEXT, name TEXT,'
                ' outputs TEXT, PRIMARY KEY(cycle, name));'
            )
            connection.executemany(
                'INSERT INTO suite_params VALUES (?, ?)', list(params.items())
            )
            connection.executemany(
                'INSERT INTO task_states VALUES (?, ?, ?, ?, ?, ?)',
                [
                    (name, cycle, '2020-01-01T00:00Z', '2020-01-01T00:00Z', 1,
                     status)
                    for name, cycle, status in states
                ],
            )
            connection.executemany(
                'INSERT INTO task_outputs VALUES (?, ?, ?)',
                [
                    (cycle, name, json.dumps(completed))
                    for name, cycle, completed in task_outputs
                ],
            )
            connection.commit()
        finally:
            connection.close()
        return path


@pytest.fixture
def cylc_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``~/cylc-run`` in a private HOME."""
    home = tmp_path / 'home'
    root = home / 'cylc-run'
    root.mkdir(parents=True)
    monkeypatch.setenv('HOME', str(home))
    return root


@pytest.fixture
def runs(cylc_run: Path) -> RunTree:
    """Writes workflows into the private ``~/cylc-run``."""
    return RunTree(cylc_run)
