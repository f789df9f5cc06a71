"""Checking once and polling until a query is met."""

from __future__ import annotations

import pytest

from cylc_flow.db.errors import DatabaseValueError
from cylc_flow.exceptions import InputError
from cylc_flow.workflow_state.errors import PollingExhaustedError
from cylc_flow.workflow_state.poller import WorkflowStatePoller
from cylc_flow.workflow_state.query import build_query


def poller_for(text: str, **options) -> WorkflowStatePoller:
    query_options = {
        key: options.pop(key)
        for key in ('offset', 'flow_num', 'is_trigger', 'is_message')
        if key in options
    }
    return WorkflowStatePoller(
        build_query(text, infer_trigger=True, **query_options), **options
    )


def test_check_finds_results_and_the_run(runs):
    runs.workflow('up', run_name='run1',
                  states=[runs.state('foo', '1', 'succeeded')])
    poller = poller_for('up//1/foo:succeeded')
    assert poller.check()
    assert poller.target.workflow_id == 'up/run1'
    assert poller.cycle == '1'
    assert [result.name for result in poller.results] == ['foo']
    assert poller.problem is None


def test_offset_is_applied_once_and_kept(runs):
    runs.workflow('up', states=[runs.state('foo', '3', 'succeeded')])
    poller = poller_for('up//1/foo:succeeded', offset='P2')
    assert poller.check()
    assert poller.cycle == '3'
    assert poller.check()
    assert poller.cycle == '3'


def test_missing_workflow_is_not_met_and_named(runs):
    poller = poller_for('ghost//1/foo')
    assert not poller.check()
    assert poller.target is None
    assert 'workflow not found' in poller.problem
    assert poller.problem.endswith('cylc-run/ghost')


def test_missing_database_is_not_met_and_named(runs):
    runs.run_dir('nodb')
    poller = poller_for('nodb//1/foo')
    assert not poller.check()
    assert 'no such database file' in poller.problem


def test_polling_waits_for_the_workflow_to_appear(runs):
    poller = poller_for('late//1/foo:succeeded')
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 2:
            runs.workflow('late', run_name='run1',
                          states=[runs.state('foo', '1', 'succeeded')])

    results = poller.poll(5, 0.5, sleep=sleep)
    assert [result.name for result in results] == ['foo']
    assert sleeps == [0.5, 0.5]
    assert poller.polls == 3
    assert poller.target.workflow_id == 'late/run1'


def test_a_replaced_public_database_is_read_afresh(runs):
    runs.workflow('up', states=[runs.state('foo', '1', 'running')])
    poller = poller_for('up//1/foo:succeeded')
    assert not poller.check()
    runs.workflow('up', states=[runs.state('foo', '1', 'succeeded')])
    assert poller.check()


def test_exhausted_polls_raise_one_line_naming_the_condition(runs):
    runs.workflow('up', states=[runs.state('foo', '1', 'running')])
    poller = poller_for('up//1/foo:succeeded')
    waits: list[int] = []
    with pytest.raises(PollingExhaustedError) as info:
        poller.poll(4, 0, sleep=lambda _seconds: None, on_wait=waits.append)
    assert str(info.value) == (
        'condition not satisfied after 4 polls: up//1/foo:succeeded'
    )
    assert waits == [3, 4]  # progress is shown from the third poll
    assert poller.polls == 4


def test_single_poll_failure_names_the_problem(runs):
    with pytest.raises(PollingExhaustedError) as info:
        poller_for('ghost//1/foo').poll(1, 0, sleep=pytest.fail)
    message = str(info.value)
    assert message.startswith('condition not satisfied: ghost//1/foo (')
    assert 'workflow not found' in message
    assert '\n' not in message


@pytest.mark.parametrize(
    ('max_polls', 'interval', 'message'),
    [
        (0, 1, 'at least 1'),
        (-3, 1, 'at least 1'),
        (2.5, 1, 'must be an integer'),
        (True, 1, 'must be an integer'),
        (2, -1, 'interval'),
        (2, float('nan'), 'interval'),
        (2, 'soon', 'interval'),
    ],
)
def test_bad_polling_settings_are_input_errors(runs, max_polls, interval, message):
    with pytest.raises(InputError, match=message):
        poller_for('up').poll(max_polls, interval)


def test_bad_point_is_reported_at_once(runs):
    runs.workflow('up', params={'cycle_point_format': 'CCYY',
                                'cycle_point_tz': 'Z'})
    with pytest.raises(InputError, match='not compatible with DB point format'):
        poller_for('up//yesterday/foo').poll(5, 0, sleep=pytest.fail)


def test_corrupt_stored_value_is_reported_at_once(runs):
    runs.workflow('up', task_outputs=[
        {'cycle': '1', 'name': 'foo', 'flow_nums': '[1]', 'outputs': '[1, 2]'},
    ])
    with pytest.raises(DatabaseValueError, match='bad outputs of 1/foo'):
        poller_for('up//1/foo:x').poll(5, 0, sleep=pytest.fail)


def test_alternate_cylc_run_directory_is_searched(runs, tmp_path):
    alternate = type(runs)(tmp_path / 'other-user' / 'cylc-run')
    alternate.workflow('theirs', states=[runs.state('foo', '1', 'succeeded')])
    assert not poller_for('theirs//1/foo').check()
    poller = poller_for('theirs//1/foo', alt_cylc_run_dir=str(alternate.root))
    assert poller.check()
    assert poller.target.run_dir == alternate.root / 'theirs'
