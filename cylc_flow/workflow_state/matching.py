"""Run one state query against an open target database."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from cylc_flow.core.states import SUCCEEDED
from cylc_flow.db.errors import DatabaseValueError
from cylc_flow.workflow_state.database import TargetDatabase, TaskRow
from cylc_flow.workflow_state.points import DatabasePoints
from cylc_flow.workflow_state.query import (
    FINISHED_OUTPUTS,
    FINISHED_SELECTORS,
    QueryMode,
    StateQuery,
)

Outputs = dict[str, str] | list[str]

BEFORE_START = 'before start cycle point'
OUTPUT_FALLBACK_WARNING = (
    'Unable to filter by task output label for tasks run in Cylc versions'
    ' between 8.0.0-8.3.0. Falling back to filtering by task message instead.'
)


@dataclass(frozen=True, slots=True)
class StateResult:
    """One matching task: its status, or its completed outputs as stored
    (``{trigger: message}``, or a list of messages from Cylc 8.0-8.2).

    ``flow_nums`` is None when the database has no flows (Cylc 7).
    """

    name: str
    cycle: str
    status: str | None = None
    outputs: Outputs | None = None
    flow_nums: frozenset[int] | None = None


def decode_outputs(row: TaskRow, path: object) -> Outputs:
    """Decode a ``task_outputs`` value; DatabaseValueError if malformed."""
    try:
        value = json.loads(row.value)
    except (ValueError, RecursionError):
        value = None
    if isinstance(value, dict) and all(
        isinstance(key, str) and isinstance(item, str)
        for key, item in value.items()
    ):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise DatabaseValueError(
        f'{path}: task_outputs: bad outputs of {row.cycle}/{row.name}:'
        f' {row.value!r}'
    )


def trigger_completed(selector: str, outputs: Outputs) -> bool:
    """True if the output trigger (or ``finished``) is among ``outputs``."""
    if selector in outputs:
        return True
    return selector in FINISHED_SELECTORS and any(
        output in outputs for output in FINISHED_OUTPUTS
    )


def message_completed(selector: str, outputs: Outputs) -> bool:
    """True if the output message is among ``outputs``."""
    messages = outputs.values() if isinstance(outputs, dict) else outputs
    return selector in messages


def _flow_ok(flow_num: int | None, flow_nums: frozenset[int] | None) -> bool:
    return flow_num is None or flow_nums is None or flow_num in flow_nums


def _query_outputs(
    database: TargetDatabase,
    query: StateQuery,
    cycle: str | None,
    warn: Callable[[str], None] | None,
) -> list[StateResult]:
    selector = query.selector
    by_trigger = query.mode is QueryMode.TRIGGER
    warned = False
    results = []
    for row in database.select_outputs(query.task, cycle):
        if not _flow_ok(query.flow_num, row.flow_nums):
            continue
        outputs = decode_outputs(row, database.path)
        if selector is not None:
            if by_trigger and isinstance(outputs, list):
                # Cylc 8.0-8.2 recorded messages only: match the message.
                if warn is not None and not warned:
                    warn(OUTPUT_FALLBACK_WARNING)
                    warned = True
                matched = message_completed(selector, outputs)
            elif by_trigger:
                matched = trigger_completed(selector, outputs)
            else:
                matched = message_completed(selector, outputs)
            if not matched:
                continue
        results.append(
            StateResult(row.name, row.cycle, None, outputs, row.flow_nums)
        )
    return results


def _pre_start_result(query: StateQuery, cycle: str) -> StateResult:
    """What a task before the start point is taken to have done."""
    selector = query.selector or SUCCEEDED
    flows = None if query.flow_num is None else frozenset({query.flow_num})
    if query.is_output_query:
        return StateResult(
            query.task or '', cycle, None, {selector: BEFORE_START}, flows
        )
    return StateResult(query.task or '', cycle, selector, None, flows)


def run_query(
    database: TargetDatabase,
    query: StateQuery,
    cycle: str | None,
    *,
    points: DatabasePoints | None = None,
    accept_pre_start_tasks: bool = False,
    warn: Callable[[str], None] | None = None,
) -> list[StateResult]:
    """Tasks that match ``query`` at ``cycle`` (already in the database's
    point format), in database order.

    With ``accept_pre_start_tasks``, a specific point before the workflow's
    start point that has no rows counts as done.
    """
    if query.is_output_query:
        results = _query_outputs(database, query, cycle, warn)
    else:
        results = [
            StateResult(row.name, row.cycle, row.value, None, row.flow_nums)
            for row in database.select_states(query.task, cycle, query.selector)
            if _flow_ok(query.flow_num, row.flow_nums)
        ]
    if results or not accept_pre_start_tasks or cycle is None:
        return results
    if points is None:
        points = DatabasePoints(database.params, database.is_cylc7)
    if points.is_before_start(cycle):
        return [_pre_start_result(query, cycle)]
    return results
