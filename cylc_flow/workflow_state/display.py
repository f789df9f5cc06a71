"""Result lines of ``cylc workflow-state``, as Cylc 8 prints them.

* ``2025/foo:succeeded``, or ``2025/foo:succeeded(flows=2)`` when the flows
  are not just the original flow 1 (``(flows=none)`` for no flow);
* output queries print the completed outputs, ``1/foo:{'submitted':
  'submitted', ...}`` (``--pretty``: indented JSON);
* ``--old-format``: ``foo, 2025, succeeded[, (flows=2)]``.
"""

from __future__ import annotations

import json

from cylc_flow.workflow_state.matching import StateResult


def format_flows(flow_nums: frozenset[int] | None) -> str:
    """``''`` for flow 1 (or no flows recorded), else ``(flows=1,2)``."""
    if flow_nums is None or flow_nums == {1}:
        return ''
    numbers = ','.join(str(number) for number in sorted(flow_nums))
    return f'(flows={numbers or "none"})'


def result_value(result: StateResult, pretty: bool = False) -> str:
    """The status, or the outputs (Python repr, or JSON when ``pretty``)."""
    if result.outputs is None:
        return result.status or ''
    if pretty:
        return json.dumps(result.outputs, indent=4)
    return str(result.outputs)


def format_result(
    result: StateResult, old_format: bool = False, pretty: bool = False
) -> str:
    """One result as printed."""
    value = result_value(result, pretty)
    flows = format_flows(result.flow_nums)
    if old_format:
        fields = [result.name, result.cycle, value]
        if flows:
            fields.append(flows)
        return ', '.join(fields)
    return f'{result.cycle}/{result.name}:{value}{flows}'
