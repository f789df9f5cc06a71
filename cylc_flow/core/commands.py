"""Task commands on the core: trigger, set (outputs / prerequisites), hold,
release, remove.  Each takes already-matched ``(point, name)`` targets."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from cylc_flow.core import states as S
from cylc_flow.core.effects import KillJobs, PollJobs, SubmitJobs
from cylc_flow.core.prerequisite import SATISFIED_FORCE
from cylc_flow.core.task_proxy import TaskProxy

FLOW_ALL = 'all'
FLOW_NEW = 'new'
FLOW_NONE = 'none'


class TaskCommands:
    """Mixin for SchedulerCore: the task-level commands."""

    def resolve_flows(
        self, flow: list[str] | None, itask: TaskProxy | None,
        active: Callable[[], frozenset[int]] | None = None,
    ) -> frozenset[int]:
        """The flows a commanded task gets (``flow`` after
        :meth:`_resolve_new_flow`; ``active`` gives the active flows, asked
        only when needed)."""
        values = [str(v) for v in (flow or [])]
        if not values or values == [FLOW_ALL]:
            if itask is not None and itask.flow_nums:
                return itask.flow_nums
            return (active or self.active_flows)()
        if values == [FLOW_NONE]:
            return frozenset()
        return frozenset(int(value) for value in values)

    def active_flows(self) -> frozenset[int]:
        flows: set[int] = set()
        for itask in self.pool:
            flows |= itask.flow_nums
        return frozenset(flows) or frozenset({1})

    def _add_task(self, point: Any, name: str, flows: frozenset[int]
                  ) -> TaskProxy:
        """Put a task that is not in the pool there (a command targets it)."""
        itask = self.pool.factory.make(self.config.taskdefs[name], point, flows)
        self.pool._add(itask)
        self.effects.log(f'{itask.log_prefix()} added to the n=0 window',
                         logging.DEBUG)
        return itask

    def _command_target(self, point: Any, name: str, flow: list[str] | None,
                        active: Callable[[], frozenset[int]]) -> TaskProxy:
        """The task a command acts on: in the pool, else made now in the
        flows the command gives."""
        itask = self.pool.get(point, name)
        if itask is None:
            itask = self._add_task(point, name,
                                   self.resolve_flows(flow, None, active))
        return itask

    def trigger(self, targets: Iterable[tuple[Any, str]], flow: list[str] | None,
                now: float, *, flow_wait: bool = False,
                flow_descr: str | None = None) -> int:
        """Run tasks now (Cylc 8.5): their prerequisites are set satisfied.

        Several targets are triggered as a group: prerequisites on tasks
        outside the group are satisfied, those on group members are kept,
        so members wait for their upstream members (graph order)."""
        targets = list(dict.fromkeys(targets))
        group = frozenset(targets) if len(targets) > 1 else frozenset()
        flow = self._resolve_new_flow(flow, flow_descr)
        active = cache(self.active_flows)  # at most once per command
        submitted: list[TaskProxy] = []
        for point, name in targets:
            existing = self.pool.get(point, name)
            flows = self.resolve_flows(flow, existing, active)
            itask = existing or self._add_task(point, name, flows)
            if itask.is_active:
                self.effects.log(f'{itask.log_prefix()} ignoring trigger:'
                                 ' the task is already active', logging.WARNING)
                continue
            if existing is not None and flow:
                itask.flow_nums = flows
            itask.is_manual_submit = True
            itask.flow_wait = flow_wait
            self.pool.queues.discard(itask)
            itask.is_queued = False
            itask.retry_at = None
            if itask.state != S.WAITING:
                self.pool.set_state(itask, S.WAITING)
            if not group:
                itask.satisfy_all_prerequisites()
            elif not self._satisfy_outside(itask, group):
                self.pool.dirty[itask.key] = itask
                self._track(itask)
                continue  # waits for the group members it depends on
            itask.submit_num += 1
            self.effects.log(
                f'{itask.identity} -triggered off'
                f' {itask.satisfied_dependency_ids()} in flow'
                f' {itask.flows_text()}', logging.DEBUG)
            self.pool.set_state(itask, S.PREPARING)
            submitted.append(itask)
        if submitted:
            self.effects.add(SubmitJobs(submitted))
        return len(submitted)

    @staticmethod
    def _satisfy_outside(itask: TaskProxy, group: frozenset) -> bool:
        """Satisfy the conditions on tasks outside ``group``; return True if
        the task's prerequisites are then all met."""
        for prereq in itask.prerequisites:
            for condition, value in prereq.conditions.items():
                if not value and (condition[0], condition[1]) not in group:
                    prereq.satisfy(condition, SATISFIED_FORCE)
                    itask.changed_conditions.append(condition)
        return itask.prerequisites_satisfied()

    def _resolve_new_flow(self, flow: list[str] | None,
                          description: str | None) -> list[str] | None:
        """``--flow=new``: start one new flow for the whole command."""
        if [str(value) for value in flow or ()] != [FLOW_NEW]:
            return flow
        number = self.flow_nums_next
        self.flow_nums_next += 1
        self.effects.log(f'New flow: {number} ({description or "triggered"})')
        self.new_flows.append((number, description or 'triggered'))
        return [str(number)]

    def set_outputs(self, targets: Iterable[tuple[Any, str]], outputs: list[str],
                    flow: list[str] | None, now: float) -> int:
        """Complete outputs as if the task had produced them."""
        flow = self._resolve_new_flow(flow, None)
        active = cache(self.active_flows)  # at most once per command
        count = 0
        for point, name in targets:
            itask = self._command_target(point, name, flow, active)
            wanted = outputs or [out for out, optional in
                                 itask.tdef.optional_outputs.items() if not optional]
            wanted = wanted or [S.OUTPUT_SUCCEEDED]
            for output in wanted:
                label = self._output_label(itask, output)
                if label is None:
                    self.effects.log(f'{itask.log_prefix()} has no output'
                                     f' {output}', logging.WARNING)
                    continue
                self._output(itask, label, now)
                self.effects.log(f'{itask.log_prefix()} output {label} set'
                                 ' (forced)')
                count += 1
            final = next((state for state in (S.SUCCEEDED, S.FAILED, S.EXPIRED)
                          if state in itask.completed_outputs), None)
            if final and not itask.is_active:
                self.pool.set_state(itask, final)
                self._finished(itask)
        return count

    def _output_label(self, itask: TaskProxy, output: str) -> str | None:
        outputs = itask.tdef.outputs
        if output in outputs:
            return output
        for label, message in outputs.items():
            if message == output:
                return label
        return None

    def set_prerequisites(self, targets: Iterable[tuple[Any, str]],
                          prerequisites: list[str], flow: list[str] | None,
                          now: float) -> int:
        """Satisfy prerequisites (``all``, or ``cycle/task:output`` items)."""
        flow = self._resolve_new_flow(flow, None)
        active = cache(self.active_flows)  # at most once per command
        count = 0
        for point, name in targets:
            itask = self._command_target(point, name, flow, active)
            for item in prerequisites:
                if item == 'all':
                    itask.satisfy_all_prerequisites()
                    count += 1
                    continue
                task_part, _, output = item.partition(':')
                cycle, _, parent = task_part.rpartition('/')
                key = (self.config.context.point(cycle), parent,
                       output or S.OUTPUT_SUCCEEDED)
                if itask.satisfy(key, SATISFIED_FORCE):
                    count += 1
            self.pool.dirty[itask.key] = itask
            self._track(itask)
        return count

    def hold(self, targets: Iterable[tuple[Any, str]]) -> int:
        count = 0
        for point, name in targets:
            itask = self.pool.get(point, name)
            if itask is None:
                self.pool.tasks_to_hold.add((point, name))
                count += 1
                continue
            itask.is_held = True
            if itask.is_queued:
                self.pool.queues.discard(itask)
                itask.is_queued = False
            self.pool.dirty[itask.key] = itask
            count += 1
        return count

    def release(self, targets: Iterable[tuple[Any, str]]) -> int:
        count = 0
        for point, name in targets:
            self.pool.tasks_to_hold.discard((point, name))
            itask = self.pool.get(point, name)
            if itask is not None and itask.is_held:
                itask.is_held = False
                self.pool.dirty[itask.key] = itask
                self._track(itask)
                count += 1
        return count

    def stop_flow(self, flow_num: int) -> int:
        """``cylc stop --flow=N``: take N off every task; tasks left with no
        flow and no active job leave the pool."""
        count = 0
        for itask in self.pool:
            if flow_num not in itask.flow_nums:
                continue
            itask.flow_nums = itask.flow_nums - {flow_num}
            self.pool.dirty[itask.key] = itask
            if not itask.flow_nums and not itask.is_active:
                self.xtriggers.forget_task(itask)
                self.pool.remove(itask, f'flow {flow_num} stopped')
            count += 1
        self.effects.log(f'Flow {flow_num} stopped: {count} task(s)')
        return count

    def kill_tasks(self, targets: Iterable[tuple[Any, str]]) -> int:
        """Kill the jobs of active tasks (they then fail, or retry)."""
        active = [itask for itask in (self.pool.get(p, n) for p, n in targets)
                  if itask is not None and itask.is_active]
        if active:
            self.effects.add(KillJobs(active))
        return len(active)

    def poll_tasks(self, targets: Iterable[tuple[Any, str]]) -> int:
        """Poll the jobs of active tasks."""
        active = [itask for itask in (self.pool.get(p, n) for p, n in targets)
                  if itask is not None and itask.is_active]
        if active:
            self.effects.add(PollJobs(active))
        return len(active)

    def remove_tasks(self, targets: Iterable[tuple[Any, str]],
                     flows: Iterable[int] | None = None) -> int:
        """Remove tasks from the pool; with ``flows``, from those flows only
        (a task left with no flow is removed)."""
        only = frozenset(int(flow) for flow in flows or ())
        count = 0
        for point, name in targets:
            itask = self.pool.get(point, name)
            if itask is None:
                continue
            if only:
                if not itask.flow_nums & only:
                    continue
                itask.flow_nums = itask.flow_nums - only
                self.pool.dirty[itask.key] = itask
                if itask.flow_nums:
                    count += 1
                    continue
            self.xtriggers.forget_task(itask)
            self.pool.remove(itask, 'removed by request')
            count += 1
        return count
