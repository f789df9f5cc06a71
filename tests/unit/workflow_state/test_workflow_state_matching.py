"""Queries against Cylc 8, Cylc 8.0-8.2 and Cylc 7 public databases."""

from __future__ import annotations

import sqlite3

import pytest

from cylc_flow.db.errors import DatabaseError, DatabaseValueError
from cylc_flow.workflow_state.database import TargetDatabase
from cylc_flow.workflow_state.matching import (
    BEFORE_START,
    OUTPUT_FALLBACK_WARNING,
    StateResult,
    run_query,
)
from cylc_flow.workflow_state.query import build_query

OUTPUTS = {'submitted': 'submitted', 'started': 'started'}


def query_db(path, text, cycle='unset', **options):
    """Run the query ``text`` (command-line rules) against ``path``."""
    accept = options.pop('accept_pre_start_tasks', False)
    warn = options.pop('warn', None)
    query = build_query(text, infer_trigger=True, **options)
    with TargetDatabase(path) as database:
        return run_query(
            database, query, query.cycle if cycle == 'unset' else cycle,
            accept_pre_start_tasks=accept, warn=warn,
        )


def names(results):
    return [f'{result.cycle}/{result.name}' for result in results]


@pytest.fixture
def eight(runs):
    """A Cylc 8 database: statuses, outputs, flows."""
    state, outputs = runs.state, runs.outputs
    return runs.workflow('eight', states=[
        state('foo', '1', 'succeeded', submit_num=2),
        state('bar', '1', 'failed', submit_num=1),
        state('foo', '2', 'running', flows=(1, 2), submit_num=1),
        state('baz', '2', 'waiting', flows=(), submit_num=0),
        state('foo', '3', 'succeeded', flows=(2,), submit_num=1),
    ], task_outputs=[
        outputs('foo', '1', {**OUTPUTS, 'succeeded': 'succeeded',
                             'x': 'file ready'}),
        outputs('bar', '1', {**OUTPUTS, 'failed': 'failed'}),
        outputs('foo', '2', OUTPUTS, flows=(1, 2)),
        outputs('foo', '3', {**OUTPUTS, 'succeeded': '(force-completed)'},
                flows=(2,)),
    ])


def test_status_query_finds_the_task_in_that_state(eight):
    assert query_db(eight, 'eight//1/foo:succeeded') == [
        StateResult('foo', '1', 'succeeded', None, frozenset({1}))
    ]
    assert query_db(eight, 'eight//1/foo:failed') == []


def test_no_selector_lists_every_status_by_submit_number(eight):
    results = query_db(eight, 'eight')
    assert names(results) == ['2/baz', '1/bar', '2/foo', '3/foo', '1/foo']
    assert [result.status for result in results][:2] == ['waiting', 'failed']


def test_wildcards_match_cycles_and_names(eight):
    assert names(query_db(eight, 'eight//*/foo')) == ['2/foo', '3/foo', '1/foo']
    assert names(query_db(eight, 'eight//1/*')) == ['1/bar', '1/foo']
    assert names(query_db(eight, 'eight//*/b*:failed')) == ['1/bar']


def test_name_matching_is_exact_and_case_sensitive(eight):
    assert query_db(eight, 'eight//1/FOO') == []
    assert query_db(eight, 'eight//1/fo') == []


def test_flow_number_keeps_tasks_in_that_flow(eight):
    assert names(query_db(eight, 'eight//*/foo', flow_num=2)) == ['2/foo', '3/foo']
    assert names(query_db(eight, 'eight//*/foo', flow_num=1)) == ['2/foo', '1/foo']
    assert query_db(eight, 'eight//*/foo', flow_num=7) == []


def test_trigger_query_matches_output_names(eight):
    results = query_db(eight, 'eight//*/foo:x')
    assert names(results) == ['1/foo']
    assert results[0].outputs['x'] == 'file ready'
    assert names(query_db(eight, 'eight//*/*:started')) == ['1/foo', '1/bar',
                                                            '2/foo', '3/foo']


def test_trigger_matches_forced_outputs_but_message_does_not(eight):
    assert names(query_db(eight, 'eight//3/foo:succeeded', is_trigger=True)) == [
        '3/foo'
    ]
    assert query_db(eight, 'eight//3/foo:succeeded', is_message=True) == []


def test_message_query_matches_output_messages(eight):
    assert names(query_db(eight, 'eight//1/foo:"file ready"', is_message=True)) == [
        '1/foo'
    ]
    assert query_db(eight, 'eight//1/foo:x', is_message=True) == []


def test_finished_means_succeeded_or_failed(eight):
    assert names(query_db(eight, 'eight//*/*:finished')) == ['1/foo', '1/bar',
                                                             '3/foo']
    assert names(query_db(eight, 'eight//1/bar:finish')) == ['1/bar']


def test_output_query_without_selector_lists_all_outputs(eight):
    results = query_db(eight, 'eight//1/bar', is_trigger=True)
    assert results[0].outputs == {**OUTPUTS, 'failed': 'failed'}


def test_cylc_8_0_list_outputs_fall_back_to_messages_with_a_warning(runs):
    path = runs.workflow('old8', task_outputs=[
        runs.outputs('foo', '1', ['submitted', 'started', 'succeeded',
                                  'data ready']),
        runs.outputs('bar', '1', ['submitted']),
    ])
    warnings: list[str] = []
    results = query_db(path, 'old8//*/*:data ready', is_trigger=True,
                       warn=warnings.append)
    assert names(results) == ['1/foo']
    assert results[0].outputs == ['submitted', 'started', 'succeeded',
                                  'data ready']
    assert warnings == [OUTPUT_FALLBACK_WARNING]
    assert names(query_db(path, 'old8//1/foo:data ready', is_message=True,
                          warn=warnings.append)) == ['1/foo']
    assert len(warnings) == 1  # messages need no fallback


@pytest.fixture
def seven(runs):
    """A Cylc 7 database: suite_params, no flows, custom outputs only."""
    return runs.cylc7_workflow(
        'seven',
        params={'cylc_version': '7.8.12', 'cycle_point_format': '%Y',
                'cycle_point_tz': 'Z'},
        states=[('mithril', '2012', 'succeeded'), ('ore', '2012', None),
                ('axe', '2013', 'failed')],
        task_outputs=[('mithril', '2012', {'frodo': 'bag end'})],
    )


def test_cylc7_database_is_detected(seven):
    with TargetDatabase(seven) as database:
        assert database.is_cylc7
        assert database.params['cycle_point_format'] == '%Y'


def test_cylc7_status_query_has_no_flows_and_skips_null_statuses(seven):
    assert query_db(seven, 'seven//2012/mithril:succeeded') == [
        StateResult('mithril', '2012', 'succeeded', None, None)
    ]
    assert names(query_db(seven, 'seven')) == ['2012/mithril', '2013/axe']


def test_cylc7_flow_number_is_ignored(seven):
    assert names(query_db(seven, 'seven//2013/axe', flow_num=2)) == ['2013/axe']


def test_cylc7_custom_outputs_match_by_trigger_and_message(seven):
    assert names(query_db(seven, 'seven//2012/mithril:frodo')) == ['2012/mithril']
    assert names(query_db(seven, 'seven//2012/mithril:bag end',
                          is_message=True)) == ['2012/mithril']


def test_bad_outputs_json_names_the_database_and_task(runs):
    path = runs.workflow('bad', task_outputs=[
        {'cycle': '1', 'name': 'foo', 'flow_nums': '[1]', 'outputs': '{"a": 1'},
    ])
    with pytest.raises(DatabaseValueError, match=r'bad outputs of 1/foo'):
        query_db(path, 'bad//1/foo:a')


def test_bad_flow_numbers_name_the_database(runs):
    path = runs.workflow('badflow', states=[
        {**runs.state('foo', '1', 'succeeded'), 'flow_nums': 'one'},
    ])
    with pytest.raises(DatabaseValueError, match=r'log/db: task_states'):
        query_db(path, 'badflow//1/foo')


def test_pre_start_tasks_are_accepted_when_asked(runs):
    path = runs.workflow('warm', params={'icp': '1', 'startcp': '5'})
    assert query_db(path, 'warm//3/foo:succeeded') == []
    assert query_db(path, 'warm//3/foo:succeeded',
                    accept_pre_start_tasks=True) == [
        StateResult('foo', '3', 'succeeded', None, None)
    ]
    assert query_db(path, 'warm//3/foo:x', flow_num=2,
                    accept_pre_start_tasks=True) == [
        StateResult('foo', '3', None, {'x': BEFORE_START}, frozenset({2}))
    ]
    assert query_db(path, 'warm//5/foo:succeeded',
                    accept_pre_start_tasks=True) == []


def test_missing_file_is_a_database_error(tmp_path):
    with pytest.raises(DatabaseError, match='no such database file'):
        TargetDatabase(tmp_path / 'db')


def test_non_workflow_database_is_a_database_error(tmp_path):
    path = tmp_path / 'db'
    sqlite3.connect(path).execute('CREATE TABLE x(a)').connection.close()
    with pytest.raises(DatabaseError, match='not a workflow database'):
        TargetDatabase(path)


def test_garbage_file_is_a_database_error(tmp_path):
    path = tmp_path / 'db'
    path.write_bytes(b'this is not sqlite at all' * 100)
    with pytest.raises(DatabaseError, match='not an sqlite database'):
        TargetDatabase(path)
