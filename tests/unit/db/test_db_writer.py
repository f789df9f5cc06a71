"""Queued writes: semantics, ordering and one transaction per commit."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylc_flow.db import (
    DatabaseError,
    DatabaseUsageError,
    WorkflowDatabase,
)


def all_rows(database: WorkflowDatabase, table: str) -> list[tuple]:
    return database.fetch_all(f'SELECT * FROM {table} ORDER BY rowid')


class StatementLog:
    """Records the SQL sqlite runs (via the trace callback)."""

    def __init__(self, database: WorkflowDatabase) -> None:
        self.statements: list[str] = []
        database.connection.set_trace_callback(self.statements.append)

    def count(self, prefix: str) -> int:
        return sum(
            1 for text in self.statements
            if text.lstrip().upper().startswith(prefix)
        )


def test_put_insert_queues_until_commit(database: WorkflowDatabase) -> None:
    database.put_insert('workflow_params', {'key': 'a', 'value': '1'})
    assert database.queued == 1
    assert all_rows(database, 'workflow_params') == []
    assert database.commit() == 1
    assert database.queued == 0
    assert all_rows(database, 'workflow_params') == [('a', '1')]


def test_missing_columns_are_null(database: WorkflowDatabase) -> None:
    database.put_insert('task_jobs', {
        'cycle': '1', 'name': 'foo', 'submit_num': 1,
    })
    database.commit()
    (row,) = all_rows(database, 'task_jobs')
    assert row[:3] == ('1', 'foo', 1)
    assert set(row[3:]) == {None}


def test_row_may_be_a_full_width_sequence(database: WorkflowDatabase) -> None:
    database.put_insert('xtriggers', ('sig()', '[true, {}]'))
    database.commit()
    assert database.select_xtriggers() == {'sig()': '[true, {}]'}


def test_booleans_are_stored_as_integers(database: WorkflowDatabase) -> None:
    database.put_insert('task_pool', {
        'cycle': '1', 'name': 'foo', 'flow_nums': '[1]',
        'status': 'waiting', 'is_held': True,
    })
    database.commit()
    assert database.fetch_all(
        'SELECT is_held, typeof(is_held) FROM task_pool'
    ) == [(1, 'integer')]


def test_insert_of_a_duplicate_key_fails_and_keeps_nothing(
    database: WorkflowDatabase,
) -> None:
    database.put_insert('workflow_params', {'key': 'a', 'value': '1'})
    database.commit()
    database.put_insert('workflow_params', {'key': 'b', 'value': '2'})
    database.put_insert('workflow_params', {'key': 'a', 'value': '3'})
    with pytest.raises(DatabaseError, match='workflow_params') as info:
        database.commit()
    assert str(database.path) in str(info.value)
    assert '\n' not in str(info.value)
    # rolled back: 'b' was not kept; the queue is kept for the caller
    assert all_rows(database, 'workflow_params') == [('a', '1')]
    assert database.queued == 2
    database.discard_queue()
    assert database.commit() == 0


def test_replace_overwrites_the_row_with_the_same_key(
    database: WorkflowDatabase,
) -> None:
    database.put_replace('workflow_params', {'key': 'a', 'value': '1'})
    database.put_replace('workflow_params', {'key': 'a', 'value': '2'})
    database.commit()
    assert database.select_workflow_params() == {'a': '2'}


def test_update_changes_only_matching_rows(database: WorkflowDatabase) -> None:
    for cycle in ('1', '2'):
        database.put_insert('task_pool', {
            'cycle': cycle, 'name': 'foo', 'flow_nums': '[1]',
            'status': 'waiting', 'is_held': 0,
        })
    database.put_update(
        'task_pool', {'status': 'running'}, {'cycle': '2', 'name': 'foo'}
    )
    database.commit()
    assert database.fetch_all(
        'SELECT cycle, status FROM task_pool ORDER BY cycle'
    ) == [('1', 'waiting'), ('2', 'running')]


def test_where_none_matches_null(database: WorkflowDatabase) -> None:
    database.put_insert('task_events', {'name': 'foo', 'cycle': '1'})
    database.put_update(
        'task_events', {'message': 'hi'}, {'name': 'foo', 'event': None}
    )
    database.commit()
    assert database.fetch_all('SELECT message FROM task_events') == [('hi',)]


def test_delete_with_empty_where_empties_the_table(
    database: WorkflowDatabase,
) -> None:
    database.put_insert_many('tasks_to_hold', [
        {'name': 'a', 'cycle': '1'}, {'name': 'b', 'cycle': '1'},
    ])
    database.commit()
    database.put_delete('tasks_to_hold', {})
    database.put_insert('tasks_to_hold', {'name': 'c', 'cycle': '2'})
    database.commit()
    assert database.select_tasks_to_hold() == [('c', '2')]


def test_statements_on_a_table_apply_in_queued_order(
    database: WorkflowDatabase,
) -> None:
    database.put_insert('tasks_to_hold', {'name': 'a', 'cycle': '1'})
    database.put_delete('tasks_to_hold', {})
    database.commit()
    assert database.select_tasks_to_hold() == []


def test_unknown_table_or_column_is_a_usage_error(
    database: WorkflowDatabase,
) -> None:
    with pytest.raises(DatabaseUsageError, match="no table 'nope'"):
        database.put_insert('nope', {'a': 1})
    with pytest.raises(DatabaseUsageError, match="no column 'colour'"):
        database.put_insert('task_pool', {'cycle': '1', 'colour': 'red'})
    with pytest.raises(DatabaseUsageError, match="no column 'colour'"):
        database.put_update('task_pool', {'colour': 'red'}, {})
    with pytest.raises(DatabaseUsageError, match="no column 'colour'"):
        database.put_delete('task_pool', {'colour': 'red'})
    with pytest.raises(DatabaseUsageError, match='must set some column'):
        database.put_update('task_pool', {}, {'cycle': '1'})
    with pytest.raises(DatabaseUsageError, match='sequence of 2 values'):
        database.put_insert('xtriggers', ('only one',))
    assert database.queued == 0


def test_full_width_row_with_a_wrong_key_is_rejected(
    database: WorkflowDatabase,
) -> None:
    with pytest.raises(DatabaseUsageError, match="no column 'nope'"):
        database.put_insert('xtriggers', {'signature': 's', 'nope': 1})


def test_commit_is_one_transaction_with_one_executemany_per_shape(
    database: WorkflowDatabase,
) -> None:
    log = StatementLog(database)
    for number in range(500):
        database.put_insert('task_states', {
            'name': f't{number}', 'cycle': '1', 'flow_nums': '[1]',
            'status': 'waiting', 'submit_num': 0,
        })
        database.put_insert('task_events', {
            'name': f't{number}', 'cycle': '1', 'event': 'created',
        })
        database.put_update(
            'task_states', {'status': 'succeeded'},
            {'name': f't{number}', 'cycle': '1', 'flow_nums': '[1]'},
        )
    before = database.connection.total_changes
    assert database.commit() == 1500
    assert database.connection.total_changes - before == 1500
    assert log.count('BEGIN') == 1
    assert log.count('COMMIT') == 1
    assert log.count('INSERT') == 1000
    assert len(database.select_task_states_by_name_point(
        statuses=['succeeded']
    )) == 500


def test_consecutive_same_shape_statements_form_one_batch(
    database: WorkflowDatabase,
) -> None:
    queue = database._queue
    for number in range(100):
        database.put_insert('task_events', {'name': f't{number}'})
        database.put_replace('task_pool', {
            'cycle': '1', 'name': f't{number}', 'flow_nums': '[1]',
        })
    batches = list(queue.batches())
    assert [(table, len(rows)) for table, _, rows in batches] == [
        ('task_events', 100), ('task_pool', 100),
    ]


def test_empty_commit_starts_no_transaction(
    database: WorkflowDatabase,
) -> None:
    log = StatementLog(database)
    assert database.commit() == 0
    assert log.statements == []


def test_closed_database_reports_a_database_error(
    database: WorkflowDatabase,
) -> None:
    database.close()
    assert not database.is_open
    with pytest.raises(DatabaseError, match='closed'):
        database.select_workflow_params()
    database.put_insert('workflow_params', {'key': 'a'})
    with pytest.raises(DatabaseError, match='closed'):
        database.commit()


def test_close_does_not_commit_the_queue(run_dir: Path) -> None:
    path = run_dir / '.service' / 'db'
    database = WorkflowDatabase(path)
    database.put_insert('workflow_params', {'key': 'a', 'value': '1'})
    database.close()
    with WorkflowDatabase(path) as again:
        assert again.select_workflow_params() == {}


def test_value_sqlite_cannot_store_is_a_database_error(
    database: WorkflowDatabase,
) -> None:
    database.put_insert('task_late_flags', {
        'cycle': '1', 'name': 'a', 'value': 2 ** 70,
    })
    with pytest.raises(DatabaseError, match='task_late_flags'):
        database.commit()


# -- model check: batching gives the same result as one-by-one execution --

NAMES = st.sampled_from(['a', 'b', 'c'])
CYCLES = st.sampled_from(['1', '2'])
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just('replace'), NAMES, CYCLES, st.integers(0, 3)),
        st.tuples(st.just('update'), NAMES, CYCLES, st.integers(0, 3)),
        st.tuples(st.just('update_all'), NAMES, CYCLES, st.integers(0, 3)),
        st.tuples(st.just('delete'), NAMES, CYCLES, st.integers(0, 3)),
        st.tuples(st.just('delete_all'), NAMES, CYCLES, st.integers(0, 3)),
        st.tuples(st.just('event'), NAMES, CYCLES, st.integers(0, 3)),
    ),
    max_size=40,
)


def apply_one_by_one(connection: sqlite3.Connection, operations) -> None:
    for kind, name, cycle, number in operations:
        if kind == 'replace':
            connection.execute(
                'INSERT OR REPLACE INTO task_states'
                ' (name, cycle, flow_nums, submit_num) VALUES (?, ?, ?, ?)',
                (name, cycle, '[1]', number),
            )
        elif kind == 'update':
            connection.execute(
                'UPDATE task_states SET submit_num=? WHERE name IS ?'
                ' AND cycle IS ?', (number, name, cycle),
            )
        elif kind == 'update_all':
            connection.execute(
                'UPDATE task_states SET status=?', (str(number),)
            )
        elif kind == 'delete':
            connection.execute(
                'DELETE FROM task_states WHERE name IS ?', (name,)
            )
        elif kind == 'delete_all':
            connection.execute('DELETE FROM task_states')
        else:
            connection.execute(
                'INSERT INTO task_events (name, cycle, submit_num)'
                ' VALUES (?, ?, ?)', (name, cycle, number),
            )


def queue_operations(database: WorkflowDatabase, operations) -> None:
    for kind, name, cycle, number in operations:
        if kind == 'replace':
            database.put_replace('task_states', {
                'name': name, 'cycle': cycle, 'flow_nums': '[1]',
                'submit_num': number,
            })
        elif kind == 'update':
            database.put_update(
                'task_states', {'submit_num': number},
                {'name': name, 'cycle': cycle},
            )
        elif kind == 'update_all':
            database.put_update('task_states', {'status': str(number)}, {})
        elif kind == 'delete':
            database.put_delete('task_states', {'name': name})
        elif kind == 'delete_all':
            database.put_delete('task_states', {})
        else:
            database.put_insert('task_events', {
                'name': name, 'cycle': cycle, 'submit_num': number,
            })


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(operations=OPERATIONS)
def test_batched_commit_equals_statements_run_one_by_one(
    tmp_path: Path, operations
) -> None:
    directory = tmp_path / f'case{len(list(tmp_path.iterdir()))}'
    directory.mkdir()
    with WorkflowDatabase(directory / 'db') as database:
        queue_operations(database, operations)
        database.commit()
        batched = {
            table: sorted(all_rows(database, table), key=repr)
            for table in ('task_states', 'task_events')
        }
    reference = sqlite3.connect(':memory:')
    from cylc_flow.db.schema import TABLES
    for table in TABLES.values():
        reference.execute(table.create_statement())
    apply_one_by_one(reference, operations)
    expected = {
        table: sorted(
            reference.execute(f'SELECT * FROM {table}').fetchall(), key=repr
        )
        for table in ('task_states', 'task_events')
    }
    reference.close()
    assert batched == expected
