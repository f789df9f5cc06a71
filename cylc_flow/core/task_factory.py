"""Building task proxies: prerequisites and xtriggers for a task at a point."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from cylc_flow.core.prerequisite import Prerequisite
from cylc_flow.core.task_proxy import TaskProxy

_OFFSET_TERM = re.compile(r'([+-]?)(P[^+-]*)')


def negate_offset(offset: str) -> str:
    """``-P1D`` -> ``+P1D``; ``P1`` -> ``-P1``; ``-P1D+PT6H`` -> ``+P1D-PT6H``."""
    terms = _OFFSET_TERM.findall(offset.replace(' ', ''))
    if not terms:
        return offset
    return ''.join(('+' if sign == '-' else '-') + body for sign, body in terms)


class TaskFactory:
    """Make task proxies with their prerequisites resolved at their point."""

    def __init__(
        self,
        config: Any,
        *,
        start_point: Any,
        xtrigger_signature: Callable[[str, Any, Any], str],
    ) -> None:
        self.config = config
        self.context = config.context
        self.initial_point = config.initial_point
        self.final_point = config.final_point
        self.start_point = start_point
        self.xtrigger_signature = xtrigger_signature
        self._absolute: dict[str, Any] = {}
        self._relative: dict[tuple[Any, str], Any] = {}

    def parent_point(self, point: Any, trigger: Any) -> Any:
        """The point of a trigger's parent for a child at ``point``."""
        offset = trigger.offset
        if offset is None:
            return point
        if trigger.is_absolute:
            found = self._absolute.get(offset)
            if found is None and offset not in self._absolute:
                found = self._absolute[offset] = self._resolve_absolute(offset)
            return found
        key = (point, offset)
        found = self._relative.get(key)
        if found is None:
            found = self._relative[key] = self.context.offset_point(point, offset)
        return found

    def _resolve_absolute(self, offset: str) -> Any:
        if offset[0] in '^$':
            base = self.initial_point if offset[0] == '^' else self.final_point
            if base is None:
                return None
            rest = offset[1:].strip()
            return self.context.offset_point(base, rest) if rest else base
        try:
            return self.context.point(offset)
        except Exception:  # truncated forms count from the initial point
            return self.context.offset_point(self.initial_point, offset)

    def child_point(self, parent_point: Any, child_ref: Any) -> Any:
        """Where a child runs, given its parent's point (relative offsets)."""
        if child_ref.offset is None:
            return parent_point
        key = (parent_point, '~' + child_ref.offset)
        found = self._relative.get(key)
        if found is None:
            found = self._relative[key] = self.context.offset_point(
                parent_point, negate_offset(child_ref.offset)
            )
        return found

    def is_pre_initial(self, point: Any) -> bool:
        return point < self.start_point

    def make(
        self, tdef: Any, point: Any, flow_nums: frozenset[int]
    ) -> TaskProxy:
        """A new waiting task with prerequisites for every valid sequence."""
        itask = TaskProxy(tdef, point, flow_nums)

        def resolve(trigger: Any) -> Any:
            return self.parent_point(point, trigger)

        for sequence, dependencies in tdef.dependencies.items():
            if not sequence.is_valid(point):
                continue
            for dependency in dependencies:
                if dependency.triggers:
                    prereq = Prerequisite(dependency, resolve, self.is_pre_initial)
                    if prereq.is_suicide:
                        itask.suicide_prerequisites.append(prereq)
                    elif prereq.conditions:
                        itask.prerequisites.append(prereq)
        for sequence, labels in tdef.xtrigger_labels.items():
            if not sequence.is_valid(point):
                continue
            for label in sorted(labels):
                itask.xtriggers[label] = [
                    self.xtrigger_signature(label, point, tdef), False
                ]
        itask.index_prerequisites()
        return itask

    def has_parents_at(self, tdef: Any, point: Any) -> bool:
        """True if a task dependency at ``point`` has a parent that can run:
        not absolute, and not before the start point."""
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


def parentless_sequences(taskdefs: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    """(tdef, sequence) pairs on which a task may need spawning ahead."""
    pairs = []
    for tdef in taskdefs.values():
        for sequence in tdef.sequences:
            pairs.append((tdef, sequence))
    return pairs
