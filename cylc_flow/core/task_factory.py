"""Building task proxies: prerequisites and xtriggers for a task at a point."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cylc_flow.core.prerequisite import Prerequisite
from cylc_flow.core.special_tasks import SpecialTasks, clock_trigger_label
from cylc_flow.core.task_proxy import TaskProxy
from cylc_flow.graph.model import TaskTrigger
from cylc_flow.graph.window import PointResolver

SUCCEEDED = 'succeeded'

_OFFSET_TERM = re.compile(r'([+-]?)(P[^+-]*)')


def negate_offset(offset: str) -> str:
    """``-P1D`` -> ``+P1D``; ``P1`` -> ``-P1``; ``-P1D+PT6H`` -> ``+P1D-PT6H``."""
    terms = _OFFSET_TERM.findall(offset.replace(' ', ''))
    if not terms:
        return offset
    return ''.join(('+' if sign == '-' else '-') + body for sign, body in terms)


class SequentialDependency:
    """The implicit ``foo[-P] => foo`` of a sequential task (Cylc 8: the
    previous instance, on any of the task's sequences, must succeed)."""

    __slots__ = ('expression', 'target', 'triggers')

    conditional = False
    suicide = False

    def __init__(self, name: str) -> None:
        trigger = TaskTrigger(name, SUCCEEDED)
        self.target = name
        self.expression = trigger
        self.triggers = (trigger,)


class TaskFactory:
    """Make task proxies with their prerequisites resolved at their point."""

    def __init__(
        self,
        config: Any,
        *,
        start_point: Any,
        xtrigger_signature: Callable[[str, Any, Any], str],
        special: SpecialTasks | None = None,
    ) -> None:
        self.config = config
        self.context = config.context
        self.initial_point = config.initial_point
        self.final_point = config.final_point
        self.start_point = start_point
        self.xtrigger_signature = xtrigger_signature
        self.special = special if special is not None else SpecialTasks()
        self.resolver = PointResolver(self.context, self.initial_point,
                                      self.final_point)
        # offset -> its negation (the context caches the points, bounded)
        self._negated: dict[str, str] = {}
        self._sequential_dependencies = {
            name: SequentialDependency(name) for name in self.special.sequential}
        self._has_graph_parents: dict[str, bool] = {}

    def parent_point(self, point: Any, trigger: Any) -> Any:
        """The point of a trigger's parent for a child at ``point``."""
        if trigger.offset is None:
            return point
        if not trigger.is_absolute:
            return self.context.offset_point(point, trigger.offset)
        return self.resolver.source_point(point, trigger.offset, True)

    def child_point(self, parent_point: Any, child_ref: Any) -> Any:
        """Where a child runs, given its parent's point (relative offsets)."""
        if child_ref.offset is None:
            return parent_point
        offset = child_ref.offset
        negated = self._negated.get(offset)
        if negated is None:
            negated = self._negated[offset] = negate_offset(offset)
        return self.context.offset_point(parent_point, negated)

    def is_pre_initial(self, point: Any) -> bool:
        return point < self.start_point

    def make(
        self, tdef: Any, point: Any, flow_nums: frozenset[int]
    ) -> TaskProxy:
        """A new waiting task with prerequisites for every valid sequence."""
        itask = TaskProxy(tdef, point, flow_nums)

        def resolve(trigger: Any) -> Any:
            return self.parent_point(point, trigger)

        pre_initial: bool | None = None
        for sequence, dependencies in tdef.dependencies.items():
            if not sequence.is_valid(point):
                continue
            for dependency in dependencies:
                if not dependency.triggers:
                    continue
                if dependency.at_own_point:
                    if pre_initial is None:
                        pre_initial = point < self.start_point
                    prereq = Prerequisite.at_own_point(
                        dependency, point, pre_initial)
                else:
                    prereq = Prerequisite(dependency, resolve, self.is_pre_initial)
                if prereq.is_suicide:
                    itask.suicide_prerequisites.append(prereq)
                elif prereq.conditions:
                    itask.prerequisites.append(prereq)
        name = tdef.name
        sequential = self._sequential_dependencies.get(name)
        if sequential is not None:
            previous = self.previous_instance(tdef, point)
            condition = (previous, name, SUCCEEDED)
            if previous is not None and not any(
                len(prereq.conditions) == 1 and condition in prereq.conditions
                for prereq in itask.prerequisites
            ):  # (an explicit foo[-P] => foo says the same)
                itask.prerequisites.append(Prerequisite(
                    sequential, lambda _trigger: previous, self.is_pre_initial))
        for sequence, labels in tdef.xtrigger_labels.items():
            if not sequence.is_valid(point):
                continue
            for label in sorted(labels):
                itask.xtriggers[label] = [
                    self.xtrigger_signature(label, point, tdef), False
                ]
        special = self.special
        if name in special.clock_triggers:
            label = clock_trigger_label(name)
            itask.xtriggers[label] = [
                self.xtrigger_signature(label, point, tdef), False]
        offset = special.clock_expiry.get(name)
        if offset is not None:
            itask.expire_time = _clock_time(point, offset)
        itask.index_prerequisites()
        return itask

    # ---- sequential tasks ---------------------------------------------------
    def previous_instance(self, tdef: Any, point: Any) -> Any:
        """The nearest earlier point on any of the task's sequences."""
        found = None
        for sequence in tdef.sequences:
            previous = sequence.get_nearest_prev_point(point)
            if previous is not None and (found is None or previous > found):
                found = previous
        return found

    def next_instance(self, tdef: Any, point: Any) -> Any:
        """The nearest later point on any of the task's sequences."""
        found = None
        for sequence in tdef.sequences:
            following = sequence.get_next_point(point)
            if following is not None and (found is None or following < found):
                found = following
        return found

    def _graph_parents(self, tdef: Any) -> bool:
        found = self._has_graph_parents.get(tdef.name)
        if found is None:
            found = self._has_graph_parents[tdef.name] = any(
                not dependency.suicide and dependency.triggers
                for dependencies in tdef.dependencies.values()
                for dependency in dependencies)
        return found

    def has_parents_at(self, tdef: Any, point: Any) -> bool:
        """True if a task dependency at ``point`` has a parent that can run:
        not absolute, and not before the start point.

        A sequential task with graph parents also has its previous instance
        as a parent (Cylc 8 treats one without graph parents as parentless).
        """
        if tdef.name in self._sequential_dependencies and \
                self._graph_parents(tdef):
            previous = self.previous_instance(tdef, point)
            if previous is not None and previous >= self.start_point:
                return True
        for sequence, dependencies in tdef.dependencies.items():
            if not sequence.is_valid(point):
                continue
            for dependency in dependencies:
                if dependency.suicide:
                    continue
                for trigger in dependency.triggers:
                    if trigger.is_absolute:
                        continue
                    parent = self.parent_point(point, trigger)
                    if parent is not None and parent >= self.start_point:
                        return True
        return False


def _clock_time(point: Any, offset: str) -> float:
    """Wall-clock seconds of ``point`` plus an ISO 8601 offset."""
    from cylc_flow.xtriggers.wall_clock import wall_clock_trigger_time

    return wall_clock_trigger_time(float(point.key), offset)

