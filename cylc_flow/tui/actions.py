"""The context menu: what a user can do to a node, as GraphQL mutations.

Commands go out as the same mutations the CLI sends, e.g.::

    mutation ($wFlows: [WorkflowID]!, $tasks: [NamespaceIDGlob]!) {
      hold (workflows: $wFlows, tasks: $tasks) { result }
    }
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cylc_flow.cli.graphql_commands import mutation_results, workflow_mutation
from cylc_flow.scripts.stop import ARGUMENTS as STOP_ARGUMENTS
from cylc_flow.tui.model import CYCLE, FAMILY, JOB, TASK, WORKFLOW, TreeNode

MUTATION = 'mutation'
PLAY = 'play'
LOG = 'log'

#: task-level commands, in menu order
TASK_COMMANDS = ('hold', 'release', 'trigger', 'kill', 'poll', 'set', 'remove')
#: commands on one job (they act on its task)
JOB_COMMANDS = ('kill', 'poll')

#: GraphQL types of the arguments of the mutations the menu sets arguments of
ARGUMENT_TYPES = {'stop': STOP_ARGUMENTS}


@dataclass(frozen=True, slots=True)
class MenuAction:
    """One menu entry."""

    label: str
    kind: str  # MUTATION, PLAY or LOG
    workflow: str  # the workflow name (no ~user)
    mutation: str = ''
    tasks: tuple[str, ...] = ()
    arguments: tuple[tuple[str, Any], ...] = ()
    log_target: str = ''  # LOG: '' (scheduler log) or cycle/task[/NN]
    log_file: str = ''  # LOG: job.out, job.err, ...

    @property
    def description(self) -> str:
        """What the action does, for the result line."""
        target = ' '.join(self.tasks) or self.workflow
        return f'{self.label} {target}'


def _task_actions(workflow: str, target: str) -> list[MenuAction]:
    return [MenuAction(name, MUTATION, workflow, name, (target,))
            for name in TASK_COMMANDS]


def _log_actions(workflow: str, target: str) -> list[MenuAction]:
    return [MenuAction(f'log {name}', LOG, workflow, log_target=target,
                       log_file=name) for name in ('job.out', 'job.err')]


def actions_for(node: TreeNode) -> list[MenuAction]:
    """The menu entries of a node (none for info and message rows)."""
    workflow = node.workflow
    relative = node.relative_id
    if node.kind == WORKFLOW:
        return _workflow_actions(workflow, node.data)
    if node.kind == CYCLE:
        return _task_actions(workflow, f'{relative}/*')
    if node.kind == FAMILY:
        return _task_actions(workflow, relative)
    if node.kind == TASK:
        return [*_task_actions(workflow, relative),
                *_log_actions(workflow, relative)]
    if node.kind == JOB:
        task_id = relative.rsplit('/', 1)[0]
        return [*(MenuAction(name, MUTATION, workflow, name, (task_id,))
                  for name in JOB_COMMANDS),
                *_log_actions(workflow, relative)]
    return []


def _workflow_actions(workflow: str, data: Mapping[str, Any]) -> list[MenuAction]:
    status = data.get('status') or 'stopped'
    scheduler_log = MenuAction('log', LOG, workflow, log_file='log')
    if status == 'stopped':
        return [MenuAction('play', PLAY, workflow), scheduler_log]
    actions = []
    if status == 'running':
        actions.append(MenuAction('pause', MUTATION, workflow, 'pause'))
    elif status == 'paused':
        actions.append(MenuAction('play', MUTATION, workflow, 'resume'))
    actions += [
        MenuAction('reload', MUTATION, workflow, 'reload'),
        MenuAction('stop', MUTATION, workflow, 'stop'),
        MenuAction('stop --now', MUTATION, workflow, 'stop',
                   arguments=(('mode', 'Now'),)),
        MenuAction('stop --kill', MUTATION, workflow, 'stop',
                   arguments=(('mode', 'Kill'),)),
        scheduler_log,
    ]
    return actions


def mutation_request(action: MenuAction) -> dict[str, Any]:
    """The ``graphql`` request arguments that perform a mutation action:
    the CLI's mutation text, with only the arguments the action sets."""
    types = ARGUMENT_TYPES.get(action.mutation, {})
    variables: dict[str, Any] = {'wFlows': [action.workflow]}
    if action.tasks:
        variables['tasks'] = list(action.tasks)
    variables.update(action.arguments)
    request = workflow_mutation(
        action.mutation, {name: types[name] for name, _ in action.arguments},
        tasks=bool(action.tasks))
    return {'request_string': request, 'variables': variables}


def interpret_reply(action: MenuAction, reply: Any) -> tuple[bool, str]:
    """``(success, one-line message)`` from a mutation's reply."""
    results = mutation_results(reply)
    ok = all(success for success, _ in results)
    messages = sorted({message for _, message in results})
    return ok, f'{action.description}: {"; ".join(messages)}'
