"""IDs on the command line, grouped by workflow (Cylc 8's universal IDs).

Accepted forms (as Cylc 8's control commands accept them)::

    WORKFLOW//CYCLE/TASK [//CYCLE/TASK ...]    relative IDs follow a workflow
    WORKFLOW//CYCLE                            every task at the cycle
    WORKFLOW1//1 WORKFLOW2//1/foo              several workflows per call
    WORKFLOW// --after=POINT                   a workflow with no tasks
    WORKFLOW CYCLE/TASK                        (Cylc 7 style) task after it
    WORKFLOW TASK.CYCLE                        (Cylc 7 style) legacy task ID
    'flow*'                                    running workflows matching a glob

Globs (``*``, ``?``, ``[...]``) and ``:state`` selectors in cycle and task
parts are passed on to the scheduler, which matches them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cylc_flow.exceptions import InputError

TASKS = 'tasks'          # task-like IDs required (trigger, set, kill, ...)
WORKFLOWS = 'workflows'  # workflow IDs only (pause, play)
MIXED = 'mixed'          # either (hold --after, stop, ping)

GLOB_CHARS = frozenset('*?[')


@dataclass(slots=True)
class IdGroup:
    """One workflow and the relative IDs given for it."""

    workflow: str
    tasks: list[str] = field(default_factory=list)


def group_ids(ids: list[str], *, constraint: str = TASKS,
              max_tasks: int | None = None) -> list[IdGroup]:
    """Group command-line IDs by workflow, in the order given."""
    from cylc_flow.id import Tokens

    groups: dict[str, IdGroup] = {}
    current: IdGroup | None = None
    legacy_allowed = False
    for text in ids:
        text = text.strip()
        if not text:
            raise InputError('empty ID')
        if text.startswith('//'):
            if current is None:
                raise InputError(f'{text}: a relative ID must follow a'
                                 ' workflow ID (give the workflow ID first:'
                                 ' WORKFLOW//CYCLE/TASK)')
            current.tasks.append(_relative(Tokens.parse(text), text))
            continue
        if '//' not in text and current is not None and legacy_allowed:
            current.tasks.append(_legacy(text))
            continue
        # "WORKFLOW//" names the workflow alone
        tokens = Tokens.parse(text[:-2] if text.endswith('//') else text)
        if not tokens.workflow:
            raise InputError(f'invalid ID (no workflow): {text}')
        workflow = tokens.workflow_id()
        current = groups.setdefault(workflow, IdGroup(workflow))
        # "WORKFLOW CYCLE/TASK" (Cylc 7 style) only straight after a
        # workflow named without "//", and not where only workflows are IDs
        legacy_allowed = '//' not in text and constraint != WORKFLOWS
        if tokens.cycle is not None:
            current.tasks.append(_relative(tokens, text))
    result = list(groups.values())
    if not result:
        raise InputError('give a workflow ID')
    for group in result:
        _check(group, constraint, max_tasks)
    return result


def single_workflow(ids: list[str], *, constraint: str = MIXED) -> IdGroup:
    """The one workflow (and its relative IDs) a command line names."""
    groups = group_ids(ids, constraint=constraint)
    if len(groups) > 1:
        names = ', '.join(group.workflow for group in groups)
        raise InputError(f'give one workflow per command ({names})')
    return groups[0]


def _relative(tokens, text: str) -> str:
    if tokens.job is not None:
        raise InputError(f'{text}: give a cycle or task ID, not a job ID')
    return tokens.relative_id()


def _legacy(text: str) -> str:
    """``CYCLE/TASK``, ``CYCLE`` or Cylc 7's ``TASK.CYCLE``, made relative."""
    from cylc_flow.id import Tokens

    legacy = Tokens.parse_task_legacy(text)
    if legacy is not None and '/' not in text:
        return legacy.relative_id()
    return _relative(Tokens.parse(f'//{text}'), text)


def _check(group: IdGroup, constraint: str, max_tasks: int | None) -> None:
    if constraint == WORKFLOWS and group.tasks:
        raise InputError(f'IDs must be workflows, not cycles or tasks:'
                         f' {group.workflow}//{group.tasks[0]}')
    if constraint == TASKS and not group.tasks:
        raise InputError(f'give at least one cycle or task ID for'
                         f' {group.workflow} (e.g. {group.workflow}//1/foo)')
    if max_tasks is not None and len(group.tasks) > max_tasks:
        raise InputError(f'at most {max_tasks} cycle/task ID(s) allowed for'
                         f' {group.workflow}')


def has_glob(text: str) -> bool:
    return not GLOB_CHARS.isdisjoint(text)


def expand_workflow_globs(groups: list[IdGroup]) -> list[IdGroup]:
    """Replace workflow IDs containing globs with the running workflows
    they match (each keeps the group's task IDs)."""
    if not any(has_glob(group.workflow) for group in groups):
        return groups
    from cylc_flow.network.scan import running_workflows

    running = running_workflows()
    expanded: dict[str, IdGroup] = {}
    for group in groups:
        if not has_glob(group.workflow):
            expanded.setdefault(group.workflow, IdGroup(group.workflow)
                                ).tasks.extend(group.tasks)
            continue
        matches = matching_workflows(group.workflow, running)
        if not matches:
            raise InputError(f'no running workflow matches {group.workflow}')
        for workflow in matches:
            expanded.setdefault(workflow, IdGroup(workflow)
                                ).tasks.extend(group.tasks)
    return list(expanded.values())


def matching_workflows(pattern: str, running: list[str]) -> list[str]:
    """Running workflow IDs matching ``pattern`` (with or without the run
    name)."""
    from fnmatch import fnmatchcase

    pattern = pattern.rstrip('/')
    return [workflow for workflow in running
            if fnmatchcase(workflow, pattern)
            or fnmatchcase(workflow.rpartition('/')[0], pattern)]
