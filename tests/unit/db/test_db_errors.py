"""Bad, corrupt and locked files give one clear line, never a traceback."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from cylc_flow.db import (
    DatabaseError,
    DatabaseLockedError,
    WorkflowDatabase,
    open_public_db,
)
from cylc_flow.exceptions import CylcError


def assert_clear(error: BaseException, path: Path, *words: str) -> None:
    message = str(error)
    assert isinstance(error, CylcError)
    assert not isinstance(error, sqlite3.Error)
    assert str(path) in message
    assert '\n' not in message
    for word in words:
        assert word in message


def test_garbage_private_file_is_a_clear_error(run_dir: Path) -> None:
    path = run_dir / '.service' / 'db'
    path.write_bytes(b'this is not sqlite at all\n' * 100)
    with pytest.raises(DatabaseError) as info:
        WorkflowDatabase(path)
    assert_clear(info.value, path, 'not an sqlite database, or corrupt')


def test_corrupt_pages_are_a_clear_error_when_read(run_dir: Path) -> None:
    path = run_dir / '.service' / 'db'
    with WorkflowDatabase(path) as database:
        database.put_insert_many('task_events', [
            {'name': f't{number}', 'message': 'x' * 200}
            for number in range(2000)
        ])
        database.commit()
    data = bytearray(path.read_bytes())
    page = 4096
    # scribble over every page after the schema page
    for offset in range(page * 2, len(data), page):
        data[offset:offset + 64] = b'\xff' * 64
    path.write_bytes(bytes(data))
    database = None
    with pytest.raises(DatabaseError) as info:
        database = WorkflowDatabase(path)
        database.fetch_all('SELECT COUNT(*), MAX(message) FROM task_events')
    if database is not None:
        database.close()
    assert_clear(info.value, path, 'corrupt')


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / 'no' / 'such' / 'db'
    with pytest.raises(DatabaseError) as info:
        WorkflowDatabase(path)
    assert_clear(info.value, path, 'not found')


def test_directory_in_place_of_the_file_is_a_clear_error(
    run_dir: Path,
) -> None:
    path = run_dir / '.service' / 'db'
    path.mkdir()
    with pytest.raises(DatabaseError) as info:
        WorkflowDatabase(path)
    assert_clear(info.value, path, 'is a directory')


def test_file_locked_by_another_process_at_open(run_dir: Path) -> None:
    path = run_dir / '.service' / 'db'
    other = sqlite3.connect(path, isolation_level=None)
    other.execute('BEGIN EXCLUSIVE')
    other.execute('CREATE TABLE scratch(x)')
    try:
        with pytest.raises(DatabaseLockedError) as info:
            WorkflowDatabase(path, busy_timeout=0.1)
        assert_clear(info.value, path, 'locked by another process')
    finally:
        other.execute('ROLLBACK')
        other.close()


def test_file_locked_at_commit_keeps_the_queue_for_a_retry(
    database: WorkflowDatabase,
) -> None:
    database.retry_seconds = 0.1
    database.connection.execute('PRAGMA busy_timeout = 100')
    other = sqlite3.connect(database.path, isolation_level=None)
    other.execute('BEGIN IMMEDIATE')
    database.put_insert('workflow_params', {'key': 'a', 'value': '1'})
    try:
        with pytest.raises(DatabaseLockedError) as info:
            database.commit()
        assert_clear(info.value, database.path, 'locked')
        assert database.queued == 1
    finally:
        other.execute('ROLLBACK')
        other.close()
    assert database.commit() == 1
    assert database.select_workflow_params() == {'a': '1'}


def test_reading_a_missing_public_database_is_a_clear_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / 'log' / 'db'
    with pytest.raises(DatabaseError) as info:
        open_public_db(path)
    assert_clear(info.value, path, 'no such database file')
    assert not path.exists()  # read-only: never created


def test_reading_a_garbage_public_database_is_a_clear_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / 'db'
    path.write_bytes(b'\x00garbage' * 512)
    with pytest.raises(DatabaseError) as info:
        open_public_db(path)
    assert_clear(info.value, path, 'not an sqlite database')


def locked_rollback_database(path: Path) -> sqlite3.Connection:
    """A rollback-journal database with an exclusive lock held on it."""
    with WorkflowDatabase(path.parent / 'private') as database:
        database.public_path = path
        database.copy_to_public()
    holder = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False
    )
    holder.execute('BEGIN EXCLUSIVE')
    holder.execute("INSERT INTO workflow_params VALUES ('k', 'v')")
    return holder


def test_reader_gives_up_on_a_lock_after_retrying(tmp_path: Path) -> None:
    path = tmp_path / 'db'
    holder = locked_rollback_database(path)
    try:
        with pytest.raises(DatabaseLockedError) as info:
            open_public_db(path, retry_seconds=0.2)
        assert_clear(info.value, path, 'locked', 'gave up after 0.2s')
    finally:
        holder.execute('ROLLBACK')
        holder.close()


def test_reader_retries_until_a_brief_lock_is_released(
    tmp_path: Path,
) -> None:
    path = tmp_path / 'db'
    holder = locked_rollback_database(path)

    def release() -> None:
        holder.execute('COMMIT')
        holder.close()

    timer = threading.Timer(0.2, release)
    timer.start()
    try:
        with open_public_db(path, retry_seconds=5) as public:
            assert public.select_workflow_params() == {'k': 'v'}
    finally:
        timer.join()


def test_reader_cannot_write(database: WorkflowDatabase) -> None:
    database.copy_to_public()
    assert database.public_path is not None
    with open_public_db(database.public_path) as public:
        with pytest.raises(DatabaseError) as info:
            public.fetch_all("INSERT INTO workflow_params VALUES ('a', 'b')")
        assert_clear(info.value, database.public_path, 'read-only')
