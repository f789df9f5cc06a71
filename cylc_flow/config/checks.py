"""Consistency checks run once a workflow's task definitions are built.

Each check raises :class:`WorkflowConfigError` with one line a user can act
on, in the style of Cylc 8's messages.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from cylc_flow.config.taskdef import STANDARD_OUTPUTS
from cylc_flow.exceptions import CylcError, WorkflowConfigError

if TYPE_CHECKING:
    from cylc_flow.config.workflow_config import WorkflowConfig

# (task, point) nodes beyond which the cyclic check looks at a window only
CYCLE_CHECK_NODE_BUDGET = 300_000
CYCLE_CHECK_POINTS_PER_SEQUENCE = 1_000


def check_workflow(config: WorkflowConfig) -> None:
    """Run every check, cheapest first."""
    check_graph_not_empty(config)
    check_implicit_tasks(config)
    check_families_not_tasks(config)
    check_outputs(config)
    check_completion(config)
    check_xtriggers(config)
    check_special_tasks(config)
    check_queues(config)
    check_platforms(config)
    check_cyclic(config)


def check_graph_not_empty(config: WorkflowConfig) -> None:
    if not config.taskdefs:
        raise WorkflowConfigError('No workflow dependency graph defined.')


def check_implicit_tasks(config: WorkflowConfig) -> None:
    implicit = sorted(
        name for name, taskdef in config.taskdefs.items() if taskdef.is_implicit
    )
    if not implicit:
        return
    allowed = config.get('scheduler', 'allow implicit tasks')
    if allowed or (allowed is None and config.cylc7_compat):
        return
    shown = ', '.join(implicit[:10]) + (' ...' if len(implicit) > 10 else '')
    raise WorkflowConfigError(
        f'implicit tasks detected (no entry under [runtime]): {shown}.'
        ' To allow implicit tasks, use'
        " 'flow.cylc[scheduler]allow implicit tasks'"
    )


def check_families_not_tasks(config: WorkflowConfig) -> None:
    for name in config.taskdefs:
        if config.runtime.is_family(name):
            raise WorkflowConfigError(
                f'family {name} is used as a task in the graph'
            )


def check_outputs(config: WorkflowConfig) -> None:
    """Custom outputs must be defined, and messages unique per task."""
    for (task, output), _optional in config.output_optional.items():
        taskdef = config.taskdefs.get(task)
        if taskdef is None:
            continue
        if output not in taskdef.outputs:
            raise WorkflowConfigError(
                f'Undefined custom output: {task}:{output}'
            )
    for name, taskdef in config.taskdefs.items():
        seen: dict[str, str] = {}
        for label, message in taskdef.outputs.items():
            if label in STANDARD_OUTPUTS:
                continue
            if label.replace('-', '_') in STANDARD_OUTPUTS_UNDERSCORED:
                raise WorkflowConfigError(
                    f'invalid output name in [runtime][{name}][outputs]:'
                    f' {label} (a standard output name)'
                )
            if message in seen:
                raise WorkflowConfigError(
                    f'[runtime][{name}][outputs]: {label} and {seen[message]}'
                    f' have the same message "{message}"'
                )
            seen[message] = label


STANDARD_OUTPUTS_UNDERSCORED = {name.replace('-', '_') for name in STANDARD_OUTPUTS}


def check_completion(config: WorkflowConfig) -> None:
    from cylc_flow.config.completion import default_completion, validate_completion

    for name, taskdef in config.taskdefs.items():
        if not taskdef.optional_outputs:
            taskdef.optional_outputs['succeeded'] = False
        expression = config.rtconfig(name).get('completion') if \
            not taskdef.is_implicit else None
        required = taskdef.required_outputs()
        if expression:
            validate_completion(
                expression, name, list(taskdef.outputs), taskdef.optional_outputs
            )
            taskdef.completion = expression
        else:
            taskdef.completion = default_completion(
                required, taskdef.optional_outputs
            )


def check_xtriggers(config: WorkflowConfig) -> None:
    from cylc_flow.config.xtrigger_spec import (
        find_xtrigger_function,
        validate_xtrigger,
        validate_xtrigger_label,
    )

    declared = {}
    # the spec parsed each value (an XtriggerValue): give it its label
    for label, value in (config.get('scheduling', 'xtriggers') or {}).items():
        validate_xtrigger_label(label)
        declaration = replace(value.declaration, label=label)
        function = find_xtrigger_function(declaration.function, config.directory)
        validate_xtrigger(declaration, function)
        declared[label] = declaration
    config.xtriggers = declared
    for name, taskdef in config.taskdefs.items():
        for labels in taskdef.xtrigger_labels.values():
            for label in labels:
                if label not in declared and label != 'wall_clock':
                    raise WorkflowConfigError(
                        f'xtrigger not defined: {label} (used by task {name})'
                    )
                if label == 'wall_clock' and config.cycling_mode == 'integer':
                    raise WorkflowConfigError(
                        'wall_clock xtriggers need date-time cycling'
                    )


def check_special_tasks(config: WorkflowConfig) -> None:
    from cylc_flow.core.ext_triggers import external_trigger_messages
    from cylc_flow.core.special_tasks import SpecialTasks

    SpecialTasks.from_config(config)  # offsets and names, as the scheduler reads them
    external_trigger_messages(config)  # task("message") entries
    special = config.get('scheduling', 'special tasks') or {}
    for kind, entries in special.items():
        for entry in entries or []:
            name = entry.split('(', 1)[0].strip()
            members = config.family_members.get(name, [name])
            for member in members:
                if member not in config.taskdefs:
                    raise WorkflowConfigError(
                        f'[scheduling][special tasks]{kind}: {name} is not a'
                        ' task in the graph'
                    )
            if kind in ('clock-trigger', 'clock-expire') and \
                    config.cycling_mode == 'integer':
                raise WorkflowConfigError(
                    f'[scheduling][special tasks]{kind} needs date-time cycling'
                )


def check_queues(config: WorkflowConfig) -> None:
    queues = config.get('scheduling', 'queues') or {}
    for queue, settings in queues.items():
        for member in (settings or {}).get('members') or []:
            if member not in config.taskdefs and \
                    member not in config.runtime.sparse:
                raise WorkflowConfigError(
                    f'[scheduling][queues][{queue}]members: {member} is not a'
                    ' task or family'
                )


def check_platforms(config: WorkflowConfig) -> None:
    """Every platform named in [runtime] must be defined (or a subshell)."""
    from cylc_flow.config.global_config import GlobalConfig
    from cylc_flow.platforms import get_platform, is_platform_subshell

    names: dict[str, str] = {}
    for name in config.taskdefs:
        settings = config.rtconfig(name)
        platform = settings.get('platform')
        if platform and not is_platform_subshell(platform):
            names.setdefault(platform, name)
        _check_cylc7_mixture(name, settings)
    if not names:
        return
    global_config = GlobalConfig.get_inst()
    for platform, task in sorted(names.items()):
        try:
            get_platform(platform, global_config)
        except CylcError as exc:
            raise WorkflowConfigError(f'task {task}: {exc}') from None


def _check_cylc7_mixture(name: str, settings: dict) -> None:
    if not settings.get('platform'):
        return
    remote = settings.get('remote') or {}
    job = settings.get('job') or {}
    if remote.get('host') or job.get('batch system'):
        raise WorkflowConfigError(
            f'A mixture of Cylc 7 (host) and Cylc 8 (platform) logic should'
            f' not be used. Task {name} set platform and [remote]host or'
            ' [job]batch system'
        )


def check_cyclic(config: WorkflowConfig) -> None:
    """No task may depend on itself through the graph, at any point.

    When every inter-cycle offset points back in time and the same-point
    graph (all sequences overlaid) has no cycle, there can be none: that
    proof costs O(tasks + edges).  Otherwise the graph is expanded over the
    whole run when it is small enough, or over a window of it.
    """
    if _provably_acyclic(config):
        return
    from cylc_flow.graph.window import PointResolver, expand_edges, find_cycle

    resolver = PointResolver(config.context, config.initial_point,
                             config.final_point)
    limit = CYCLE_CHECK_POINTS_PER_SEQUENCE
    sequences = sum(len(t.sequences) for t in config.taskdefs.values()) or 1
    limit = max(2, min(limit, CYCLE_CHECK_NODE_BUDGET // sequences))
    nodes, edges = expand_edges(
        config.taskdefs, resolver, config.initial_point, config.final_point,
        limit=limit,
    )
    cycle = find_cycle(nodes, edges)
    if cycle:
        path = ' => '.join(f'{point}/{name}' for point, name in cycle)
        raise WorkflowConfigError(f'circular dependency detected: {path}')


def _provably_acyclic(config: WorkflowConfig) -> bool:
    """True if offsets all point backwards and the same-point graph is a DAG."""
    from cylc_flow.graph.window import Edge, find_cycle

    context = config.context
    null = context.null_interval()
    negative: dict[str, bool] = {}
    edges: list[Edge] = []
    for name, taskdef in config.taskdefs.items():
        for dependencies in taskdef.dependencies.values():
            for dependency in dependencies:
                if dependency.suicide:
                    continue
                for trigger in dependency.triggers:
                    offset = trigger.offset
                    if offset is None or trigger.is_absolute:
                        edges.append(Edge(0, trigger.task, 0, name, False, False))
                        continue
                    if offset not in negative:
                        try:
                            negative[offset] = context.interval(offset) < null
                        except CylcError:
                            negative[offset] = False
                    if not negative[offset]:
                        return False
    nodes = {(0, name) for name in config.taskdefs}
    return find_cycle(nodes, edges) is None
