"""Rendering event handler templates: variables, quoting, legacy form."""

from __future__ import annotations

import shlex
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cylc_flow.events import HandlerTemplateError, check_handler_template
from cylc_flow.events.records import TaskEventContext, WorkflowEventContext
from cylc_flow.events.templates import (
    render_task_handler,
    render_template,
    render_workflow_handler,
    task_template_variables,
)

TASK_EXPECTED = {
    'event': 'failed',
    'workflow': 'flow/run1',
    'suite': 'flow/run1',
    'uuid': '0b1e-uuid',
    'suite_uuid': '0b1e-uuid',
    'workflow_uuid': '0b1e-uuid',
    'point': '20250101T0000Z',
    'name': 'model',
    'id': '20250101T0000Z/model',
    'submit_num': '3',
    'try_num': '2',
    'message': 'job failed',
    'job_runner_name': 'slurm',
    'batch_sys_name': 'slurm',
    'job_id': '98765',
    'batch_sys_job_id': '98765',
    'submit_time': '2025-01-01T00:00:01Z',
    'start_time': '2025-01-01T00:01:00Z',
    'finish_time': '2025-01-01T00:02:00Z',
    'platform_name': 'hpc',
    'user@host': 'hpc',
    'title': 'The model',
    'URL': 'https://example.org/model',
    'task_url': 'https://example.org/model',
    'importance': 'high',
    'workflow_title': 'My flow',
    'workflow_URL': 'https://example.org/flow',
    'workflow_url': 'https://example.org/flow',
    'workflow_rating': 'five stars',
}


@pytest.mark.parametrize('name, expected', sorted(TASK_EXPECTED.items()))
def test_every_task_variable_renders_as_one_shell_word(task_context, name, expected):
    command = render_task_handler(
        f'handler %({name})s', task_context, 'failed', 'job failed',
    )
    assert shlex.split(command) == ['handler', expected]


def test_task_values_are_quoted_against_the_shell(task_context):
    message = "it's $(rm -rf ~); `boom` & more"
    command = render_task_handler('h %(message)s', task_context, 'custom', message)
    assert shlex.split(command) == ['h', message]


def test_numbers_can_use_numeric_formats(task_context):
    command = render_task_handler(
        'h %(submit_num)02d %(try_num)d', task_context, 'failed', 'm',
    )
    assert command == 'h 03 2'


def test_unknown_times_and_job_details_render_as_none(workflow_context):
    context = TaskEventContext(workflow_context, '1', 'foo', submit_num=1)
    command = render_task_handler(
        'h %(start_time)s %(job_id)s %(platform_name)s', context, 'late', 'm',
    )
    assert shlex.split(command) == ['h', 'None', 'None', '']


def test_a_handler_without_placeholders_gets_the_legacy_arguments(task_context):
    command = render_task_handler('my-handler.sh', task_context, 'failed',
                                  "job failed, it's bad")
    assert command.startswith(
        "my-handler.sh 'failed' 'flow/run1' '20250101T0000Z/model' "
    )
    assert shlex.split(command) == [
        'my-handler.sh', 'failed', 'flow/run1', '20250101T0000Z/model',
        "job failed, it's bad",
    ]


def test_a_workflow_handler_without_placeholders_gets_three_arguments(
    workflow_context,
):
    command = render_workflow_handler('notify', workflow_context, 'stall',
                                      'Workflow stalled')
    assert command == "notify 'stall' 'flow/run1' 'Workflow stalled'"


WORKFLOW_EXPECTED = {
    'event': 'stall',
    'message': 'stalled',
    'workflow': 'flow/run1',
    'suite': 'flow/run1',
    'host': 'sched.example.org',
    'port': '43001',
    'owner': 'alice',
    'uuid': '0b1e-uuid',
    'suite_uuid': '0b1e-uuid',
    'workflow_uuid': '0b1e-uuid',
    'workflow_url': 'https://example.org/flow',
    'suite_url': 'https://example.org/flow',
    'title': "'My flow'",
    'rating': "'five stars'",
}


@pytest.mark.parametrize('name, expected', sorted(WORKFLOW_EXPECTED.items()))
def test_every_workflow_variable_renders_like_cylc(workflow_context, name, expected):
    command = render_workflow_handler(
        f'handler %({name})s', workflow_context, 'stall', 'stalled',
    )
    assert command == f'handler {expected}'


def test_a_workflow_without_a_server_has_port_minus_one():
    context = WorkflowEventContext('flow')
    assert render_workflow_handler('h %(port)s', context, 'startup', '') == 'h -1'


@pytest.mark.parametrize('template, reason', [
    ('h %(nope)s', "unknown variable 'nope'"),
    ('h %(event)', 'incomplete format'),
    ('h %(event)y', 'unsupported format character'),
    ('h %s', 'placeholders must be named'),
    ('h 100%', 'placeholders must be named'),
    ('h %(event)d', 'number is required'),
])
def test_bad_templates_raise_one_clear_error(task_context, template, reason):
    with pytest.raises(HandlerTemplateError, match=reason) as info:
        render_task_handler(template, task_context, 'failed', 'm')
    assert template in str(info.value)
    assert '\n' not in str(info.value)


def test_doubled_percent_is_a_literal_percent(task_context):
    assert render_task_handler('h 100%% %(name)s', task_context, 'x', 'm') == (
        'h 100% model'
    )


def test_check_handler_template_knows_the_standard_and_metadata_names():
    check_handler_template('h %(id)s %(user@host)s %(try_num)d')
    check_handler_template('h %(importance)s %(workflow_rating)s',
                           task_meta=['importance'], workflow_meta=['rating'])
    check_handler_template('h %(host)s %(port)d %(rating)s', task=False,
                           workflow_meta=['rating'])
    with pytest.raises(HandlerTemplateError):
        check_handler_template('h %(importance)s')
    with pytest.raises(HandlerTemplateError):
        check_handler_template('h %(id)s', task=False)


def test_task_variables_are_built_once_per_event(task_context):
    variables = task_template_variables(task_context, 'failed', 'job failed')
    assert set(TASK_EXPECTED) <= set(variables)


@given(st.text(alphabet=string.printable, max_size=60))
def test_any_template_renders_or_raises_a_template_error(template):
    variables = {'event': 'failed', 'submit_num': 1}
    try:
        result = render_template(template, variables)
    except HandlerTemplateError as exc:
        assert '\n' not in str(exc).replace(template, '')
    else:
        assert isinstance(result, str)
