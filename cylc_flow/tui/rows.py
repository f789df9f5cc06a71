"""Which tree nodes are open, and the flat list of rows that shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from cylc_flow.tui.model import (
    CYCLE,
    FAMILY,
    JOB_INFO,
    MESSAGE,
    ROOT,
    TreeNode,
)

#: kinds open until the user closes them (workflows, tasks and jobs start closed)
OPEN_BY_DEFAULT = frozenset({ROOT, CYCLE, FAMILY})
#: rows the cursor skips
UNSELECTABLE = frozenset({JOB_INFO, MESSAGE})


@dataclass(slots=True)
class Expansion:
    """Open/closed state of nodes, kept by ID across data updates."""

    toggled: set[str] = field(default_factory=set)

    def is_open(self, node: TreeNode) -> bool:
        return (node.kind in OPEN_BY_DEFAULT) != (node.id in self.toggled)

    def set_open(self, node: TreeNode, is_open: bool) -> None:
        if self.is_open(node) != is_open:
            self.toggled ^= {node.id}


@dataclass(frozen=True, slots=True)
class Row:
    """One visible line: a node, its depth and where it sits in the tree."""

    node: TreeNode
    depth: int
    is_open: bool
    parent_id: str | None

    @property
    def expandable(self) -> bool:
        return bool(self.node.children)

    @property
    def selectable(self) -> bool:
        return self.node.kind not in UNSELECTABLE


def visible_rows(root: TreeNode, expansion: Expansion) -> list[Row]:
    """The rows to draw: every node whose ancestors are all open.

    The root itself is not drawn; workflows are at depth 0.
    """
    rows: list[Row] = []
    stack: list[tuple[TreeNode, int, str | None]] = [
        (child, 0, None) for child in reversed(root.children)]
    while stack:
        node, depth, parent_id = stack.pop()
        is_open = expansion.is_open(node) and bool(node.children)
        rows.append(Row(node, depth, is_open, parent_id))
        if is_open:
            stack.extend((child, depth + 1, node.id)
                         for child in reversed(node.children))
    return rows


def closest_focus(rows: list[Row], old_id: str | None,
                  old_ancestors: list[str], old_position: int) -> int:
    """Where the cursor goes after the rows change.

    The same node if still shown, else its nearest shown ancestor, else the
    same position (clamped), skipping unselectable rows.
    """
    if not rows:
        return 0
    index = {row.node.id: position for position, row in enumerate(rows)}
    for candidate in (old_id, *old_ancestors):
        if candidate is not None and candidate in index:
            return index[candidate]
    position = min(max(old_position, 0), len(rows) - 1)
    for step in range(len(rows)):
        for probe in (position - step, position + step):
            if 0 <= probe < len(rows) and rows[probe].selectable:
                return probe
    return position


def ancestors_of(rows: list[Row], position: int) -> list[str]:
    """IDs of the row's ancestors, nearest first."""
    if not 0 <= position < len(rows):
        return []
    parents = {row.node.id: row.parent_id for row in rows}
    found = []
    parent = rows[position].parent_id
    while parent is not None and parent not in found:
        found.append(parent)
        parent = parents.get(parent)
    return found
