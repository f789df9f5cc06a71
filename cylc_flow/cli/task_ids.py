"""Task IDs on the command line: ``WF//CYCLE/TASK ...`` or ``WF CYCLE/TASK ...``."""

from __future__ import annotations

from typing import Any

from cylc_flow.exceptions import InputError


def split_workflow_and_tasks(ids: list[str]) -> tuple[str, list[str]]:
    """One workflow and its relative task IDs, from Cylc 8's ID forms."""
    from cylc_flow.id import Tokens

    workflow: str | None = None
    tasks: list[str] = []
    for text in ids:
        if text.startswith('//'):
            tasks.append(text[2:])
            continue
        tokens = Tokens.parse(text)
        if tokens.workflow and '//' in text:
            if workflow not in (None, tokens.workflow_id()):
                raise InputError('give task IDs of one workflow per command')
            workflow = tokens.workflow_id()
            tasks.append(tokens.relative_id())
        elif workflow is None:
            workflow = text
        else:
            legacy = Tokens.parse_task_legacy(text)
            tasks.append(legacy.relative_id() if legacy else text)
    if workflow is None:
        raise InputError('give a workflow ID')
    if not tasks:
        raise InputError('give at least one task ID (WORKFLOW//CYCLE/TASK)')
    return workflow, tasks


def send_task_command(command: str, ids: list[str], args: dict[str, Any]) -> int:
    from cylc_flow.cli.running import client_for

    workflow, tasks = split_workflow_and_tasks(ids)
    reply = client_for(workflow).request(command, {**args, 'tasks': tasks})
    print(reply)
    return 0
