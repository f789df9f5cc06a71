"""Turn parsed graph strings into task definitions.

Each ``[scheduling][graph]`` item is parsed once and applied to every
sequence its recurrence gives.  The result is one :class:`TaskDef` per task
with its dependencies by sequence and the reverse index (output -> children)
that spawn-on-demand uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
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


@dataclass(slots=True)
class GraphSection:
    """One graph item: its recurrence, sequences and parsed content."""

    recurrence: str
    sequences: list[Any]
    dependencies: list[Dependency]
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

    def _add_dependency(self, sequence: Any, dependency: Dependency) -> None:
        target = self.taskdef(dependency.target)
        target.add_sequence(sequence)
        target.add_dependency(sequence, dependency)
        labels = set(iter_xtriggers(dependency.expression))
        if labels:
            target.xtrigger_labels.setdefault(sequence, set()).update(labels)
        for trigger in iter_triggers(dependency.expression):
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


def merge_optional(
    into: dict[tuple[str, str], bool],
    new: Mapping[tuple[str, str], bool],
    merge: Callable[[dict, Mapping], dict],
) -> dict[tuple[str, str], bool]:
    """Merge output optionality across graph strings (conflicts raise)."""
    return merge(into, new)
