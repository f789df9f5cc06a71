"""Committing a taken batch of statements (e.g. in a worker thread) while
the next turn's statements queue up."""

from __future__ import annotations

import threading

import pytest

from cylc_flow.db import DatabaseError, WorkflowDatabase


def params(database: WorkflowDatabase) -> list[tuple]:
    return database.fetch_all(
        'SELECT key, value FROM workflow_params ORDER BY key')


def test_statements_queued_after_a_take_wait_for_the_next_commit(
        database: WorkflowDatabase) -> None:
    database.put_replace('workflow_params', {'key': 'a', 'value': '1'})
    taken = database.take_queued()
    database.put_replace('workflow_params', {'key': 'b', 'value': '2'})
    assert database.queued == 1
    assert database.commit_taken(taken) == 1
    assert params(database) == [('a', '1')]
    assert database.commit() == 1
    assert params(database) == [('a', '1'), ('b', '2')]


def test_a_taken_batch_commits_in_a_worker_thread(
        database: WorkflowDatabase) -> None:
    for number in range(3000):
        database.put_replace('workflow_params',
                             {'key': f'k{number}', 'value': str(number)})
    taken = database.take_queued()
    counts: list[int] = []
    worker = threading.Thread(
        target=lambda: counts.append(database.commit_taken(taken)))
    worker.start()
    worker.join()
    assert counts == [3000]
    assert len(params(database)) == 3000


def test_a_failed_batch_goes_back_before_statements_queued_since(
        database: WorkflowDatabase) -> None:
    database.put_insert('workflow_params', {'key': 'a', 'value': '1'})
    database.put_insert('workflow_params', {'key': 'a', 'value': '2'})
    taken = database.take_queued()
    database.put_replace('workflow_params', {'key': 'a', 'value': '3'})
    with pytest.raises(DatabaseError):
        database.commit_taken(taken)
    database.put_back(taken)
    assert database.queued == 3
    assert params(database) == []
    database.discard_queue()
    database.put_insert('workflow_params', {'key': 'a', 'value': '1'})
    taken = database.take_queued()
    database.put_replace('workflow_params', {'key': 'a', 'value': '3'})
    database.put_back(taken)
    database.commit()
    assert params(database) == [('a', '3')]  # the later statement ran last


def test_failed_commit_keeps_the_queue(database: WorkflowDatabase) -> None:
    database.put_insert('workflow_params', {'key': 'a', 'value': '1'})
    database.put_insert('workflow_params', {'key': 'a', 'value': '2'})
    with pytest.raises(DatabaseError):
        database.commit()
    assert database.queued == 2
