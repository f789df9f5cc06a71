"""Sending control commands as GraphQL mutations, as Cylc 8's CLI does.

A command builds one mutation per workflow (``request_string`` plus
``variables``), sends it with the ``graphql`` request method and reports
each workflow's ``result``: ``[{id, response: [success, message]}]``.
Success prints the message (``Command queued``); a rejection prints its
reason on stderr and the command exits 1.  With several workflows each line
starts with the workflow ID.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from cylc_flow.cli.task_ids import IdGroup, expand_workflow_globs, group_ids
from cylc_flow.exceptions import CylcError

DEFAULT_COMMS_TIMEOUT = 10.0

# (workflow ID, its group) -> (mutation text, variables) or None to skip
MutationBuilder = Callable[[str, IdGroup], tuple[str, dict[str, Any]] | None]


def add_comms_options(parser: argparse.ArgumentParser,
                      default_timeout: float = DEFAULT_COMMS_TIMEOUT, *,
                      debug: bool = True) -> None:
    """``--comms-timeout`` (and ``--debug``): options of every network
    command."""
    parser.add_argument('--comms-timeout', type=float, metavar='SEC',
                        default=default_timeout,
                        help='seconds to wait for the scheduler to reply'
                             f' (default {default_timeout:g})')
    if debug:
        parser.add_argument('--debug', action='store_true',
                            help='show tracebacks')


def mutation_results(data: Any) -> list[tuple[bool, str]]:
    """``[(success, message)]`` from the data of a mutation reply."""
    results: list[tuple[bool, str]] = []
    if not isinstance(data, dict) or not data:
        return [(False, f'unexpected reply from the scheduler: {data!r}')]
    for field_value in data.values():
        entries = (field_value or {}).get('result') if isinstance(
            field_value, dict) else None
        if not isinstance(entries, list) or not entries:
            results.append((False, 'the scheduler returned no result'))
            continue
        for entry in entries:
            response = entry.get('response') if isinstance(entry, dict) else None
            if isinstance(response, list | tuple) and len(response) == 2:
                results.append((bool(response[0]), str(response[1])))
            else:
                results.append((False, f'malformed result: {entry!r}'))
    return results


def send_mutation(workflow_id: str, request_string: str,
                  variables: dict[str, Any], *, timeout: float
                  ) -> list[tuple[bool, str]]:
    """Send one mutation to a running workflow; return its results."""
    from cylc_flow.cli.running import client_for

    client = client_for(workflow_id, timeout=timeout)
    try:
        data = client.request('graphql', {'request_string': request_string,
                                          'variables': variables})
    finally:
        client.close()
    return mutation_results(data)


def resolve_workflow(workflow: str) -> str:
    """The installed workflow ID (with its run name) of a command-line ID."""
    from cylc_flow.cli.running import resolve_run

    return resolve_run(workflow)[0]


def run_mutation_command(ids: list[str], build: MutationBuilder, *,
                         constraint: str, timeout: float,
                         max_tasks: int | None = None) -> int:
    """Group ``ids`` by workflow, send each workflow its mutation, report.

    Returns the exit status: 0 if every workflow accepted the command.
    """
    groups = expand_workflow_globs(
        group_ids(ids, constraint=constraint, max_tasks=max_tasks))
    multi = len(groups) > 1
    ok = True
    for group in groups:
        try:
            workflow_id = resolve_workflow(group.workflow)
            built = build(workflow_id, group)
            if built is None:
                continue
            results = send_mutation(workflow_id, *built, timeout=timeout)
        except CylcError as error:
            if not multi:
                raise
            _print_line(group.workflow, f'{type(error).__name__}: {error}',
                        multi, sys.stderr)
            ok = False
            continue
        for success, message in results:
            _print_line(workflow_id, message, multi,
                        sys.stdout if success else sys.stderr)
            ok = ok and success
    return 0 if ok else 1


def _print_line(workflow: str, text: str, multi: bool, stream: Any) -> None:
    print(f'{workflow}: {text}' if multi else text, file=stream)


def task_mutation(name: str, extra_types: str = '', extra_args: str = '',
                  ) -> str:
    """The text of a task mutation (``workflows`` and ``tasks`` arguments
    plus ``extra``)."""
    return (
        f'mutation (\n  $wFlows: [WorkflowID]!,\n'
        f'  $tasks: [NamespaceIDGlob]!,{extra_types}\n) {{\n'
        f'  {name} (\n    workflows: $wFlows,\n    tasks: $tasks,{extra_args}\n'
        f'  ) {{\n    result\n  }}\n}}\n'
    )


def workflow_mutation(name: str, extra_types: str = '', extra_args: str = '',
                      ) -> str:
    """The text of a workflow mutation (``workflows`` argument plus
    ``extra``)."""
    return (
        f'mutation (\n  $wFlows: [WorkflowID]!,{extra_types}\n) {{\n'
        f'  {name} (\n    workflows: $wFlows,{extra_args}\n'
        f'  ) {{\n    result\n  }}\n}}\n'
    )


def task_command_main(prog: str, doc: str | None, mutation_name: str,
                      argv: list[str] | None) -> int:
    """``main`` of a task command with no options of its own (kill, poll)."""
    from cylc_flow.cli.options import make_parser
    from cylc_flow.cli.task_ids import TASKS

    parser = make_parser(prog, doc)
    parser.add_argument('ids', nargs='+', metavar='ID')
    add_comms_options(parser)
    args = parser.parse_args(argv)
    mutation = task_mutation(mutation_name)

    def build(workflow_id: str, group: IdGroup):
        return mutation, {'wFlows': [workflow_id], 'tasks': group.tasks}

    return run_mutation_command(args.ids, build, constraint=TASKS,
                                timeout=args.comms_timeout)
