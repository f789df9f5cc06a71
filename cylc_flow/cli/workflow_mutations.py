"""Whole-workflow mutations (reload, verbosity, ext-trigger) on top of
:mod:`cylc_flow.cli.graphql_commands`."""

from __future__ import annotations

from typing import Any

from cylc_flow.cli import graphql_commands
from cylc_flow.cli.task_ids import WORKFLOWS, group_ids
from cylc_flow.exceptions import CylcError, InputError


def workflow_ids(ids: list[str]) -> list[str]:
    """Workflow IDs from the command line (``WORKFLOW`` or ``WORKFLOW//``)."""
    return [group.workflow for group in group_ids(ids, constraint=WORKFLOWS)]


def send_mutation(workflow: str, field: str, request_string: str,
                  variables: dict[str, Any], *, timeout: float = 30.0
                  ) -> tuple[bool, str]:
    """Send the mutation to one workflow; return its (success, message)."""
    results = graphql_commands.send_mutation(
        graphql_commands.resolve_workflow(workflow), request_string,
        variables, timeout=timeout)
    if len(results) != 1:
        raise CylcError(f'{workflow}: unexpected reply to {field}: {results!r}')
    return results[0]


def mutate_workflows(ids: list[str], field: str, request_string: str,
                     variables: dict[str, Any], *, timeout: float = 30.0
                     ) -> int:
    """Send the mutation to each workflow named; print each outcome (on
    stderr if it failed); return the exit status (1 if any failed)."""
    if not ids:
        raise InputError('give a workflow ID')
    return graphql_commands.run_mutation_command(
        ids, lambda workflow_id, _group: (
            request_string, {**variables, 'wFlows': [workflow_id]}),
        constraint=WORKFLOWS, timeout=timeout)
