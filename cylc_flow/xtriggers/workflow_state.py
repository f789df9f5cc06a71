"""The ``workflow_state`` xtrigger: another workflow's task status or output.

Declarations look like::

    upstream = workflow_state(other//%(point)s/model:succeeded):PT1M
    up_out = workflow_state(other//%(point)s/model:file1, is_trigger=True)

The scheduler fills in ``%(point)s`` and calls the function every interval
until it returns True; the query itself is
:mod:`cylc_flow.workflow_state`, shared with ``cylc workflow-state``.

The Cylc 8.0-8.2 form ``workflow_state(workflow, task, point, ...)`` is
accepted through :func:`workflow_state_backcompat`.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from metomi.isodatetime.exceptions import IsodatetimeError
from metomi.isodatetime.parsers import DurationParser

from cylc_flow.exceptions import InputError, WorkflowConfigError
from cylc_flow.id import Tokens
from cylc_flow.workflow_state.query import (
    QueryMode,
    check_polling_config,
    unquote,
)

IS_STUB = False

DEFAULT_STATUS = 'succeeded'
TASK_STATUSES = frozenset({
    'waiting', 'expired', 'preparing', 'submit-failed', 'submitted',
    'running', 'failed', 'succeeded',
})
_INTEGER_OFFSET = re.compile(r'[+-]?P\d+')
_FULL_ID_NEEDED = 'Full ID needed: workflow//cycle/task[:selector].'


def workflow_state(
    workflow_task_id: str,
    offset: str | None = None,
    flow_num: int | None = None,
    is_trigger: bool = False,
    is_message: bool = False,
    alt_cylc_run_dir: str | None = None,
    accept_pre_start_tasks: bool = False,
) -> tuple[bool, dict[str, Any]]:
    """Check a task status (or output) in another workflow's database.

    Args:
        workflow_task_id: ``workflow//point/task[:selector]``; the selector is
            a status (default succeeded), or an output if ``is_trigger``, or
            an output message if ``is_message``.
        offset: shift the point, an ISO 8601 or integer duration (PT1H, P1).
        flow_num: flow number of the target task (default: any flow).
        is_trigger: the selector is an output (trigger) name.
        is_message: the selector is an output message.
        alt_cylc_run_dir: another cylc-run directory (e.g. another user's).
        accept_pre_start_tasks: treat tasks before the other workflow's start
            point as done.

    Returns:
        ``(satisfied, results)``; when satisfied, results hold ``workflow``
        (the run found, e.g. ``other/run2``), ``task``, ``point`` (offset
        applied, in the other workflow's format), ``status``, ``trigger`` or
        ``message`` (whichever was polled for), and ``offset``, ``flow_num``
        and ``cylc_run_dir`` when they were given.  Unsatisfied: ``{}``.
    """
    from cylc_flow.workflow_state.poller import WorkflowStatePoller
    from cylc_flow.workflow_state.query import build_query

    arguments = {
        'workflow_task_id': workflow_task_id, 'offset': offset,
        'flow_num': flow_num, 'is_trigger': is_trigger,
        'is_message': is_message, 'alt_cylc_run_dir': alt_cylc_run_dir,
        'accept_pre_start_tasks': accept_pre_start_tasks,
    }
    validate(arguments)
    query = build_query(
        workflow_task_id,
        default_status=DEFAULT_STATUS,
        is_trigger=is_trigger,
        is_message=is_message,
        offset=offset,
        flow_num=flow_num,
    )
    poller = WorkflowStatePoller(
        query,
        alt_cylc_run_dir=alt_cylc_run_dir,
        accept_pre_start_tasks=accept_pre_start_tasks,
        warn=_warn,
    )
    if not poller.check() or poller.target is None:
        return False, {}
    results: dict[str, Any] = {
        'workflow': poller.target.workflow_id,
        'task': query.task,
        'point': poller.cycle,
    }
    if alt_cylc_run_dir is not None:
        results['cylc_run_dir'] = alt_cylc_run_dir
    if offset is not None:
        results['offset'] = offset
    if flow_num is not None:
        results['flow_num'] = flow_num
    key = {
        QueryMode.MESSAGE: 'message', QueryMode.TRIGGER: 'trigger',
    }.get(query.mode, 'status')
    results[key] = query.selector
    return True, results


def _warn(message: str) -> None:
    print(f'WARNING - {message}', file=sys.stderr)


def _is_offset(value: str) -> bool:
    text = value.strip()
    if _INTEGER_OFFSET.fullmatch(text):
        return True
    try:
        DurationParser().parse(text)
    except (IsodatetimeError, ValueError, TypeError):
        return False
    return True


def validate(args: dict[str, Any]) -> None:
    """Check the arguments (templates such as %(point)s not yet filled)."""
    task_id = args.get('workflow_task_id')
    if not isinstance(task_id, str):
        raise WorkflowConfigError(_FULL_ID_NEEDED)
    try:
        tokens = Tokens.parse(task_id)
    except InputError:
        raise WorkflowConfigError(_FULL_ID_NEEDED) from None
    if not (tokens.workflow and tokens.cycle and tokens.task):
        raise WorkflowConfigError(_FULL_ID_NEEDED)

    flow_num = args.get('flow_num')
    if flow_num is not None and (
        isinstance(flow_num, bool) or not isinstance(flow_num, int)
    ):
        raise WorkflowConfigError('flow_num must be an integer if given.')

    offset = args.get('offset')
    if offset is not None and not (isinstance(offset, str) and _is_offset(offset)):
        raise WorkflowConfigError(
            f'offset must be an ISO 8601 or integer duration (e.g. PT1H, P1):'
            f' {offset}'
        )

    for flag in ('is_trigger', 'is_message', 'accept_pre_start_tasks'):
        if not isinstance(args.get(flag, False), bool):
            raise WorkflowConfigError(f'{flag} must be True or False.')
    is_trigger = args.get('is_trigger', False)
    is_message = args.get('is_message', False)
    if is_trigger and is_message:
        raise WorkflowConfigError(
            'is_trigger and is_message cannot both be True.'
        )

    run_dir = args.get('alt_cylc_run_dir')
    if run_dir is not None and not isinstance(run_dir, str):
        raise WorkflowConfigError('alt_cylc_run_dir must be a path.')

    selector = unquote(tokens.cycle_sel or tokens.task_sel or DEFAULT_STATUS)
    if not (is_trigger or is_message) and selector not in TASK_STATUSES:
        raise WorkflowConfigError(
            f'"{selector}" is not a task status: use is_trigger=True to poll'
            ' for an output, or is_message=True for an output message.'
        )
    if not (is_trigger or is_message):
        try:
            check_polling_config(selector, QueryMode.STATUS)
        except InputError as exc:
            raise WorkflowConfigError(str(exc)) from None


def upgrade_arguments(args: dict[str, Any]) -> dict[str, Any]:
    """Map the Cylc 8.0-8.2 arguments to the current ones."""
    task_id = f"{args['workflow']}//{args['point']}/{args['task']}"
    is_message = False
    if args.get('message') is not None:
        is_message = True
        task_id += f":{args['message']}"
    elif args.get('status') is not None:
        task_id += f":{args['status']}"
    return {
        'workflow_task_id': task_id,
        'offset': args.get('offset'),
        'flow_num': None,
        'is_trigger': False,
        'is_message': is_message,
        'alt_cylc_run_dir': args.get('cylc_run_dir'),
        'accept_pre_start_tasks': False,
    }


def workflow_state_backcompat(
    workflow: str,
    task: str,
    point: str,
    offset: str | None = None,
    status: str = DEFAULT_STATUS,
    message: str | None = None,
    cylc_run_dir: str | None = None,
) -> tuple[bool, dict[str, Any]]:
    """The Cylc 8.0-8.2 signature (deprecated); see :func:`workflow_state`."""
    arguments = {
        'workflow': workflow, 'task': task, 'point': point, 'offset': offset,
        'status': status, 'message': message, 'cylc_run_dir': cylc_run_dir,
    }
    satisfied, _results = workflow_state(**upgrade_arguments(arguments))
    return satisfied, arguments


def validate_backcompat(args: dict[str, Any]) -> None:
    """Validate the Cylc 8.0-8.2 arguments by upgrading them."""
    validate(upgrade_arguments(args))
