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
from collections.abc import Callable, Mapping
from typing import Any

from cylc_flow.cli.running import Target, graphql, resolve
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
            results.append((False, 'unexpected reply from the scheduler'
                                   f' (no result): {field_value!r}'))
            continue
        for entry in entries:
            response = entry.get('response') if isinstance(entry, dict) else None
            if isinstance(response, list | tuple) and len(response) == 2:
                results.append((bool(response[0]), str(response[1])))
            else:
                results.append((False, f'malformed result: {entry!r}'))
    return results


def send_mutation(target: Target, request_string: str,
                  variables: dict[str, Any], *, timeout: float
                  ) -> list[tuple[bool, str]]:
    """Send one mutation to a running workflow; return its results."""
    return mutation_results(
        graphql(target, request_string, variables, timeout=timeout))


def run_mutation_command(ids: list[str], build: MutationBuilder, *,
                         constraint: str, timeout: float,
                         max_tasks: int | None = None) -> int:
    """Group ``ids`` by workflow, send each workflow its mutation, report.

    Every mutation is built before any is sent, so a bad ID or option
    anywhere on the command line sends nothing.  With several workflows, one
    that is not installed or does not answer is reported on its own line.
    Returns the exit status: 0 if every workflow accepted the command.
    """
    groups = expand_workflow_globs(
        group_ids(ids, constraint=constraint, max_tasks=max_tasks))
    multi = len(groups) > 1
    # (workflow, the error that stops it, or its target and mutation)
    prepared: list[tuple[str, CylcError | tuple[Target, str, dict[str, Any]]]] = []
    for group in groups:
        try:
            target = resolve(group.workflow)
        except CylcError as error:
            if not multi:
                raise
            prepared.append((group.workflow, error))
            continue
        built = build(target.workflow_id, group)
        if built is not None:
            prepared.append((target.workflow_id, (target, *built)))
    ok = True
    for workflow, request in prepared:
        if isinstance(request, CylcError):
            results = [(False, f'{type(request).__name__}: {request}')]
        else:
            try:
                results = send_mutation(*request, timeout=timeout)
            except CylcError as error:
                if not multi:
                    raise
                results = [(False, f'{type(error).__name__}: {error}')]
        for success, message in results:
            _print_line(workflow, message, multi,
                        sys.stdout if success else sys.stderr)
            ok = ok and success
    return 0 if ok else 1


def _print_line(workflow: str, text: str, multi: bool, stream: Any) -> None:
    print(f'{workflow}: {text}' if multi else text, file=stream)


def workflow_mutation(name: str, arguments: Mapping[str, str] | None = None,
                      *, tasks: bool = False,
                      variables: Mapping[str, str] | None = None) -> str:
    """The text of a mutation of ``workflows`` (and ``tasks``) plus
    ``arguments`` (argument name: GraphQL type).

    Each argument is sent as the variable of the same name unless
    ``variables`` (argument name: variable name) renames it.
    """
    fields = {'workflows': ('wFlows', '[WorkflowID]!')}
    if tasks:
        fields['tasks'] = ('tasks', '[NamespaceIDGlob]!')
    for argument, kind in (arguments or {}).items():
        fields[argument] = ((variables or {}).get(argument, argument), kind)
    declared = ', '.join(f'${variable}: {kind}'
                         for variable, kind in fields.values())
    used = ', '.join(f'{argument}: ${variable}'
                     for argument, (variable, _) in fields.items())
    return f'mutation ({declared}) {{\n  {name} ({used}) {{ result }}\n}}'


def task_mutation(name: str, arguments: Mapping[str, str] | None = None
                  ) -> str:
    """The text of a task mutation (``workflows``, ``tasks``, ``arguments``)."""
    return workflow_mutation(name, arguments, tasks=True)


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
