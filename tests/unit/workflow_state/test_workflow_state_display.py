"""Result lines as ``cylc workflow-state`` prints them."""

from __future__ import annotations

import json

import pytest

from cylc_flow.workflow_state.display import format_flows, format_result
from cylc_flow.workflow_state.matching import StateResult


@pytest.mark.parametrize(
    ('flows', 'text'),
    [(None, ''), (frozenset({1}), ''), (frozenset({2}), '(flows=2)'),
     (frozenset({3, 1}), '(flows=1,3)'), (frozenset(), '(flows=none)')],
)
def test_flows_are_shown_unless_just_flow_one(flows, text):
    assert format_flows(flows) == text


def test_status_line_is_cycle_task_status():
    result = StateResult('foo', '2025', 'succeeded', None, frozenset({1}))
    assert format_result(result) == '2025/foo:succeeded'
    assert format_result(
        StateResult('foo', '2025', 'failed', None, frozenset({1, 2}))
    ) == '2025/foo:failed(flows=1,2)'


def test_old_format_is_comma_separated_name_first():
    result = StateResult('foo', '2025', 'failed', None, frozenset({2}))
    assert format_result(result, old_format=True) == 'foo, 2025, failed, (flows=2)'
    result = StateResult('foo', '2025', 'failed', None, frozenset({1}))
    assert format_result(result, old_format=True) == 'foo, 2025, failed'


def test_outputs_print_as_a_python_dict_or_indented_json():
    outputs = {'submitted': 'submitted', 'x': 'file ready'}
    result = StateResult('foo', '1', None, outputs, frozenset({1}))
    assert format_result(result) == (
        "1/foo:{'submitted': 'submitted', 'x': 'file ready'}"
    )
    pretty = format_result(result, pretty=True)
    assert pretty.startswith('1/foo:{\n    "submitted"')
    assert json.loads(pretty.split(':', 1)[1]) == outputs


def test_pretty_does_not_change_status_lines():
    result = StateResult('foo', '1', 'running', None, None)
    assert format_result(result, pretty=True) == '1/foo:running'
