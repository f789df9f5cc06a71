"""``cylc get-workflow-version``: ask each workflow its Cylc version."""

from __future__ import annotations

from collections.abc import Iterator

from cylc_flow.cli.info import queries
from cylc_flow.cli.running import graphql, resolve
from cylc_flow.exceptions import CylcError


def workflow_version(workflow: str, *, timeout: float) -> str:
    """The ``cylcVersion`` a running workflow reports."""
    target = resolve(workflow)
    data = graphql(target, queries.VERSION, {'wFlows': [target.workflow_id]},
                   timeout=timeout)
    for item in data.get('workflows') or ():
        if isinstance(item, dict) and item.get('cylcVersion'):
            return str(item['cylcVersion'])
    raise CylcError(f'{target.workflow_id}: the workflow gave no version')


def workflow_versions(workflows: list[str], *, timeout: float
                      ) -> Iterator[tuple[str, str | None, str | None]]:
    """``(workflow, version, None)`` or ``(workflow, None, error)`` each."""
    for workflow in workflows:
        try:
            yield workflow, workflow_version(workflow, timeout=timeout), None
        except CylcError as exc:
            yield workflow, None, f'{type(exc).__name__}: {exc}'
