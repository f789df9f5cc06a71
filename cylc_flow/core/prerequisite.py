"""Prerequisites: one graph dependency of one task instance.

A prerequisite holds the conditions (parent point, parent name, output) its
expression refers to and whether each is satisfied.  Pure ``&`` expressions
are tracked with a counter; expressions with ``|`` are evaluated from the
expression tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from cylc_flow.graph.model import TaskTrigger, XtriggerRef

Condition = tuple[Any, str, str]  # (point, task name, output)

SATISFIED_NATURALLY = 'satisfied naturally'
SATISFIED_PRE_INITIAL = 'satisfied (pre-initial)'
SATISFIED_FORCE = 'force satisfied'


class Prerequisite:
    """The conditions of one dependency at one cycle point."""

    __slots__ = ('_unsatisfied', 'conditions', 'dependency', 'is_suicide',
                 'keys_by_leaf')

    def __init__(
        self,
        dependency: Any,
        resolve: Callable[[TaskTrigger], Any],
        pre_initial: Callable[[Any], bool],
    ) -> None:
        self.dependency = dependency
        self.is_suicide = dependency.suicide
        self.conditions: dict[Condition, str | bool] = {}
        self.keys_by_leaf: dict[TaskTrigger, Condition | None] = {}
        for trigger in dependency.triggers:
            point = resolve(trigger)
            if point is None:
                self.keys_by_leaf[trigger] = None
                continue
            key = (point, trigger.task, trigger.output)
            self.keys_by_leaf[trigger] = key
            if key not in self.conditions:
                self.conditions[key] = (
                    SATISFIED_PRE_INITIAL if pre_initial(point) else False
                )
        self._unsatisfied = sum(1 for value in self.conditions.values()
                                if not value)

    @classmethod
    def at_own_point(cls, dependency: Any, point: Any,
                     pre_initial: bool) -> Prerequisite:
        """The same as the constructor, faster, for a dependency none of
        whose triggers has an offset (every parent is at ``point``)."""
        self = cls.__new__(cls)
        self.dependency = dependency
        self.is_suicide = dependency.suicide
        value: str | bool = SATISFIED_PRE_INITIAL if pre_initial else False
        keys_by_leaf: dict[TaskTrigger, Condition | None] = {}
        conditions: dict[Condition, str | bool] = {}
        for trigger in dependency.triggers:
            key = (point, trigger.task, trigger.output)
            keys_by_leaf[trigger] = key
            conditions[key] = value
        self.keys_by_leaf = keys_by_leaf
        self.conditions = conditions
        self._unsatisfied = 0 if pre_initial else len(conditions)
        return self

    def satisfy(self, key: Condition, how: str = SATISFIED_NATURALLY) -> bool:
        """Mark a condition satisfied; return True if it was one of ours."""
        current = self.conditions.get(key)
        if current is None:
            return False
        if current is False:
            self._unsatisfied -= 1
        self.conditions[key] = how
        return True

    def satisfy_all(self) -> None:
        """Force every condition satisfied (``cylc set --pre``)."""
        for key, value in self.conditions.items():
            if not value:
                self.conditions[key] = SATISFIED_FORCE
        self._unsatisfied = 0

    @property
    def is_satisfied(self) -> bool:
        if self._unsatisfied == 0:
            return True
        if not self.dependency.conditional:
            return False
        return self._evaluate(self.dependency.expression)

    def _evaluate(self, node: Any) -> bool:
        if isinstance(node, TaskTrigger):
            key = self.keys_by_leaf.get(node)
            return bool(key and self.conditions.get(key))
        if isinstance(node, XtriggerRef):
            return True
        kind, children = node
        if kind == 'and':
            return all(self._evaluate(child) for child in children)
        return any(self._evaluate(child) for child in children)

    def satisfied_ids(self) -> Iterator[str]:
        """IDs (``point/name``) of the satisfied conditions."""
        for (point, name, _output), value in self.conditions.items():
            if value:
                yield f'{point}/{name}'
