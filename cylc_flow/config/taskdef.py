"""Task definitions: what the graph and ``[runtime]`` say about one task.

A :class:`TaskDef` is static: it holds the sequences the task is on, its
prerequisite expressions per sequence, the outputs it can produce, and the
reverse index the scheduler uses to spawn on demand (which children each
output feeds, and at what offset).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

# Standard outputs in the order a job produces them.
STANDARD_OUTPUTS: tuple[str, ...] = (
    'expired', 'submitted', 'submit-failed', 'started', 'succeeded', 'failed',
)
# The standard outputs' messages are their names.
STANDARD_OUTPUT_MESSAGES: dict[str, str] = {name: name for name in STANDARD_OUTPUTS}


class ChildRef(NamedTuple):
    """A task that depends on an output of this task.

    ``offset`` is the offset written on the parent in the child's trigger
    (``foo[-P1] => bar`` gives bar an offset of ``-P1`` on foo), so the child
    runs at ``parent_point - offset``; absolute offsets are kept as written.
    """

    child: str
    sequence: Any  # SequenceBase of the child's dependency
    offset: str | None
    absolute: bool


@dataclass(slots=True)
class TaskDef:
    """Everything the configuration says about one task."""

    name: str
    namespace_hierarchy: list[str]
    sequences: list[Any] = field(default_factory=list)
    # sequence -> the dependencies declared on it (graph.model.Dependency)
    dependencies: dict[Any, list[Any]] = field(default_factory=dict)
    # sequence -> xtrigger labels
    xtrigger_labels: dict[Any, set[str]] = field(default_factory=dict)
    # output label -> message
    outputs: dict[str, str] = field(
        default_factory=lambda: dict(STANDARD_OUTPUT_MESSAGES)
    )
    # output label -> optional? (outputs the graph or config make required/optional)
    optional_outputs: dict[str, bool] = field(default_factory=dict)
    completion: str = ''
    # output label -> children it satisfies prerequisites of (an ordered set)
    graph_children: dict[str, dict[ChildRef, None]] = field(default_factory=dict)
    parameter_values: dict[str, Any] = field(default_factory=dict)
    is_implicit: bool = False

    def add_sequence(self, sequence: Any) -> None:
        if sequence not in self.sequences:
            self.sequences.append(sequence)

    def add_dependency(self, sequence: Any, dependency: Any) -> None:
        self.dependencies.setdefault(sequence, []).append(dependency)

    def add_child(self, output: str, ref: ChildRef) -> None:
        self.graph_children.setdefault(output, {})[ref] = None

    def is_parentless(self, sequence: Any) -> bool:
        """True if the task has no task prerequisites on this sequence."""
        return not any(
            not dep.suicide for dep in self.dependencies.get(sequence, ())
        )

    def required_outputs(self) -> list[str]:
        """Outputs that must be completed (not optional)."""
        return [
            label for label, optional in self.optional_outputs.items()
            if not optional
        ]
