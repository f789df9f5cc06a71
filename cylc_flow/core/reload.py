"""Reload: swap new task definitions into a running core (Cylc 8 rules).

* Tasks in the pool keep their state, outputs, job numbers, flows, holds and
  retry state; their prerequisites come from the new definition, keeping
  the satisfaction of conditions that still exist (a new condition is
  satisfied if its parent output is known to be complete).
* Waiting tasks pick up the new settings for their next job (the shell
  builds jobs from the new config); active tasks carry on with the job they
  have ("active with pre-reload settings").
* A task whose definition was removed is removed from the pool if it is
  waiting; otherwise it stays until it finishes but spawns no children.
* New tasks and graph edges take effect for tasks spawned from now on; new
  parentless sequences start at the oldest active cycle point.
* Queues, runahead limit, special tasks and xtrigger declarations are rebuilt.

Nothing here reads the clock or does I/O: it is called from
:meth:`SchedulerCore.reload` with an already loaded config.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field
from typing import Any

from cylc_flow.core import states as S
from cylc_flow.core.ext_triggers import external_trigger_messages
from cylc_flow.core.prerequisite import SATISFIED_NATURALLY
from cylc_flow.core.special_tasks import SpecialTasks, XtriggerSetup
from cylc_flow.core.task_proxy import TaskProxy

INFO = logging.INFO
WARNING = logging.WARNING

REMOVED_REASON = 'task definition removed'

# (point, name, output label, flows of the asking task) -> complete?
OutputLookup = Callable[[Any, str, str, frozenset[int]], bool]


@dataclass(slots=True)
class ReloadPlan:
    """Everything derived from a new config that could fail: worked out
    before anything in the running core changes."""

    config: Any
    special: SpecialTasks
    xtriggers: XtriggerSetup
    external_triggers: dict[str, tuple[str, ...]]


@dataclass(slots=True)
class ReloadReport:
    """What a reload changed (names sorted)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reloaded: int = 0


def plan_reload(config: Any, old_config: Any) -> ReloadPlan:
    """Check a new config against the running one; raise a
    ``WorkflowConfigError`` (or another ``CylcError``) if it cannot be
    swapped in."""
    from cylc_flow.exceptions import WorkflowConfigError

    if config.cycling_mode != old_config.cycling_mode and (
            'integer' in (config.cycling_mode, old_config.cycling_mode)):
        raise WorkflowConfigError(
            f'[scheduling]cycling mode cannot change on reload'
            f' ({old_config.cycling_mode} -> {config.cycling_mode})')
    special = SpecialTasks.from_config(config)
    return ReloadPlan(config, special, XtriggerSetup.from_config(config, special),
                      external_trigger_messages(config))


def reload_core(core: Any, plan: ReloadPlan, *,
                output_lookup: OutputLookup | None = None) -> ReloadReport:
    """Swap ``plan.config`` into ``core``; return what changed."""
    config = plan.config
    pool = core.pool
    effects = core.effects
    old_names = set(core.config.taskdefs)
    new_names = set(config.taskdefs)
    report = ReloadReport(added=sorted(new_names - old_names),
                          removed=sorted(old_names - new_names))
    base = pool.base_point()

    core.config = config
    core.special = plan.special
    core.xtriggers.use_declarations(plan.xtriggers.declarations)
    pool.use_config(config, plan.special, plan.xtriggers.sequential)
    _replan_parentless(pool, base)

    effects.log('Reloading task definitions.', INFO)
    in_pool = {itask.name for itask in pool}
    for name in report.removed:
        if name not in in_pool:
            effects.log(f"Removed task: '{name}'", WARNING)
    lookup = _output_lookup(pool, output_lookup)
    for itask in pool:
        tdef = config.taskdefs.get(itask.name)
        if tdef is None:
            _orphan(core, itask)
        else:
            _swap_definition(core, itask, tdef, lookup)
            report.reloaded += 1
    core.ext_triggers.reconfigure(plan.external_triggers)
    for itask in pool:
        if itask.state == S.WAITING and itask.submit_num == 0:
            core.ext_triggers.attach(
                itask, keep=core.ext_triggers.triggers_of(itask))
    _refresh_runahead(pool)
    for itask in pool:
        core._track(itask)
    pool.dirty.bump()
    return report


# ---- pieces -----------------------------------------------------------------
def _replan_parentless(pool: Any, base: Any) -> None:
    """Keep where each surviving parentless sequence had got to; start new
    ones at the oldest active cycle point (not back at the start)."""
    reached = {(tdef.name, sequence): pool._next_parentless.get((tdef.name, index))
               for tdef, index, sequence in pool._parentless_pairs}
    start = pool.start_point
    if base is not None and base > start:
        start = base

    def first_point(tdef: Any, _index: int, sequence: Any) -> Any:
        key = (tdef.name, sequence)
        if key in reached:
            return reached[key]
        return sequence.get_first_point(start)

    pool.plan_parentless(first_point)


def _orphan(core: Any, itask: TaskProxy) -> None:
    """A task whose definition was removed."""
    pool = core.pool
    if itask.state == S.WAITING:
        core.effects.log(f'{itask.log_prefix()} removed ({REMOVED_REASON})',
                         INFO)
        core.xtriggers.forget_task(itask)
        pool.remove(itask, REMOVED_REASON)
        return
    orphan_def = copy(itask.tdef)
    orphan_def.graph_children = {}
    itask.tdef = orphan_def
    core.effects.log(f'{itask.log_prefix()} will not spawn children'
                     f' - {REMOVED_REASON}', WARNING)


def _swap_definition(core: Any, itask: TaskProxy, tdef: Any,
                     lookup: OutputLookup) -> None:
    """Give a task its new definition, keeping its run-time state."""
    pool = core.pool
    fresh = pool.factory.make(tdef, itask.point, itask.flow_nums)
    previous = {condition: value
                for prereq in (*itask.prerequisites, *itask.suicide_prerequisites)
                for condition, value in prereq.conditions.items() if value}
    for prereq in (*fresh.prerequisites, *fresh.suicide_prerequisites):
        for condition, value in list(prereq.conditions.items()):
            if value:
                continue
            how = previous.get(condition)
            if how is None and lookup(*condition, itask.flow_nums):
                how = SATISFIED_NATURALLY
            if how is not None:
                prereq.satisfy(condition, how)
    was_waiting = itask.state == S.WAITING
    if was_waiting:
        core.xtriggers.forget_task(itask)
    old_xtriggers = itask.xtriggers
    itask.tdef = tdef
    itask.prerequisites = fresh.prerequisites
    itask.suicide_prerequisites = fresh.suicide_prerequisites
    itask.index_prerequisites()
    itask.changed_conditions.extend(
        condition for prereq in itask.prerequisites
        for condition, value in prereq.conditions.items() if value)
    if was_waiting:  # (active tasks are past their xtriggers and expiry)
        xtriggers = fresh.xtriggers
        for label, entry in xtriggers.items():
            old = old_xtriggers.get(label)
            if old is not None and old[0] == entry[0] and old[1]:
                entry[1] = True
        itask.xtriggers = xtriggers
        itask.expire_time = fresh.expire_time
        if itask.expire_time is not None:
            pool.expiry.watch(itask)
        pool.touched[itask.key] = itask  # the core re-registers xtriggers
    pool.dirty[itask.key] = itask
    prefix = itask.log_prefix()
    core.effects.log(f'{prefix} reloaded task definition', INFO)
    if itask.state in (S.SUBMITTED, S.RUNNING):
        core.effects.log(f'{prefix} active with pre-reload settings', WARNING)
    elif itask.state == S.PREPARING:
        core.effects.log(f'{prefix} may be active with pre-reload settings',
                         WARNING)


def _output_lookup(pool: Any, extra: OutputLookup | None) -> OutputLookup:
    """Is a parent output complete? The pool first, then ``extra``."""

    def lookup(point: Any, name: str, output: str, flows: frozenset[int]
               ) -> bool:
        parent = pool.tasks.get((point, name))
        if parent is not None and output in parent.completed_outputs:
            return True
        if (point, name, output) in pool.absolute_outputs:
            return True
        return bool(extra is not None and extra(point, name, output, flows))

    return lookup


def _refresh_runahead(pool: Any) -> None:
    """Recompute the runahead limit from scratch (it may have shrunk)."""
    pool.runahead_limit_point = None
    pool.update_runahead()
    limit = pool.runahead_limit_point
    for itask in pool:
        limited = limit is not None and itask.point > limit and \
            itask.state == S.WAITING and not itask.is_queued
        if limited != itask.is_runahead and (limited or itask.is_runahead):
            itask.is_runahead = limited
            pool.dirty[itask.key] = itask
            pool.touched[itask.key] = itask
