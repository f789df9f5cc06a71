"""The workflow_state xtrigger reading real public databases."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylc_flow.config.xtrigger_spec import (
    XtriggerConfigError,
    find_xtrigger_function,
    parse_xtrigger,
    render_xtrigger_args,
    validate_xtrigger,
)
from cylc_flow.exceptions import CylcError, WorkflowConfigError
from cylc_flow.xtriggers.workflow_state import (
    validate,
    workflow_state,
    workflow_state_backcompat,
)

DATETIME = {
    'icp': '20250101T0000Z', 'cycle_point_format': 'CCYYMMDDThhmmZ',
    'cycle_point_tz': 'Z', 'UTC_mode': '1',
}
OUTPUTS = {'submitted': 'submitted', 'started': 'started',
           'succeeded': 'succeeded', 'file1': 'file 1 ready'}


@pytest.fixture
def upstream(runs):
    runs.workflow('up', run_name='run1', params=DATETIME, states=[
        runs.state('model', '20250101T0000Z', 'succeeded'),
        runs.state('model', '20250101T0600Z', 'failed', flows=(2,)),
    ], task_outputs=[
        runs.outputs('model', '20250101T0000Z', OUTPUTS),
        runs.outputs('model', '20250101T0600Z',
                     {'submitted': 'submitted', 'failed': 'failed'},
                     flows=(2,)),
    ])
    return runs


def test_default_selector_is_succeeded(upstream):
    assert workflow_state('up//20250101T0000Z/model') == (True, {
        'workflow': 'up/run1', 'task': 'model', 'point': '20250101T0000Z',
        'status': 'succeeded',
    })


def test_unsatisfied_returns_false_and_no_results(upstream):
    assert workflow_state('up//20250101T0600Z/model') == (False, {})


def test_status_selector_and_flow_number(upstream):
    satisfied, results = workflow_state(
        'up//20250101T0600Z/model:failed', flow_num=2
    )
    assert satisfied
    assert results['status'] == 'failed'
    assert results['flow_num'] == 2
    assert workflow_state('up//20250101T0600Z/model:failed', flow_num=1) == (
        False, {}
    )


def test_offset_shifts_the_point_and_is_reported(upstream):
    satisfied, results = workflow_state(
        'up//20241231T1800Z/model', offset='PT6H'
    )
    assert satisfied
    assert results['point'] == '20250101T0000Z'
    assert results['offset'] == 'PT6H'


def test_point_in_another_format_is_converted(upstream):
    assert workflow_state('up//2025-01-01T00Z/model')[0]


def test_trigger_and_message_selectors(upstream):
    satisfied, results = workflow_state(
        'up//20250101T0000Z/model:file1', is_trigger=True
    )
    assert satisfied and results['trigger'] == 'file1'
    assert 'status' not in results
    satisfied, results = workflow_state(
        'up//20250101T0000Z/model:"file 1 ready"', is_message=True
    )
    assert satisfied and results['message'] == 'file 1 ready'
    assert not workflow_state('up//20250101T0000Z/model:file1',
                              is_message=True)[0]


def test_alternate_cylc_run_dir_is_reported(upstream, tmp_path):
    alternate = type(upstream)(tmp_path / 'elsewhere')
    alternate.workflow('up', states=[upstream.state('m', '1', 'succeeded')])
    satisfied, results = workflow_state(
        'up//1/m', alt_cylc_run_dir=str(alternate.root)
    )
    assert satisfied
    assert results['cylc_run_dir'] == str(alternate.root)
    assert results['workflow'] == 'up'


def test_missing_workflow_is_simply_not_satisfied(cylc_run):
    assert workflow_state('nowhere//1/foo') == (False, {})


def test_pre_start_tasks_are_accepted_when_asked(runs):
    runs.workflow('warm', params={'icp': '1', 'startcp': '10'})
    assert workflow_state('warm//3/foo') == (False, {})
    assert workflow_state('warm//3/foo', accept_pre_start_tasks=True)[0]


def test_cylc7_database(runs):
    runs.cylc7_workflow(
        'c7',
        params={'cycle_point_format': '%Y', 'cycle_point_tz': 'Z'},
        states=[('mithril', '2012', 'succeeded')],
        task_outputs=[('mithril', '2012', {'frodo': 'bag end'})],
    )
    assert workflow_state('c7//2012/mithril')[0]
    assert workflow_state('c7//2012/mithril:frodo', is_trigger=True)[0]
    assert workflow_state('c7//2012/mithril:"bag end"', is_message=True)[0]
    assert not workflow_state('c7//2012/arkenstone')[0]


def test_bad_arguments_are_rejected_when_called(upstream):
    with pytest.raises(WorkflowConfigError, match='Full ID needed'):
        workflow_state('up//20250101T0000Z')
    with pytest.raises(WorkflowConfigError, match='"elephant" is not a task'):
        workflow_state('up//20250101T0000Z/model:elephant')


@pytest.mark.parametrize(
    ('selector', 'message'),
    [('waiting', 'Cannot poll for'), ('preparing', 'Cannot poll for'),
     ('submitted', 'transient'), ('running', '"started" trigger instead')],
)
def test_unreliable_statuses_fail_validation(selector, message):
    with pytest.raises(WorkflowConfigError, match=message):
        validate({'workflow_task_id': f'up//1/foo:{selector}',
                  'is_trigger': False, 'is_message': False})


def test_transient_names_are_fine_as_triggers():
    validate({'workflow_task_id': 'up//1/foo:submitted', 'is_trigger': True})


def test_backcompat_signature_reads_the_database(upstream):
    satisfied, results = workflow_state_backcompat(
        'up', 'model', '20250101T0000Z'
    )
    assert satisfied
    assert results['workflow'] == 'up' and results['status'] == 'succeeded'
    assert workflow_state_backcompat(
        'up', 'model', '20250101T0000Z', message='file 1 ready'
    )[0]
    assert not workflow_state_backcompat(
        'up', 'model', '20250101T0000Z', status='failed'
    )[0]


def test_declaration_is_validated_then_rendered_and_called(upstream):
    declaration = parse_xtrigger(
        'upstream', 'workflow_state("up//%(point)s/model:file1",'
        ' offset="-PT6H", is_trigger=True):PT1M'
    )
    function = find_xtrigger_function('workflow_state', None)
    validate_xtrigger(declaration, function)
    args, kwargs = render_xtrigger_args(declaration, {'point': '20250101T0600Z'})
    satisfied, results = function(*args, **kwargs)
    assert satisfied
    assert results['point'] == '20250101T0000Z'
    assert results['trigger'] == 'file1'


def test_declaration_polling_a_running_status_fails_validation():
    declaration = parse_xtrigger(
        'upstream', 'workflow_state("up//%(point)s/model:running")'
    )
    with pytest.raises(XtriggerConfigError, match='transient'):
        validate_xtrigger(
            declaration, find_xtrigger_function('workflow_state', None)
        )


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    task_id=st.text(alphabet='up/:*"~ .T0125Zmodelx-', max_size=30),
    offset=st.none() | st.sampled_from(['PT6H', 'P1', '-P1D', 'x', '']),
    flow_num=st.none() | st.integers(-2, 3),
    is_trigger=st.booleans(),
)
def test_any_arguments_give_a_result_or_a_user_error(
    upstream, task_id, offset, flow_num, is_trigger
):
    try:
        satisfied, results = workflow_state(
            task_id, offset=offset, flow_num=flow_num, is_trigger=is_trigger
        )
    except CylcError:
        return
    assert isinstance(satisfied, bool)
    assert bool(results) is satisfied
