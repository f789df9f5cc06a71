"""The database file has exactly Cylc 8's tables, columns and settings."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from cylc_flow.db import (
    SCHEMA_VERSION,
    DatabaseError,
    WorkflowDatabase,
    open_public_db,
)

T, INT, REAL = 'TEXT', 'INTEGER', 'REAL'

# Cylc 8.5's tables (cylc/flow/rundb.py): column, declared type, primary key.
EXPECTED: dict[str, list[tuple[str, str, bool]]] = {
    'absolute_outputs': [('cycle', T, 0), ('name', T, 0), ('output', T, 0)],
    'broadcast_events': [
        ('time', T, 0), ('change', T, 0), ('point', T, 0),
        ('namespace', T, 0), ('key', T, 0), ('value', T, 0),
    ],
    'broadcast_states': [
        ('point', T, 1), ('namespace', T, 1), ('key', T, 1), ('value', T, 0),
    ],
    'inheritance': [('namespace', T, 1), ('inheritance', T, 0)],
    'task_action_timers': [
        ('cycle', T, 1), ('name', T, 1), ('ctx_key', T, 1), ('ctx', T, 0),
        ('delays', T, 0), ('num', INT, 0), ('delay', T, 0),
        ('timeout', T, 0),
    ],
    'task_events': [
        ('name', T, 0), ('cycle', T, 0), ('time', T, 0),
        ('submit_num', INT, 0), ('event', T, 0), ('message', T, 0),
    ],
    'task_jobs': [
        ('cycle', T, 1), ('name', T, 1), ('submit_num', INT, 1),
        ('flow_nums', T, 0), ('is_manual_submit', INT, 0),
        ('try_num', INT, 0), ('time_submit', T, 0),
        ('time_submit_exit', T, 0), ('submit_status', INT, 0),
        ('time_run', T, 0), ('time_run_exit', T, 0), ('run_signal', T, 0),
        ('run_status', INT, 0), ('platform_name', T, 0),
        ('job_runner_name', T, 0), ('job_id', T, 0),
    ],
    'task_late_flags': [('cycle', T, 1), ('name', T, 1), ('value', INT, 0)],
    'task_outputs': [
        ('cycle', T, 1), ('name', T, 1), ('flow_nums', T, 1),
        ('outputs', T, 0),
    ],
    'task_pool': [
        ('cycle', T, 1), ('name', T, 1), ('flow_nums', T, 1),
        ('status', T, 0), ('is_held', INT, 0),
    ],
    'task_prerequisites': [
        ('cycle', T, 1), ('name', T, 1), ('flow_nums', T, 1),
        ('prereq_name', T, 1), ('prereq_cycle', T, 1),
        ('prereq_output', T, 1), ('satisfied', T, 0),
    ],
    'task_states': [
        ('name', T, 1), ('cycle', T, 1), ('flow_nums', T, 1),
        ('time_created', T, 0), ('time_updated', T, 0),
        ('submit_num', INT, 0), ('status', T, 0), ('flow_wait', INT, 0),
        ('is_manual_submit', INT, 0),
    ],
    'task_timeout_timers': [
        ('cycle', T, 1), ('name', T, 1), ('timeout', REAL, 0),
    ],
    'tasks_to_hold': [('name', T, 0), ('cycle', T, 0)],
    'workflow_flows': [
        ('flow_num', INT, 1), ('start_time', T, 0), ('description', T, 0),
    ],
    'workflow_params': [('key', T, 1), ('value', T, 0)],
    'workflow_template_vars': [('key', T, 1), ('value', T, 0)],
    'xtriggers': [('signature', T, 1), ('results', T, 0)],
}


def read_schema(path: Path) -> dict[str, list[tuple[str, str, bool]]]:
    """Table -> [(column, type, is primary key)] as sqlite reports them."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type == 'table'"
            )
        ]
        return {
            table: [
                (row[1], row[2], bool(row[5]))
                for row in connection.execute(f'PRAGMA table_info({table})')
            ]
            for table in tables
        }
    finally:
        connection.close()


def test_new_database_has_exactly_the_cylc_8_tables_and_columns(
    database: WorkflowDatabase,
) -> None:
    expected = {
        table: [(name, kind, bool(key)) for name, kind, key in columns]
        for table, columns in EXPECTED.items()
    }
    assert read_schema(database.path) == expected


def test_primary_keys_are_in_cylc_order(database: WorkflowDatabase) -> None:
    connection = sqlite3.connect(database.path)
    (sql,) = connection.execute(
        "SELECT sql FROM sqlite_master WHERE name == 'task_prerequisites'"
    ).fetchone()
    connection.close()
    assert sql == (
        'CREATE TABLE task_prerequisites(cycle TEXT, name TEXT,'
        ' flow_nums TEXT, prereq_name TEXT, prereq_cycle TEXT,'
        ' prereq_output TEXT, satisfied TEXT, PRIMARY KEY(cycle, name,'
        ' flow_nums, prereq_name, prereq_cycle, prereq_output))'
    )


def test_create_statements_match_cylc_wording(
    database: WorkflowDatabase,
) -> None:
    connection = sqlite3.connect(database.path)
    rows = dict(connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type == 'table'"
    ))
    connection.close()
    assert rows['task_states'] == (
        'CREATE TABLE task_states(name TEXT, cycle TEXT, flow_nums TEXT,'
        ' time_created TEXT, time_updated TEXT, submit_num INTEGER,'
        ' status TEXT, flow_wait INTEGER, is_manual_submit INTEGER,'
        ' PRIMARY KEY(name, cycle, flow_nums))'
    )
    assert rows['tasks_to_hold'] == (
        'CREATE TABLE tasks_to_hold(name TEXT, cycle TEXT)'
    )


def test_private_database_uses_wal_and_normal_sync(
    database: WorkflowDatabase,
) -> None:
    assert database.journal_mode == 'wal'
    assert database.fetch_all('PRAGMA journal_mode') == [('wal',)]
    # NORMAL == 1
    assert database.fetch_all('PRAGMA synchronous') == [(1,)]
    other = sqlite3.connect(database.path)
    assert other.execute('PRAGMA journal_mode').fetchone() == ('wal',)
    other.close()


def test_schema_version_is_recorded_in_user_version(
    database: WorkflowDatabase,
) -> None:
    assert database.fetch_all('PRAGMA user_version') == [(SCHEMA_VERSION,)]


def test_private_database_file_is_private(database: WorkflowDatabase) -> None:
    assert os.stat(database.path).st_mode & 0o777 == 0o600


def test_reopening_keeps_the_data(run_dir: Path) -> None:
    path = run_dir / '.service' / 'db'
    with WorkflowDatabase(path) as first:
        first.put_insert('workflow_params', {'key': 'n_restart', 'value': 3})
        first.commit()
    with WorkflowDatabase(path) as second:
        assert second.select_workflow_restart_count() == 3
        assert read_schema(path) == read_schema(path)  # unchanged shape


def test_database_from_older_cylc_8_gains_missing_columns(
    run_dir: Path,
) -> None:
    path = run_dir / '.service' / 'db'
    old = sqlite3.connect(path)
    # Cylc 8.0.0: no task_states.is_manual_submit, no task_jobs.flow_nums
    old.execute(
        'CREATE TABLE task_states(name TEXT, cycle TEXT, flow_nums TEXT,'
        ' time_created TEXT, time_updated TEXT, submit_num INTEGER,'
        ' status TEXT, flow_wait INTEGER,'
        ' PRIMARY KEY(name, cycle, flow_nums))'
    )
    old.execute(
        "INSERT INTO task_states VALUES ('foo', '1', '[1]', 't0', 't1', 1,"
        " 'succeeded', 0)"
    )
    old.execute(
        'CREATE TABLE task_jobs(cycle TEXT, name TEXT, submit_num INTEGER,'
        ' is_manual_submit INTEGER, try_num INTEGER, time_submit TEXT,'
        ' time_submit_exit TEXT, submit_status INTEGER, time_run TEXT,'
        ' time_run_exit TEXT, run_signal TEXT, run_status INTEGER,'
        ' platform_name TEXT, job_runner_name TEXT, job_id TEXT,'
        ' PRIMARY KEY(cycle, name, submit_num))'
    )
    old.commit()
    old.close()
    with WorkflowDatabase(path) as database:
        (record,) = database.select_task_states_by_name_point('foo', '1')
        assert record.is_manual_submit is False
        assert record.status == 'succeeded'
        # writes name their columns, so the appended column is filled
        database.put_insert('task_jobs', {
            'cycle': '1', 'name': 'foo', 'submit_num': 2,
            'flow_nums': '[1]', 'job_id': '99',
        })
        database.commit()
        job = database.select_task_job('1', 'foo')
        assert job is not None
        assert job.flow_nums == frozenset({1})
        assert job.job_id == '99'
    columns = {name for name, _, _ in read_schema(path)['task_jobs']}
    assert 'flow_nums' in columns


def test_database_written_by_a_newer_version_is_refused(
    run_dir: Path,
) -> None:
    path = run_dir / '.service' / 'db'
    connection = sqlite3.connect(path)
    connection.execute(f'PRAGMA user_version = {SCHEMA_VERSION + 1}')
    connection.commit()
    connection.close()
    with pytest.raises(DatabaseError, match='newer version'):
        WorkflowDatabase(path)


def test_public_copy_has_the_same_schema(database: WorkflowDatabase) -> None:
    database.copy_to_public()
    assert database.public_path is not None
    assert read_schema(database.public_path) == read_schema(database.path)
    with open_public_db(database.public_path) as public:
        assert public.table_names() == set(EXPECTED)
        # readers need no -wal/-shm files: the copy uses a rollback journal
        assert public.fetch_all('PRAGMA journal_mode') == [('delete',)]
