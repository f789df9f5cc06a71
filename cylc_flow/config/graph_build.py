"""Turn parsed graph strings into task definitions.

Each ``[scheduling][graph]`` item is parsed once and applied to every
sequence its recurrence gives.  The result is one :class:`TaskDef` per task
with its dependencies by sequence and the reverse index (output -> children)
that spawn-on-demand uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cylc_flow.config.taskdef import ChildRef, TaskDef
from cylc_flow.graph.model import Dependency, TaskTrigger, XtriggerRef


def iter_triggers(expression: Any) -> Iterator[TaskTrigger]:
    """Yield every task trigger in a trigger expression."""
    stack = [expression]
    while stack:
        node = stack.pop()
        if isinstance(node, TaskTrigger):
            yield node
        elif isinstance(node, tuple):
            stack.extend(reversed(node[1]))


def iter_xtriggers(expression: Any) -> Iterator[str]:
    """Yield every xtrigger label in a trigger expression."""
    stack = [expression]
    while stack:
        node = stack.pop()
        if isinstance(node, XtriggerRef):
            yield node.label
        elif isinstance(node, tuple):
            stack.extend(node[1])


class GraphDependency:
    """A parsed dependency with its leaves pre-extracted (built once)."""

    __slots__ = ('at_own_point', 'conditional', 'dependency', 'triggers',
                 'xtrigger_labels')

    def __init__(
        self,
        dependency: Dependency,
        triggers: tuple[TaskTrigger, ...],
        xtrigger_labels: tuple[str, ...],
        conditional: bool,
    ) -> None:
        self.dependency = dependency
        self.triggers = triggers
        self.xtrigger_labels = xtrigger_labels
        self.conditional = conditional
        # every parent at the child's own point (no offsets): the core
        # builds such prerequisites without resolving points
        self.at_own_point = all(trigger.offset is None for trigger in triggers)

    def __repr__(self) -> str:
        return f'GraphDependency({self.dependency!r})'

    @property
    def target(self) -> str:
        return self.dependency.target

    @property
    def suicide(self) -> bool:
        return self.dependency.suicide

    @property
    def expression(self) -> Any:
        return self.dependency.expression

    @classmethod
    def from_dependency(cls, dependency: Dependency) -> GraphDependency:
        expression = dependency.expression
        if isinstance(expression, TaskTrigger):
            return cls(dependency, (expression,), (), False)
        return cls(
            dependency,
            tuple(iter_triggers(expression)),
            tuple(iter_xtriggers(expression)),
            _has_or(expression),
        )


def _has_or(expression: Any) -> bool:
    stack = [expression]
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            if node[0] == 'or':
                return True
            stack.extend(node[1])
    return False


@dataclass(slots=True)
class GraphSection:
    """One graph item: its recurrence, sequences and parsed content."""

    recurrence: str
    sequences: list[Any]
    dependencies: list[GraphDependency]
    lone_tasks: set[str]
    output_optional: dict[tuple[str, str], bool] = field(default_factory=dict)


class TaskDefBuilder:
    """Accumulate graph sections into task definitions."""

    def __init__(self, make_taskdef: Callable[[str], TaskDef]) -> None:
        self._make_taskdef = make_taskdef
        self.taskdefs: dict[str, TaskDef] = {}

    def taskdef(self, name: str) -> TaskDef:
        found = self.taskdefs.get(name)
        if found is None:
            found = self.taskdefs[name] = self._make_taskdef(name)
        return found

    def add_section(self, section: GraphSection) -> None:
        """Apply one graph section on each of its sequences."""
        for sequence in section.sequences:
            for name in section.lone_tasks:
                self.taskdef(name).add_sequence(sequence)
            for dependency in section.dependencies:
                self._add_dependency(sequence, dependency)

    def _add_dependency(self, sequence: Any, dependency: GraphDependency) -> None:
        target = self.taskdef(dependency.target)
        target.add_sequence(sequence)
        target.add_dependency(sequence, dependency)
        if dependency.xtrigger_labels:
            target.xtrigger_labels.setdefault(sequence, set()).update(
                dependency.xtrigger_labels
            )
        for trigger in dependency.triggers:
            parent = self.taskdef(trigger.task)
            if trigger.offset is None:
                parent.add_sequence(sequence)
            parent.add_child(
                trigger.output,
                ChildRef(
                    child=dependency.target,
                    sequence=sequence,
                    offset=trigger.offset,
                    absolute=trigger.is_absolute,
                ),
            )
