"""Render an expanded graph: Cylc's plain-text reference format and DOT."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cylc_flow.graph.window import Edge


def node_id(point: Any, name: str) -> str:
    return f'{point}/{name}'


def _node_key(node: tuple[Any, str]) -> tuple[str, Any]:
    point, name = node
    return (name, point)


def reference_lines(
    nodes: Iterable[tuple[Any, str]],
    edges: Iterable[Edge],
    *,
    show_suicide: bool = False,
) -> list[str]:
    """The ``cylc graph --reference`` text: sorted edges, then sorted nodes."""
    kept = {
        ((edge.source_point, edge.source), (edge.target_point, edge.target))
        for edge in edges
        if show_suicide or not edge.suicide
    }
    all_nodes = set(nodes)
    for source, target in kept:
        all_nodes.add(source)
        all_nodes.add(target)
    lines = [
        f'edge "{node_id(*source)}" "{node_id(*target)}"'
        for source, target in sorted(
            kept, key=lambda pair: (_node_key(pair[0]), _node_key(pair[1]))
        )
    ]
    lines.append('graph')
    for point, name in sorted(all_nodes, key=_node_key):
        lines.append(f'node "{node_id(point, name)}" "{name}\\n{point}"')
    lines.append('stop')
    return lines


def namespace_reference_lines(parents: dict[str, list[str]]) -> list[str]:
    """``cylc graph -n --reference``: the inheritance tree (parent -> child)."""
    edges = sorted(
        (parent, name) for name, plist in parents.items() for parent in plist
    )
    lines = [f'edge "{parent}" "{child}"' for parent, child in edges]
    lines.append('graph')
    lines.extend(f'node "{name}" "{name}"' for name in sorted(parents))
    lines.append('stop')
    return lines


def dot_lines(
    nodes: Iterable[tuple[Any, str]],
    edges: Iterable[Edge],
    *,
    title: str,
    show_suicide: bool = False,
    transpose: bool = False,
) -> list[str]:
    """A Graphviz DOT rendering (suicide edges dashed, conditional dotted)."""
    lines = [
        f'digraph "{_escape(title)}" {{',
        f'  graph [rankdir={"LR" if transpose else "TB"}];',
        '  node [shape=box, style=rounded];',
    ]
    seen_nodes = set(nodes)
    for edge in edges:
        if edge.suicide and not show_suicide:
            continue
        seen_nodes.add((edge.source_point, edge.source))
        seen_nodes.add((edge.target_point, edge.target))
    for point, name in sorted(seen_nodes, key=_node_key):
        ident = node_id(point, name)
        lines.append(f'  "{_escape(ident)}" [label="{_escape(name)}\\n{point}"];')
    for edge in sorted(
        edges,
        key=lambda e: (e.source, e.source_point, e.target, e.target_point),
    ):
        if edge.suicide and not show_suicide:
            continue
        style = ''
        if edge.suicide:
            style = ' [style=dashed, color=red]'
        elif edge.conditional:
            style = ' [style=dotted]'
        source = _escape(node_id(edge.source_point, edge.source))
        target = _escape(node_id(edge.target_point, edge.target))
        lines.append(f'  "{source}" -> "{target}"{style};')
    lines.append('}')
    return lines


def _escape(text: str) -> str:
    return str(text).replace('\\', '\\\\').replace('"', '\\"')
