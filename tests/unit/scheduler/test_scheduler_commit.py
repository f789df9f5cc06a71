"""The scheduler's end-of-turn commit: big turns commit in a worker thread
(one transaction), small ones inline; DB time stamps are cached per second."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from cylc_flow.db import WorkflowDatabase
from cylc_flow.db.errors import DatabaseError
from cylc_flow.scheduler import scheduler as scheduler_module
from cylc_flow.scheduler.scheduler import PlayOptions, Scheduler


def make_scheduler(tmp_path: Path) -> Scheduler:
    (tmp_path / '.service').mkdir()
    (tmp_path / 'log').mkdir()
    scheduler = Scheduler('wf', tmp_path, PlayOptions())
    scheduler.db = WorkflowDatabase(tmp_path / '.service' / 'db',
                                    tmp_path / 'log' / 'db')
    return scheduler


def queue_rows(database: WorkflowDatabase, count: int) -> None:
    for number in range(count):
        database.put_replace('workflow_params',
                             {'key': f'k{number}', 'value': str(number)})


def test_a_big_turn_commits_in_one_transaction_in_a_worker_thread(
        tmp_path: Path, monkeypatch) -> None:
    scheduler = make_scheduler(tmp_path)
    database = scheduler.db
    threads: list[str] = []
    commit_taken = WorkflowDatabase.commit_taken

    def recording(self, taken):
        threads.append(threading.current_thread().name)
        return commit_taken(self, taken)

    monkeypatch.setattr(WorkflowDatabase, 'commit_taken', recording)
    try:
        queue_rows(database, scheduler_module.THREAD_COMMIT_ROWS + 10)
        asyncio.run(scheduler._commit(10.0))
        assert len(threads) == 1
        assert threads[0] != threading.main_thread().name
        assert database.queued == 0
        assert len(database.fetch_all('SELECT * FROM workflow_params')) == (
            scheduler_module.THREAD_COMMIT_ROWS + 10)
        assert (tmp_path / 'log' / 'db').exists()  # public copy was due
        queue_rows(database, 5)
        asyncio.run(scheduler._commit(10.5))
        assert threads[1] == threading.main_thread().name
        assert database.queued == 0
    finally:
        database.close()


def test_a_big_turn_that_fails_to_commit_keeps_its_statements_queued(
        tmp_path: Path, monkeypatch) -> None:
    scheduler = make_scheduler(tmp_path)
    database = scheduler.db

    def failing(self, taken):
        raise DatabaseError('disk full')

    monkeypatch.setattr(WorkflowDatabase, 'commit_taken', failing)
    try:
        queue_rows(database, scheduler_module.THREAD_COMMIT_ROWS + 10)
        with pytest.raises(DatabaseError):
            asyncio.run(scheduler._commit(10.0))
        assert database.queued == scheduler_module.THREAD_COMMIT_ROWS + 10
    finally:
        database.close()


def test_db_time_text_is_cached_within_a_second(tmp_path: Path,
                                                monkeypatch) -> None:
    scheduler = make_scheduler(tmp_path)
    scheduler.db.close()
    clock = [1_700_000_000.2]
    monkeypatch.setattr(scheduler_module.time, 'time', lambda: clock[0])
    first = scheduler._time_text()
    assert first == '2023-11-14T22:13:20Z'
    clock[0] = 1_700_000_000.9
    assert scheduler._time_text() is first
    clock[0] = 1_700_000_001.0
    assert scheduler._time_text() == '2023-11-14T22:13:21Z'
