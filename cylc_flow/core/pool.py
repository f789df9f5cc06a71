"""The task pool: spawn on demand, prerequisites, outputs, runahead, queues.

Events come in as method calls carrying the time they happened; effects go
out through :class:`EffectLog`.  The pool never reads the clock or does I/O.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from cylc_flow.core import states as S
from cylc_flow.core.effects import (
    EffectLog,
    SubmitJobs,
    TaskEvent,
)
from cylc_flow.core.expiry import ExpiryWatch
from cylc_flow.core.history import HistoryWindow, RunHistory
from cylc_flow.core.prerequisite import SATISFIED_NATURALLY
from cylc_flow.core.queues import TaskQueues
from cylc_flow.core.runahead import limit_point
from cylc_flow.core.special_tasks import SpecialTasks, clock_trigger_label
from cylc_flow.core.stall import ChangeSet
from cylc_flow.core.task_factory import SUCCEEDED, TaskFactory
from cylc_flow.core.task_proxy import TaskProxy
from cylc_flow.core.task_timers import TaskEventTimers

DEBUG = logging.DEBUG
INFO = logging.INFO
WARNING = logging.WARNING
# children spawned by one call before the rest wait for the next step (an
# output with 10,000 children spreads over turns, so the shell stays live)
SPAWN_SLICE = 500


class TaskPool:
    """Task instances that are waiting, active, or finished but incomplete."""

    def __init__(
        self,
        config: Any,
        effects: EffectLog,
        *,
        start_point: Any,
        stop_point: Any | None,
        xtrigger_signature: Any,
        special: SpecialTasks | None = None,
        sequential_xtriggers: frozenset[str] = frozenset(),
        start_tasks: list[tuple[Any, str]] | None = None,
    ) -> None:
        self.effects = effects
        self.start_point = start_point
        self.stop_point = stop_point
        self._xtrigger_signature = xtrigger_signature
        self.tasks: dict[tuple[Any, str], TaskProxy] = {}
        self.by_point: dict[Any, dict[str, TaskProxy]] = {}
        self.runahead_limit_point: Any = None
        # parentless spawning: (task name, sequence index) -> next point
        self._next_parentless: dict[tuple[str, int], Any] = {}
        self._parentless_pairs: list[tuple[Any, int, Any]] = []
        # (point, name) -> flow numbers it already ran in (completed history),
        # pruned behind the runahead base point as the run moves on
        self.history = RunHistory()
        self._history_cutoff: Any = None
        # absolute outputs: (point, name, output) completed
        self.absolute_outputs: set[tuple[Any, str, str]] = set()
        self.new_absolute_outputs: list[tuple[Any, str, str]] = []
        # tasks changed since the shell last looked (version counts changes)
        self.dirty: ChangeSet = ChangeSet()
        # tasks whose readiness may have changed since the core last looked
        self.touched: dict[tuple[Any, str], TaskProxy] = {}
        self.removed: list[TaskProxy] = []
        self.completed_outputs: list[tuple[TaskProxy, str, str]] = []
        # outputs whose children are still to spawn, in completion order:
        # [parent, output, child references, index of the next one]
        self._pending_children: deque[list[Any]] = deque()
        self.hold_point: Any = None
        self.tasks_to_hold: set[tuple[Any, str]] = set()
        self.stop_task: tuple[Any, str] | None = None
        self.stop_task_done = False
        self.expiry = ExpiryWatch()
        self.task_timers = TaskEventTimers(config, effects)
        # sequential xtriggers: task name -> the parentless instance whose
        # xtriggers must be satisfied before the next one spawns
        self.xtrigger_gates: dict[str, TaskProxy] = {}
        self.use_config(config, special if special is not None else SpecialTasks(),
                        sequential_xtriggers)
        if start_tasks is None:
            self.plan_parentless(
                lambda _tdef, _index, sequence:
                    sequence.get_first_point(start_point))
            return
        # --start-task: only the start tasks' own sequences, after them
        chains: dict[str, Any] = {}
        for point, name in start_tasks:
            if name not in chains or point < chains[name]:
                chains[name] = point
        self.plan_parentless(
            lambda tdef, _index, sequence:
                sequence.get_next_point(chains[tdef.name])
                if tdef.name in chains else None)

    def use_config(self, config: Any, special: SpecialTasks,
                   sequential_xtriggers: frozenset[str]) -> None:
        """Take task definitions: at the start, and on reload (queued tasks
        keep their order; active tasks count against their new queue)."""
        self.config = config
        self.final_point = config.final_point
        self.special = special
        self.factory = TaskFactory(config, start_point=self.start_point,
                                   xtrigger_signature=self._xtrigger_signature,
                                   special=special)
        self.sequential_xtriggers = sequential_xtriggers
        self._gated_names = frozenset(
            tdef.name for tdef in config.taskdefs.values()
            if self._has_sequential_xtrigger(tdef))
        self.xtrigger_gates = {name: gate for name, gate
                               in self.xtrigger_gates.items()
                               if name in self._gated_names}
        self.runahead = config.runahead_limit()
        self.sequences = list(dict.fromkeys(
            seq for tdef in config.taskdefs.values() for seq in tdef.sequences))
        self.history_window = HistoryWindow(config)  # (the graph's offsets)
        self.task_timers.use_config(config)
        queues = TaskQueues(config.get('scheduling', 'queues') or {},
                            config.family_members)
        if self.tasks:  # a reload
            for itask in self.tasks.values():
                if itask.is_active:
                    queues.task_became_active(itask)
            for itask in self.queues.all_queued():
                if self.tasks.get(itask.key) is itask and itask.is_queued:
                    queues.push(itask)
        self.queues = queues

    # ---- bookkeeping ----------------------------------------------------
    def _add(self, itask: TaskProxy) -> None:
        self.tasks[itask.key] = itask
        self.by_point.setdefault(itask.point, {})[itask.name] = itask
        self.dirty[itask.key] = itask
        self.touched[itask.key] = itask
        if self.hold_point is not None and itask.point > self.hold_point:
            itask.is_held = True
        if itask.key in self.tasks_to_hold:
            itask.is_held = True
        if itask.expire_time is not None:
            self.expiry.watch(itask)
        self.task_timers.task_added(itask)
        self._check_runahead(itask)

    def remove(self, itask: TaskProxy, reason: str) -> None:
        """Take a task out of the pool (completed, suicide, or removed)."""
        if self.tasks.pop(itask.key, None) is None:
            return
        at_point = self.by_point.get(itask.point)
        if at_point is not None:
            at_point.pop(itask.name, None)
            if not at_point:
                del self.by_point[itask.point]
        self.queues.discard(itask)
        itask.is_queued = False
        if itask.is_active:
            self.queues.task_became_inactive(itask)
        self.history.add(itask.key, itask.flow_nums)
        self.removed.append(itask)
        self.dirty.pop(itask.key, None)
        self.effects.log(f'{itask.log_prefix()} removed from the n=0 window:'
                         f' {reason}', DEBUG)

    def set_state(self, itask: TaskProxy, state: str) -> None:
        """Change a task's state, keeping queue counts right."""
        was_active = itask.is_active
        old = itask.state
        itask.state = state
        now_active = itask.is_active
        if was_active and not now_active:
            self.queues.task_became_inactive(itask)
            itask.timeout_at = None
        elif now_active and not was_active:
            self.queues.task_became_active(itask)
        self.dirty[itask.key] = itask
        if old != state:
            self.effects.log(
                f'[{itask.identity}/{itask.submit_num:02d}:{old}]'
                f' => {state}' if itask.submit_num else
                f'[{itask.identity}:{old}] => {state}'
            )

    def get(self, point: Any, name: str) -> TaskProxy | None:
        return self.tasks.get((point, name))

    def __iter__(self):
        return iter(list(self.tasks.values()))

    def __len__(self) -> int:
        return len(self.tasks)

    # ---- runahead ---------------------------------------------------------
    def _check_runahead(self, itask: TaskProxy) -> None:
        limit = self.runahead_limit_point
        itask.is_runahead = limit is not None and itask.point > limit

    def base_point(self) -> Any:
        """The oldest cycle point with unfinished business."""
        candidates = [point for point in self.by_point]
        candidates.extend(self._next_parentless.values())
        candidates = [p for p in candidates if p is not None]
        return min(candidates) if candidates else None

    def update_runahead(self) -> bool:
        """Recompute the limit; release and spawn up to it.  True if it moved."""
        base = self.base_point()
        if base is None:
            return False
        self._prune_history(base)
        new_limit = limit_point(base, self.runahead, self.sequences)
        if self.final_point is not None and new_limit > self.final_point:
            new_limit = self.final_point
        if new_limit == self.runahead_limit_point:
            return False
        old_limit = self.runahead_limit_point
        self.runahead_limit_point = new_limit
        for point, tasks in self.by_point.items():
            # only the newly released band can hold runahead-limited tasks
            if point <= new_limit and (old_limit is None or point > old_limit):
                for itask in tasks.values():
                    if itask.is_runahead:
                        itask.is_runahead = False
                        self.dirty[itask.key] = itask
                        self.touched[itask.key] = itask
        return True

    def _prune_history(self, base: Any) -> None:
        """Forget history the graph can no longer reach.  The cut lags one
        call behind (so the shell has recorded what is forgotten) and never
        passes what the current base point still needs."""
        cutoff = self.history_window.cutoff(base)
        previous = self._history_cutoff
        self._history_cutoff = cutoff
        if previous is not None:
            self.history.prune_before(min(previous, cutoff))

    # ---- parentless spawning ----------------------------------------------
    def plan_parentless(
            self, first_point: Callable[[Any, int, Any], Any]) -> None:
        """Where each parentless sequence starts:
        ``first_point(tdef, index, sequence)`` (None: it does not)."""
        pairs: list[tuple[Any, int, Any]] = []
        following: dict[tuple[str, int], Any] = {}
        for tdef in self.config.taskdefs.values():
            for index, sequence in enumerate(tdef.sequences):
                if self._always_has_parents(tdef, sequence):
                    continue
                first = first_point(tdef, index, sequence)
                if first is not None and self._within_bounds(first):
                    pairs.append((tdef, index, sequence))
                    following[(tdef.name, index)] = first
        self._parentless_pairs = pairs
        self._next_parentless = following

    def _has_sequential_xtrigger(self, tdef: Any) -> bool:
        labels = self.sequential_xtriggers
        if not labels:
            return False
        if tdef.name in self.special.clock_triggers and \
                clock_trigger_label(tdef.name) in labels:
            return True
        return any(label in labels for found in tdef.xtrigger_labels.values()
                   for label in found)

    @staticmethod
    def _always_has_parents(tdef: Any, sequence: Any) -> bool:
        """True if a same-point parent exists on this sequence everywhere."""
        return any(
            not dep.suicide and any(t.offset is None for t in dep.triggers)
            and not dep.conditional
            for dep in tdef.dependencies.get(sequence, ())
        )

    def _within_bounds(self, point: Any) -> bool:
        if self.final_point is not None and point > self.final_point:
            return False
        return self.stop_point is None or point <= self.stop_point

    def spawn_parentless(self, flow_nums: frozenset[int]) -> None:
        """Spawn parentless tasks up to the runahead limit (or, for a task
        with sequential xtriggers, up to its first instance still waiting
        on one)."""
        limit = self.runahead_limit_point
        if limit is None:
            return
        gated: dict[str, list[tuple[Any, int, Any]]] = {}
        for pair in self._parentless_pairs:
            tdef, index, sequence = pair
            if tdef.name in self._gated_names:
                gated.setdefault(tdef.name, []).append(pair)
                continue
            key = (tdef.name, index)
            point = self._next_parentless.get(key)
            while point is not None and point <= limit:
                if not self.factory.has_parents_at(tdef, point):
                    self.spawn(tdef, point, flow_nums, reason='parentless')
                point = self._advance(key, sequence, point)
        for name, pairs in gated.items():
            self._spawn_gated(name, pairs, limit, flow_nums)

    def _advance(self, key: tuple[str, int], sequence: Any, point: Any) -> Any:
        point = sequence.get_next_point_on_sequence(point)
        if point is not None and not self._within_bounds(point):
            point = None
        if point is None:
            self._next_parentless.pop(key, None)
        else:
            self._next_parentless[key] = point
        return point

    def _spawn_gated(self, name: str, pairs: list[tuple[Any, int, Any]],
                     limit: Any, flow_nums: frozenset[int]) -> None:
        """Walk the task's sequences in point order, stopping after an
        instance that waits on a sequential xtrigger (Cylc 8)."""
        while name not in self.xtrigger_gates:
            point = None
            for _tdef, index, _sequence in pairs:
                found = self._next_parentless.get((name, index))
                if found is not None and found <= limit and (
                        point is None or found < point):
                    point = found
            if point is None:
                return
            tdef = pairs[0][0]
            itask = None
            if not self.factory.has_parents_at(tdef, point):
                itask = self.spawn(tdef, point, flow_nums, reason='parentless')
            for _tdef, index, sequence in pairs:
                key = (name, index)
                if self._next_parentless.get(key) == point:
                    self._advance(key, sequence, point)
            if itask is not None and self._waits_on_sequential(itask):
                self.xtrigger_gates[name] = itask

    def _waits_on_sequential(self, itask: TaskProxy) -> bool:
        labels = self.sequential_xtriggers
        return itask.state == S.WAITING and any(
            not entry[1] for label, entry in itask.xtriggers.items()
            if label in labels)

    def release_gates(self) -> bool:
        """Forget gates whose task no longer waits on a sequential xtrigger
        (satisfied, triggered, or gone); True if any opened."""
        opened = False
        for name, itask in list(self.xtrigger_gates.items()):
            if self.tasks.get(itask.key) is not itask or \
                    not self._waits_on_sequential(itask):
                del self.xtrigger_gates[name]
                opened = True
        return opened

    # ---- spawning on demand ---------------------------------------------
    def spawn(
        self, tdef: Any, point: Any, flow_nums: frozenset[int], *, reason: str,
        satisfied: tuple[Any, str, str] | None = None,
    ) -> TaskProxy | None:
        """Add a task to the pool unless it exists or already ran in the flow;
        the task (new or existing) gets the ``satisfied`` parent output."""
        key = (point, tdef.name)
        existing = self.tasks.get(key)
        if existing is not None:
            if not flow_nums <= existing.flow_nums:
                existing.flow_nums = existing.flow_nums | flow_nums
                self.dirty[key] = existing
            if satisfied is not None and \
                    existing.satisfy(satisfied, SATISFIED_NATURALLY):
                self.dirty[key] = existing
                self.touched[key] = existing
            return existing
        done = self.history.get(key)
        if done is not None and flow_nums and flow_nums <= done:
            return None
        itask = self.factory.make(tdef, point, flow_nums)
        if satisfied is not None:
            itask.satisfy(satisfied, SATISFIED_NATURALLY)
        if self.absolute_outputs:
            for condition in list(itask.prereq_index):
                if condition in self.absolute_outputs:
                    itask.satisfy(condition, SATISFIED_NATURALLY)
        self._add(itask)
        self.effects.log(f'{itask.log_prefix()} spawned ({reason})', DEBUG)
        if itask.suicide_prerequisites and any(
            p.is_satisfied for p in itask.suicide_prerequisites
        ):
            self.remove(itask, 'suicide trigger')
            return None
        return itask

    def output_completed(
        self, itask: TaskProxy, output: str, message: str, *, forced: bool = False
    ) -> None:
        """Record an output and spawn/satisfy the children that wait for it."""
        if output in itask.completed_outputs:
            return
        itask.completed_outputs[output] = message
        self.completed_outputs.append((itask, output, message))
        self.dirty[itask.key] = itask
        if not itask.flow_nums:
            return  # flow=none: outputs do not spawn children
        children = itask.tdef.graph_children.get(output, ())
        if self._pending_children or len(children) > SPAWN_SLICE:
            self._pending_children.append([itask, output, tuple(children), 0])
        elif children:
            self._spawn_children(itask, output, children)
        if output == SUCCEEDED and itask.name in self.special.sequential:
            self._spawn_next_sequential(itask)

    @property
    def spawning(self) -> bool:
        """Whether completed outputs still have children to spawn."""
        return bool(self._pending_children)

    def spawn_pending(self, budget: int = SPAWN_SLICE) -> None:
        """Spawn (or satisfy) up to ``budget`` waiting children, oldest
        output first."""
        pending = self._pending_children
        while pending and budget > 0:
            entry = pending[0]
            itask, output, children, start = entry
            stop = min(len(children), start + budget)
            self._spawn_children(itask, output, children[start:stop])
            budget -= stop - start
            if stop >= len(children):
                pending.popleft()
            else:
                entry[3] = stop

    def _spawn_children(self, itask: TaskProxy, output: str,
                        children: Any) -> None:
        """Spawn the children of ``itask``'s ``output`` and satisfy the
        prerequisites that wait for it."""
        condition = (itask.point, itask.name, output)
        reason = f'{itask.identity}:{output}'
        taskdefs = self.config.taskdefs
        absolute: set[str] = set()
        for child_ref in children:
            if child_ref.absolute:
                absolute.add(child_ref.child)
                continue
            child_point = self.factory.child_point(itask.point, child_ref)
            if not child_ref.sequence.is_valid(child_point):
                continue
            if not self._within_bounds(child_point):
                continue
            child_def = taskdefs.get(child_ref.child)
            if child_def is None:  # gone in a reload meanwhile
                continue
            child = self.spawn(child_def, child_point, itask.flow_nums,
                               reason=reason, satisfied=condition)
            if child is not None and not child.is_active and any(
                p.is_satisfied for p in child.suicide_prerequisites
            ):
                self.remove(child, 'suicide trigger')
        if absolute:
            self._absolute_output(condition, absolute)

    def _spawn_next_sequential(self, itask: TaskProxy) -> None:
        """A sequential task succeeded: its next instance may run."""
        tdef = itask.tdef
        point = self.factory.next_instance(tdef, itask.point)
        if point is None or not self._within_bounds(point):
            return
        self.spawn(tdef, point, itask.flow_nums,
                   reason=f'{itask.identity}:{SUCCEEDED}',
                   satisfied=(itask.point, itask.name, SUCCEEDED))

    def _absolute_output(self, condition: tuple[Any, str, str],
                         names: set[str]) -> None:
        """An output that absolute triggers (``foo[^]``) of the tasks
        ``names`` wait on: satisfy them in the pool and in later spawns."""
        if condition not in self.absolute_outputs:
            self.absolute_outputs.add(condition)
            self.new_absolute_outputs.append(condition)
        for child in list(self.tasks.values()):
            if child.name in names and \
                    child.satisfy(condition, SATISFIED_NATURALLY):
                self.dirty[child.key] = child
                self.touched[child.key] = child

    # ---- finishing --------------------------------------------------------
    def task_finished(self, itask: TaskProxy, complete: bool | None = None
                      ) -> None:
        """A task reached a final state: remove it if complete, else keep it.

        ``complete`` overrides the completion expression (clock expiry)."""
        from cylc_flow.config.completion import is_complete

        if complete is None:
            complete = is_complete(itask.tdef.completion, itask.completed_outputs)
        if complete:
            self.remove(itask, 'completed')
            if self.stop_task == itask.key:
                self.stop_task_done = True
            return
        missing = [out for out, optional in itask.tdef.optional_outputs.items()
                   if not optional and out not in itask.completed_outputs]
        self.effects.log(
            f'{itask.log_prefix()} did not complete the required outputs:'
            f' {", ".join(missing) or itask.tdef.completion}', WARNING)

    # ---- readiness and release -------------------------------------------
    def queue_ready_tasks(self, now: float, candidates: Iterable[TaskProxy]) -> None:
        for itask in candidates:
            if itask.is_queued or itask.is_held or itask.key not in self.tasks:
                continue
            if itask.is_ready(now):
                itask.is_queued = True
                itask.is_retry = False
                self.queues.push(itask)
                self.dirty[itask.key] = itask

    def release_queued(self, now: float, *, paused: bool) -> list[TaskProxy]:
        if paused:
            return []
        released = self.queues.release(
            lambda itask: not itask.is_held and itask.key in self.tasks)
        submitted: list[TaskProxy] = []
        for itask in released:
            itask.is_queued = False
            if itask.state != S.WAITING:
                continue
            itask.submit_num += 1
            itask.retry_at = None
            self.effects.log(
                f'{itask.identity} -triggered off'
                f' {itask.satisfied_dependency_ids()} in flow'
                f' {itask.flows_text()}', DEBUG)
            self.set_state(itask, S.PREPARING)
            submitted.append(itask)
        if submitted:
            self.effects.add(SubmitJobs(submitted))
        return submitted

    def task_event(self, itask: TaskProxy, event: str, message: str = '') -> None:
        self.effects.add(TaskEvent(itask, event, message))
