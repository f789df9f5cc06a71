"""The public copy (log/db): consistent snapshots, refreshed only on change."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from cylc_flow.db import DatabaseError, WorkflowDatabase, open_public_db


def public_path(database: WorkflowDatabase) -> Path:
    assert database.public_path is not None
    return database.public_path


def test_first_copy_creates_the_public_database(
    database: WorkflowDatabase,
) -> None:
    database.put_insert('workflow_params', {'key': 'a', 'value': '1'})
    database.commit()
    assert not public_path(database).exists()
    assert database.copy_to_public() is True
    with open_public_db(public_path(database)) as public:
        assert public.select_workflow_params() == {'a': '1'}
    # only the copy is left in log/: no temporary, journal or WAL files
    assert os.listdir(public_path(database).parent) == ['db']


def test_copy_is_skipped_when_nothing_was_committed(
    database: WorkflowDatabase,
) -> None:
    database.copy_to_public()
    inode = os.stat(public_path(database)).st_ino
    assert database.copy_to_public() is False
    database.put_insert('workflow_params', {'key': 'a'})
    assert database.copy_to_public() is False  # queued, not committed
    assert os.stat(public_path(database)).st_ino == inode
    database.commit()
    assert database.copy_to_public() is True
    assert os.stat(public_path(database)).st_ino != inode
    assert database.copy_to_public(force=True) is True


def test_copy_is_rewritten_if_the_public_file_was_removed(
    database: WorkflowDatabase,
) -> None:
    database.copy_to_public()
    public_path(database).unlink()
    assert database.copy_to_public() is True
    assert public_path(database).exists()


def test_no_public_path_means_no_copy(run_dir: Path) -> None:
    with WorkflowDatabase(run_dir / '.service' / 'db') as database:
        assert database.copy_to_public() is False


def test_public_copy_is_readable_by_others_and_keeps_its_mode(
    database: WorkflowDatabase,
) -> None:
    database.copy_to_public()
    assert os.stat(public_path(database)).st_mode & 0o777 == 0o644
    os.chmod(public_path(database), 0o640)
    database.copy_to_public(force=True)
    assert os.stat(public_path(database)).st_mode & 0o777 == 0o640


def test_reader_keeps_its_snapshot_while_a_new_copy_is_published(
    database: WorkflowDatabase,
) -> None:
    database.put_insert('workflow_params', {'key': 'gen', 'value': '1'})
    database.commit()
    database.copy_to_public()
    old_reader = open_public_db(public_path(database))
    database.put_replace('workflow_params', {'key': 'gen', 'value': '2'})
    database.commit()
    database.copy_to_public()
    assert old_reader.select_workflow_params() == {'gen': '1'}
    with open_public_db(public_path(database)) as new_reader:
        assert new_reader.select_workflow_params() == {'gen': '2'}
    old_reader.close()


def test_public_copy_is_consistent_while_the_private_one_is_written(
    database: WorkflowDatabase,
) -> None:
    """Each commit adds 50 task rows and records the total; a reader of the
    public copy must always see a total equal to its row count."""
    stop = threading.Event()
    failures: list[BaseException] = []

    def write() -> None:
        try:
            total = 0
            for batch in range(40):
                for number in range(50):
                    database.put_insert('task_states', {
                        'name': f't{number}', 'cycle': str(batch),
                        'flow_nums': '[1]', 'status': 'waiting',
                    })
                total += 50
                database.put_replace('workflow_params', {
                    'key': 'total', 'value': total,
                })
                database.commit()
                database.copy_to_public()
        except BaseException as exc:
            failures.append(exc)
        finally:
            stop.set()

    database.copy_to_public()
    writer = threading.Thread(target=write)
    writer.start()
    checks = 0
    try:
        while not stop.is_set() or checks == 0:
            with open_public_db(public_path(database)) as public:
                rows = public.fetch_all('SELECT COUNT(*) FROM task_states')
                total = public.select_workflow_params().get('total') or '0'
                assert rows[0][0] == int(total)
            checks += 1
    finally:
        writer.join()
    assert not failures
    with open_public_db(public_path(database)) as public:
        assert public.select_workflow_params()['total'] == '2000'


def test_public_copy_into_a_missing_directory_is_a_clear_error(
    run_dir: Path,
) -> None:
    target = run_dir / 'nowhere' / 'db'
    with WorkflowDatabase(run_dir / '.service' / 'db', target) as database:
        with pytest.raises(DatabaseError, match='not found') as info:
            database.copy_to_public()
        assert str(target) in str(info.value)


def test_public_copy_needs_no_wal_files_to_read(
    database: WorkflowDatabase,
) -> None:
    database.put_insert('workflow_params', {'key': 'a', 'value': '1'})
    database.commit()
    database.copy_to_public()
    header = public_path(database).read_bytes()[:100]
    assert header.startswith(b'SQLite format 3\x00')
    # file format write/read versions: 1 = rollback journal, 2 = WAL
    assert (header[18], header[19]) == (1, 1)
    # while the private database stays in WAL mode
    assert database.path.read_bytes()[18:20] == bytes([2, 2])
