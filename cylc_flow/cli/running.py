"""Finding an installed workflow and talking to it from the command line.

``resolve`` turns a command-line ID into a :class:`Target` once; ``request``
and ``graphql`` send it one request on a client they close afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Target:
    """An installed workflow: its full ID (with the run name) and run dir."""

    workflow_id: str
    run_dir: Path


def resolve(workflow: str) -> Target:
    """The installed run a command-line workflow ID names (``runN``
    followed)."""
    from cylc_flow.exceptions import WorkflowFilesError
    from cylc_flow.workflow_paths import locate_workflow

    location = locate_workflow(workflow.split('//', 1)[0])
    if not location.installed:
        raise WorkflowFilesError(
            f'{workflow} is not an installed workflow (run "cylc install" first)')
    return Target(location.workflow_id, location.directory)


def request(target: Target, method: str, args: dict[str, Any], *,
            timeout: float) -> Any:
    """Send one request to a running workflow; return the reply's data."""
    from cylc_flow.network.client import WorkflowClient

    with WorkflowClient(target.workflow_id, run_dir=target.run_dir,
                        timeout=timeout) as client:
        return client.request(method, args)


def graphql(target: Target, query: str, variables: dict[str, Any], *,
            timeout: float) -> dict[str, Any]:
    """Send a GraphQL query or mutation to a running workflow; return its
    data."""
    data = request(target, 'graphql',
                   {'request_string': query, 'variables': variables},
                   timeout=timeout)
    if not isinstance(data, dict):
        from cylc_flow.network.errors import ClientError

        raise ClientError(f'{target.workflow_id}: unexpected reply: {data!r}')
    return data
