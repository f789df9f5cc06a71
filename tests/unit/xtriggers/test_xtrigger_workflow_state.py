"""The workflow_state xtrigger (stub): argument validation only."""

from __future__ import annotations

import pytest

from cylc_flow.exceptions import WorkflowConfigError
from cylc_flow.xtriggers.workflow_state import (
    upgrade_arguments,
    validate,
    validate_backcompat,
)


def arguments(**changes):
    base = {
        'workflow_task_id': 'other//%(point)s/foo',
        'offset': None,
        'flow_num': None,
        'is_trigger': False,
        'is_message': False,
        'alt_cylc_run_dir': None,
        'accept_pre_start_tasks': False,
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    'changes',
    [
        {},
        {'workflow_task_id': 'other//1/foo:failed'},
        {'workflow_task_id': 'a/b//2020/foo:x', 'is_trigger': True},
        {'workflow_task_id': 'other//1/foo:file ready', 'is_message': True},
        {'offset': 'PT1H'},
        {'offset': '-P1D'},
        {'offset': 'P1'},
        {'flow_num': 2},
        {'alt_cylc_run_dir': '/elsewhere/cylc-run'},
    ],
)
def test_valid_arguments_pass(changes):
    validate(arguments(**changes))


@pytest.mark.parametrize(
    ('changes', 'message'),
    [
        ({'workflow_task_id': 'other'}, 'Full ID needed'),
        ({'workflow_task_id': 'other//1'}, 'Full ID needed'),
        ({'workflow_task_id': '//1/foo'}, 'Full ID needed'),
        ({'workflow_task_id': 5}, 'Full ID needed'),
        ({'flow_num': 'one'}, 'flow_num must be an integer'),
        ({'flow_num': True}, 'flow_num must be an integer'),
        ({'offset': 'soon'}, 'offset must be an ISO 8601 or integer duration'),
        ({'is_trigger': True, 'is_message': True}, 'cannot both be True'),
        ({'is_trigger': 'yes'}, 'is_trigger must be True or False'),
        ({'workflow_task_id': 'other//1/foo:x'}, '"x" is not a task status'),
        ({'alt_cylc_run_dir': 3}, 'alt_cylc_run_dir must be a path'),
    ],
)
def test_invalid_arguments_are_config_errors(changes, message):
    with pytest.raises(WorkflowConfigError, match=message):
        validate(arguments(**changes))


def test_old_signature_is_upgraded_to_the_new_one():
    upgraded = upgrade_arguments({
        'workflow': 'other', 'task': 'foo', 'point': '%(point)s',
        'offset': 'PT1H', 'status': 'succeeded', 'message': None,
        'cylc_run_dir': None,
    })
    assert upgraded['workflow_task_id'] == 'other//%(point)s/foo:succeeded'
    assert upgraded['offset'] == 'PT1H'
    assert upgraded['is_message'] is False


def test_old_message_argument_polls_for_a_message():
    upgraded = upgrade_arguments({
        'workflow': 'other', 'task': 'foo', 'point': '1', 'status': 'succeeded',
        'message': 'data ready',
    })
    assert upgraded['workflow_task_id'] == 'other//1/foo:data ready'
    assert upgraded['is_message'] is True
    validate_backcompat({
        'workflow': 'other', 'task': 'foo', 'point': '1', 'offset': None,
        'status': 'succeeded', 'message': 'data ready', 'cylc_run_dir': None,
    })
