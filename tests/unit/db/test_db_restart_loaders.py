"""What the scheduler writes, the restart loaders read back (decoded)."""

from __future__ import annotations

import json

import pytest

from cylc_flow.db import DatabaseValueError, WorkflowDatabase, WorkflowParam
from cylc_flow.db.encoding import (
    serialise_flow_nums,
    serialise_outputs,
    serialise_satisfied,
)
from cylc_flow.db.records import (
    BroadcastStateRecord,
    FlowRecord,
    PrerequisiteRecord,
)

F1 = serialise_flow_nums({1})
F12 = serialise_flow_nums({2, 1})


def add_task(
    database: WorkflowDatabase,
    cycle: str,
    name: str,
    status: str,
    submit_num: int = 1,
    flow_nums: str = F1,
    **pool: object,
) -> None:
    """Queue the rows the scheduler keeps for a task in the pool."""
    database.put_replace('task_pool', {
        'cycle': cycle, 'name': name, 'flow_nums': flow_nums,
        'status': status, 'is_held': pool.get('is_held', False),
    })
    database.put_replace('task_states', {
        'name': name, 'cycle': cycle, 'flow_nums': flow_nums,
        'time_created': pool.get('time_created', '2025-01-01T00:00:00Z'),
        'time_updated': '2025-01-01T00:00:01Z',
        'submit_num': submit_num, 'status': status,
        'flow_wait': pool.get('flow_wait', False),
        'is_manual_submit': pool.get('is_manual_submit', False),
    })


def add_job(
    database: WorkflowDatabase, cycle: str, name: str, submit_num: int,
    **values: object,
) -> None:
    database.put_insert('task_jobs', {
        'cycle': cycle, 'name': name, 'submit_num': submit_num,
        'flow_nums': F1, 'is_manual_submit': False, 'try_num': submit_num,
        'time_submit': '2025-01-01T00:00:02Z', 'submit_status': 0,
        'platform_name': 'localhost', 'job_runner_name': 'background',
        'job_id': str(1000 + submit_num), **values,
    })


def test_workflow_params_round_trip(database: WorkflowDatabase) -> None:
    database.put_insert_many('workflow_params', [
        {'key': WorkflowParam.UTC_MODE, 'value': True},
        {'key': WorkflowParam.RESTART_COUNT, 'value': 2},
        {'key': WorkflowParam.CYCLE_POINT_FORMAT, 'value': 'CCYY'},
        {'key': WorkflowParam.STOP_TASK, 'value': None},
    ])
    database.commit()
    assert database.select_workflow_params() == {
        'UTC_mode': '1', 'n_restart': '2', 'cycle_point_format': 'CCYY',
        'stop_task': None,
    }
    assert database.select_workflow_restart_count() == 2


def test_template_vars_and_inheritance_round_trip(
    database: WorkflowDatabase,
) -> None:
    database.put_insert('workflow_template_vars', {
        'key': 'N', 'value': repr(3),
    })
    database.put_insert('inheritance', {
        'namespace': 'foo', 'inheritance': json.dumps(['foo', 'FAM', 'root']),
    })
    database.commit()
    assert database.select_workflow_template_vars() == {'N': '3'}
    assert database.select_inheritance() == {'foo': ['foo', 'FAM', 'root']}


def test_workflow_flows_round_trip(database: WorkflowDatabase) -> None:
    for number in (1, 2, 3):
        database.put_insert('workflow_flows', {
            'flow_num': number, 'start_time': f'2025-01-0{number}T00:00:00Z',
            'description': f'flow {number}',
        })
    database.commit()
    assert database.select_workflow_flows([3, 1]) == {
        1: FlowRecord(1, '2025-01-01T00:00:00Z', 'flow 1'),
        3: FlowRecord(3, '2025-01-03T00:00:00Z', 'flow 3'),
    }
    assert set(database.select_workflow_flows()) == {1, 2, 3}
    assert database.select_workflow_flows([]) == {}
    assert database.select_workflow_flows_max_flow_num() == 3


def test_task_pool_joins_state_job_late_flag_timeout_and_outputs(
    database: WorkflowDatabase,
) -> None:
    add_task(database, '1', 'foo', 'running', submit_num=2,
             is_manual_submit=True)
    add_job(database, '1', 'foo', 1, run_status=1)
    add_job(database, '1', 'foo', 2, time_run='2025-01-01T00:00:03Z')
    database.put_insert('task_late_flags', {
        'cycle': '1', 'name': 'foo', 'value': True,
    })
    database.put_insert('task_timeout_timers', {
        'cycle': '1', 'name': 'foo', 'timeout': 1735689700.5,
    })
    database.put_insert('task_outputs', {
        'cycle': '1', 'name': 'foo', 'flow_nums': F1,
        'outputs': serialise_outputs({
            'submitted': 'submitted', 'started': 'started',
            'x': 'file x ready',
        }),
    })
    add_task(database, '2', 'bar', 'waiting', submit_num=0,
             flow_nums=F12, is_held=True, flow_wait=True)
    database.commit()

    records = {record.name: record for record in database.select_task_pool()}
    foo = records['foo']
    assert foo.key == ('1', 'foo', frozenset({1}))
    assert (foo.status, foo.submit_num, foo.try_num) == ('running', 2, 2)
    assert foo.is_manual_submit is True and foo.is_late is True
    assert foo.is_held is False and foo.flow_wait is False
    assert foo.platform_name == 'localhost'
    assert foo.time_submit == '2025-01-01T00:00:02Z'
    assert foo.time_run == '2025-01-01T00:00:03Z'
    assert foo.timeout == 1735689700.5
    assert foo.outputs == {
        'submitted': 'submitted', 'started': 'started', 'x': 'file x ready',
    }
    bar = records['bar']
    assert bar.flow_nums == frozenset({1, 2})
    assert bar.is_held is True and bar.flow_wait is True
    assert bar.is_late is False
    assert (bar.try_num, bar.platform_name, bar.timeout) == (None, None, None)
    assert bar.outputs == {}


def test_task_pool_needs_a_task_states_row_in_the_same_flows(
    database: WorkflowDatabase,
) -> None:
    database.put_insert('task_pool', {
        'cycle': '1', 'name': 'orphan', 'flow_nums': F1, 'status': 'waiting',
    })
    database.put_insert('task_states', {
        'name': 'orphan', 'cycle': '1', 'flow_nums': F12,
        'status': 'waiting', 'submit_num': 0,
    })
    database.commit()
    assert database.select_task_pool() == []


def test_task_outputs_per_flow_and_legacy_list_format(
    database: WorkflowDatabase,
) -> None:
    database.put_insert_many('task_outputs', [
        {'cycle': '1', 'name': 'foo', 'flow_nums': F1,
         'outputs': serialise_outputs({'succeeded': 'succeeded'})},
        {'cycle': '1', 'name': 'foo', 'flow_nums': serialise_flow_nums({2}),
         'outputs': serialise_outputs({'failed': 'failed'})},
        # Cylc 8.0-8.2 stored a list of messages
        {'cycle': '2', 'name': 'foo', 'flow_nums': F1,
         'outputs': json.dumps(['submitted', 'started'])},
    ])
    database.commit()
    per_flow = {
        record.flow_nums: record.outputs
        for record in database.select_task_outputs('foo', '1')
    }
    assert per_flow == {
        frozenset({1}): {'succeeded': 'succeeded'},
        frozenset({2}): {'failed': 'failed'},
    }
    (legacy,) = database.select_task_outputs(cycle='2')
    assert legacy.outputs == {'submitted': 'submitted', 'started': 'started'}
    assert len(database.select_task_outputs()) == 3


def test_task_prerequisites_grouped_by_task(
    database: WorkflowDatabase,
) -> None:
    for prereq, satisfied in (('a', 'satisfied naturally'), ('b', False)):
        database.put_insert('task_prerequisites', {
            'cycle': '2', 'name': 'foo', 'flow_nums': F1,
            'prereq_name': prereq, 'prereq_cycle': '1',
            'prereq_output': 'succeeded',
            'satisfied': serialise_satisfied(satisfied),
        })
    database.put_insert('task_prerequisites', {
        'cycle': '2', 'name': 'bar', 'flow_nums': F12,
        'prereq_name': 'foo', 'prereq_cycle': '2',
        'prereq_output': 'x', 'satisfied': serialise_satisfied(True),
    })
    database.commit()
    assert database.fetch_all(
        "SELECT satisfied FROM task_prerequisites WHERE prereq_name == 'b'"
    ) == [('0',)]
    everything = database.select_task_prerequisites()
    assert everything[('2', 'foo', frozenset({1}))] == [
        PrerequisiteRecord('1', 'a', 'succeeded', 'satisfied naturally'),
        PrerequisiteRecord('1', 'b', 'succeeded', False),
    ]
    assert everything[('2', 'bar', frozenset({1, 2}))] == [
        PrerequisiteRecord('2', 'foo', 'x', 'satisfied naturally'),
    ]
    only = database.select_task_prerequisites('2', 'bar', {2, 1})
    assert list(only) == [('2', 'bar', frozenset({1, 2}))]


def test_jobs_for_restart_are_those_of_pool_tasks(
    database: WorkflowDatabase,
) -> None:
    add_task(database, '1', 'foo', 'running', submit_num=2)
    add_job(database, '1', 'foo', 1, run_status=1)
    add_job(database, '1', 'foo', 2)
    add_task(database, '1', 'bar', 'succeeded', submit_num=1)
    add_job(database, '1', 'bar', 1, run_status=0)
    add_task(database, '1', 'qux', 'submitted', submit_num=1)
    add_job(database, '1', 'qux', 1)
    add_job(database, '1', 'gone', 1)  # not in the pool
    database.commit()
    every = database.select_jobs_for_restart()
    assert [(job.name, job.submit_num) for job in every] == [
        ('bar', 1), ('foo', 1), ('foo', 2), ('qux', 1),
    ]
    active = database.select_jobs_for_restart(active_only=True)
    assert [(job.name, job.submit_num) for job in active] == [
        ('foo', 2), ('qux', 1),
    ]
    job = active[0]
    assert job.job_id == '1002' and job.job_runner_name == 'background'
    assert job.flow_nums == frozenset({1}) and job.is_manual_submit is False


def test_select_task_job_latest_or_by_number(
    database: WorkflowDatabase,
) -> None:
    add_job(database, '1', 'foo', 1)
    add_job(database, '1', 'foo', 2, run_signal='SIGTERM')
    database.commit()
    latest = database.select_task_job('1', 'foo')
    assert latest is not None and latest.submit_num == 2
    assert latest.run_signal == 'SIGTERM'
    first = database.select_task_job('1', 'foo', 1)
    assert first is not None and first.submit_num == 1
    assert database.select_task_job('1', 'nope') is None
    assert len(database.select_task_jobs(name='foo')) == 2


def test_job_run_times_of_succeeded_jobs(database: WorkflowDatabase) -> None:
    add_job(database, '1', 'foo', 1, run_status=0,
            time_run='2025-01-01T00:00:00Z',
            time_run_exit='2025-01-01T00:01:30Z')
    add_job(database, '2', 'foo', 1, run_status=0,
            time_run='2025-01-01T01:00:00+01:00',
            time_run_exit='2025-01-01T01:00:10+01:00')
    add_job(database, '3', 'foo', 1, run_status=1,
            time_run='2025-01-01T00:00:00Z',
            time_run_exit='2025-01-01T00:00:05Z')
    database.commit()
    assert database.select_task_job_run_times() == {'foo': [10, 90]}


def test_xtriggers_abs_outputs_and_tasks_to_hold(
    database: WorkflowDatabase,
) -> None:
    results = json.dumps([True, {'x': 1}])
    database.put_insert('xtriggers', {
        'signature': 'wall_clock(trigger_time=1)', 'results': results,
    })
    database.put_insert('absolute_outputs', {
        'cycle': '1', 'name': 'start', 'output': 'succeeded',
    })
    database.put_insert('tasks_to_hold', {'name': 'foo', 'cycle': '3'})
    database.commit()
    assert database.select_xtriggers() == {
        'wall_clock(trigger_time=1)': results,
    }
    assert database.select_absolute_outputs() == [('1', 'start', 'succeeded')]
    assert database.select_tasks_to_hold() == [('foo', '3')]


def test_action_timers_are_decoded(database: WorkflowDatabase) -> None:
    database.put_insert('task_action_timers', {
        'cycle': '1', 'name': 'foo',
        'ctx_key': json.dumps(['try_timers', 'execution-retry']),
        'ctx': json.dumps(None), 'delays': json.dumps([30.0, 60.0]),
        'num': 1, 'delay': 30.0, 'timeout': 1735689600.0,
    })
    database.commit()
    (timer,) = database.select_task_action_timers()
    assert timer.ctx_key == ['try_timers', 'execution-retry']
    assert timer.ctx is None
    assert timer.delays == [30.0, 60.0]
    assert (timer.num, timer.delay, timer.timeout) == (1, 30.0, 1735689600.0)
    # Cylc's TEXT columns hold the numbers as text
    assert database.fetch_all(
        'SELECT typeof(delay) FROM task_action_timers'
    ) == [('text',)]


def test_bad_stored_json_names_file_and_table(
    database: WorkflowDatabase,
) -> None:
    database.put_insert('task_action_timers', {
        'cycle': '1', 'name': 'foo', 'ctx_key': '{not json', 'delays': '[]',
    })
    database.commit()
    with pytest.raises(DatabaseValueError) as info:
        database.select_task_action_timers()
    message = str(info.value)
    assert str(database.path) in message
    assert 'task_action_timers' in message and 'ctx_key' in message


def test_bad_flow_numbers_are_a_clear_error(
    database: WorkflowDatabase,
) -> None:
    add_task(database, '1', 'foo', 'waiting', flow_nums='[1, "x"]')
    database.commit()
    with pytest.raises(DatabaseValueError, match='bad flow numbers'):
        database.select_task_pool()


def test_broadcast_states_sorted(database: WorkflowDatabase) -> None:
    database.put_insert_many('broadcast_states', [
        {'point': '2', 'namespace': 'foo', 'key': '[environment]X',
         'value': 'b'},
        {'point': '*', 'namespace': 'root', 'key': 'script', 'value': 'a'},
    ])
    database.commit()
    assert database.select_broadcast_states() == [
        BroadcastStateRecord('*', 'root', 'script', 'a'),
        BroadcastStateRecord('2', 'foo', '[environment]X', 'b'),
    ]


def test_task_states_by_name_point_for_workflow_state(
    database: WorkflowDatabase,
) -> None:
    add_task(database, '1', 'foo', 'succeeded', submit_num=1)
    add_task(database, '2', 'foo', 'failed', submit_num=2)
    add_task(database, '2', 'foo', 'running', submit_num=3, flow_nums='[2]',
             time_created='2025-01-01T00:00:09Z')
    add_task(database, '2', 'bar', 'succeeded', submit_num=1)
    database.commit()
    foo_2 = database.select_task_states_by_name_point('foo', '2')
    assert [record.submit_num for record in foo_2] == [2, 3]
    assert database.select_task_states_by_name_point(
        'f*', None, glob=True, statuses=['succeeded'],
    )[0].cycle == '1'
    assert [
        record.status for record in database.select_task_states_by_name_point(
            point='2', flow_num=2,
        )
    ] == ['running']
    assert database.select_task_states_by_name_point('f*', '2') == []
    assert database.select_task_states_by_name_point(statuses=[]) == []
    assert database.select_latest_flow_nums() == frozenset({2})


def test_cylc_7_database_params_are_read_from_suite_params(
    tmp_path,
) -> None:
    import sqlite3

    from cylc_flow.db import open_public_db

    path = tmp_path / 'db'
    connection = sqlite3.connect(path)
    connection.execute(
        'CREATE TABLE suite_params(key TEXT, value TEXT, PRIMARY KEY(key))'
    )
    connection.execute(
        "INSERT INTO suite_params VALUES ('cycle_point_format', '%Y')"
    )
    connection.commit()
    connection.close()
    with open_public_db(path) as database:
        assert database.select_workflow_params() == {
            'cycle_point_format': '%Y',
        }
