"""Nested names drawn as a tree with box-drawing characters (``cylc scan -t
tree``)::

    bar host:1234 99
    foo
     ├─ run1 host:1235 100
     └─ run2
"""

from __future__ import annotations

from typing import Any

TEE = '\u251c\u2500'  # ├─
LAST = '\u2514\u2500'  # └─
BAR = '\u2502'  # │

#: A tree: labels mapping to a sub-tree (dict) or to None for a leaf.
Tree = dict[str, Any]


def insert_path(tree: Tree, parts: list[str], label: str) -> None:
    """Put a leaf ``label`` under the branches ``parts`` (made as needed)."""
    node = tree
    for part in parts:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[label] = None


def render_tree(tree: Tree) -> list[str]:
    """The lines of a tree; top-level labels have no connector."""
    lines: list[str] = []
    # (node, its labels, next index, indent of its children; None = top)
    stack: list[tuple[Tree, list[str], int, str | None]] = [
        (tree, list(tree), 0, None)]
    while stack:
        node, labels, index, indent = stack.pop()
        if index >= len(labels):
            continue
        stack.append((node, labels, index + 1, indent))
        label = labels[index]
        if indent is None:
            lines.append(label)
            child_indent = ' '
        else:
            last = index == len(labels) - 1
            lines.append(f'{indent}{LAST if last else TEE} {label}')
            child_indent = indent + ('  ' if last else f'{BAR} ')
        child = node[label]
        if isinstance(child, dict) and child:
            stack.append((child, list(child), 0, child_indent))
    return lines
