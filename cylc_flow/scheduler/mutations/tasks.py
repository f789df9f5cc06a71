"""Mutations on tasks: trigger, set, hold, release, remove, kill, poll.

Each handler runs on the event loop between turns, so it may read the pool:
it checks the arguments and matches the task IDs now, rejecting the command
with a reason (returned to the caller and logged as ``Command "<name>"
rejected: <reason>``) if they are wrong or match nothing.  The work itself
is queued for the next turn, which logs ``Command "<name>" actioned``.
"""

from __future__ import annotations

from typing import Any

from cylc_flow.exceptions import CylcError, InputError
from cylc_flow.scheduler.mutations.arguments import (
    PREREQUISITE_ALL,
    parse_prerequisite,
    validate_flows,
    validate_set,
)

QUEUED = 'Command queued'
# commands that may name tasks not in the pool yet (n>0)
INACTIVE_ALLOWED = frozenset({'trigger', 'set', 'hold', 'release'})


def reject(scheduler: Any, name: str, reason: str) -> tuple[bool, str]:
    """Log a rejection now (as Cylc does) and return it."""
    scheduler.log.warning(f'Command "{name}" rejected: {reason}')
    return False, reason


def parse_point(scheduler: Any, text: Any, what: str = 'cycle point') -> Any:
    """A cycle point of this workflow (raises InputError)."""
    try:
        return scheduler._point(str(text))
    except (CylcError, ValueError, TypeError):
        raise InputError(f'Invalid {what}: {text}') from None


def task_ids(args: dict) -> list[str]:
    tasks = args.get('tasks')
    if not isinstance(tasks, list | tuple) or not tasks:
        raise InputError('give at least one task ID')
    return [str(task) for task in tasks]


def check_options(scheduler: Any, name: str, args: dict,
                  targets: list) -> dict[str, Any]:
    """The command's options, checked (raises InputError)."""
    options: dict[str, Any] = {}
    if name in ('trigger', 'set'):
        options['flow'] = validate_flows(args.get('flow'),
                                         bool(args.get('flow_wait')),
                                         args.get('flow_descr'))
        options['flow_wait'] = bool(args.get('flow_wait'))
        options['flow_descr'] = args.get('flow_descr')
    if name == 'remove':
        flows = validate_flows(args.get('flow'))
        if any(not value.isdigit() for value in flows):
            raise InputError('remove --flow takes flow numbers only')
        options['flow'] = [int(value) for value in flows]
    if name == 'set':
        outputs, prerequisites = validate_set(args.get('outputs'),
                                              args.get('prerequisites'))
        check_outputs(scheduler.config, outputs, targets)
        check_prerequisites(scheduler, prerequisites)
        options['outputs'] = outputs
        options['prerequisites'] = prerequisites
    return options


def check_outputs(config: Any, outputs: list[str], targets: list) -> None:
    """Every output must be defined for every target task."""
    if not outputs:
        return
    seen: set[str] = set()
    for _point, name in targets:
        if name in seen:
            continue
        seen.add(name)
        defined = config.taskdefs[name].outputs
        for output in outputs:
            if output not in defined and output not in defined.values():
                raise InputError(f'Output "{output}" is not defined for'
                                 f' task "{name}"')


def check_prerequisites(scheduler: Any, prerequisites: list[str]) -> None:
    for text in prerequisites:
        if text == PREREQUISITE_ALL:
            continue
        cycle, task, _output = parse_prerequisite(text) or ('', '', '')
        try:
            parse_point(scheduler, cycle)
        except InputError:
            raise InputError(f'Invalid cycle point in prerequisite:'
                             f' {text}') from None
        if task not in scheduler.config.taskdefs:
            raise InputError(f'No such task in prerequisite: {text}')


def task_command(name: str):
    """The handler of the task command ``name``."""

    def handler(scheduler: Any, args: dict) -> tuple[bool, str]:
        from cylc_flow.scheduler.task_matching import match_tasks

        try:
            ids = task_ids(args)
            targets, unmatched = match_tasks(
                scheduler.config, scheduler.core.pool, ids,
                inactive=name in INACTIVE_ALLOWED, point=scheduler._point)
            if not targets:
                return reject(scheduler, name, 'No matching tasks found: '
                              + ', '.join(unmatched))
            options = check_options(scheduler, name, args, targets)
        except CylcError as error:
            return reject(scheduler, name, str(error))
        scheduler.post(scheduler.run_task_command, name, targets, unmatched,
                       options)
        return True, QUEUED

    handler.__name__ = name
    return handler


HANDLERS = {name: task_command(name) for name in
            ('trigger', 'set', 'hold', 'release', 'remove', 'kill', 'poll')}
