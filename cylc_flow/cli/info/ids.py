"""Command-line IDs of the information commands, and the GraphQL request.

``cylc show WORKFLOW[//CYCLE/TASK] [//CYCLE/TASK ...]`` names one workflow
and any number of tasks (globs allowed); ``cylc get-workflow-version`` takes
many workflow IDs, where globs match the running workflows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cylc_flow.exceptions import InputError


@dataclass(frozen=True, slots=True)
class Target:
    """An installed workflow: its full ID (with the run name) and run dir."""

    workflow_id: str
    run_dir: Path


def workflow_and_tasks(ids: list[str]) -> tuple[str, list[str]]:
    """One workflow and the relative task IDs given with it.

    Accepts ``WF//CYCLE/TASK``, ``WF //CYCLE/TASK``, ``WF CYCLE/TASK`` and
    Cylc 7's ``WF NAME.CYCLE``.
    """
    from cylc_flow.id import Tokens

    workflow: str | None = None
    tasks: list[str] = []
    for text in ids:
        if text.startswith('//'):
            if workflow is None:
                raise InputError(f'{text}: give the workflow ID first')
            tasks.append(Tokens.parse(text).relative_id())
            continue
        if workflow is None or '//' in text:
            tokens = Tokens.parse(text)
            name = tokens.workflow_id()
            if not name:
                raise InputError(f'invalid ID: {text}')
            if workflow not in (None, name):
                raise InputError(
                    f'give one workflow per command ({workflow}, {name})')
            workflow = name
            if tokens.is_task_like:
                tasks.append(tokens.relative_id())
            continue
        legacy = Tokens.parse_task_legacy(text)
        tokens = legacy or Tokens.parse('//' + text)
        tasks.append(tokens.relative_id())
    if workflow is None:
        raise InputError('give a workflow ID')
    return workflow, tasks


def resolve(workflow: str) -> Target:
    """The installed run a workflow ID names (``runN`` followed)."""
    from cylc_flow.cli.running import resolve_run

    workflow_id, run_dir = resolve_run(workflow)
    return Target(workflow_id, Path(run_dir))


def expand_workflow_ids(ids: list[str]) -> list[str]:
    """Workflow IDs with globs replaced by the running workflows they match.

    A glob that matches nothing is an error; duplicates are dropped.
    """
    from cylc_flow.cli.task_ids import has_glob, matching_workflows
    from cylc_flow.id import Tokens
    from cylc_flow.network.scan import running_workflows

    found: list[str] = []
    running: list[str] | None = None
    for text in ids:
        name = Tokens.parse(text).workflow_id()
        if not name:
            raise InputError(f'invalid workflow ID: {text}')
        if not has_glob(name):
            found.append(name)
            continue
        if running is None:
            running = running_workflows()
        matches = matching_workflows(name, running)
        if not matches:
            raise InputError(f'no running workflow matches {name}')
        found.extend(matches)
    return list(dict.fromkeys(found))


def graphql(target: Target, query: str, variables: dict[str, Any],
            *, timeout: float) -> Any:
    """Send a GraphQL query to a running workflow; return its data."""
    from cylc_flow.network.client import WorkflowClient

    with WorkflowClient(target.workflow_id, run_dir=target.run_dir,
                        timeout=timeout) as client:
        data = client.request(
            'graphql', {'request_string': query, 'variables': variables})
    if not isinstance(data, dict):
        from cylc_flow.network.errors import ClientError

        raise ClientError(f'{target.workflow_id}: unexpected reply: {data!r}')
    return data


def add_comms_options(parser: Any, default_timeout: float = 5.0) -> None:
    """``--comms-timeout`` and the common ``--debug``/``-v``/``-q``."""
    from cylc_flow.cli.graphql_commands import add_comms_options as comms
    from cylc_flow.cli.options import add_common_options

    comms(parser, default_timeout, debug=False)
    add_common_options(parser)
