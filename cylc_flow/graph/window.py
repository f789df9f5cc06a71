"""The graph expanded over cycle points: nodes ``(point, task)`` and edges.

Used by ``cylc graph`` (between a start and a stop point) and by the cyclic
dependency check (over the whole run, or a bounded window of it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from cylc_flow.config.taskdef import TaskDef
from cylc_flow.exceptions import CyclingError


class Edge(NamedTuple):
    """One expanded dependency edge (points are cycling Point objects)."""

    source_point: Any
    source: str
    target_point: Any
    target: str
    suicide: bool
    conditional: bool


class PointResolver:
    """Resolve trigger offsets (relative or absolute) to points, cached."""

    def __init__(self, context: Any, icp: Any, fcp: Any) -> None:
        self.context = context
        self.icp = icp
        self.fcp = fcp
        self._absolute: dict[str, Any] = {}
        self._relative: dict[tuple[Any, str], Any] = {}

    def source_point(self, point: Any, offset: str | None, absolute: bool) -> Any:
        """The point of a trigger's parent for a child at ``point``."""
        if offset is None:
            return point
        if absolute:
            found = self._absolute.get(offset)
            if found is None:
                found = self._absolute[offset] = self._resolve_absolute(offset)
            return found
        key = (point, offset)
        found = self._relative.get(key)
        if found is None:
            found = self._relative[key] = self.context.offset_point(point, offset)
        return found

    def _resolve_absolute(self, offset: str) -> Any:
        if offset[0] in '^$':
            base = self.icp if offset[0] == '^' else self.fcp
            if base is None:
                return None
            rest = offset[1:].strip()
            return self.context.offset_point(base, rest) if rest else base
        try:
            return self.context.point(offset)
        except CyclingError:
            # truncated forms such as T00 count from the initial point
            return self.context.offset_point(self.icp, offset)


def iter_sequence_points(
    sequence: Any, start: Any, stop: Any | None, limit: int
) -> Iterator[Any]:
    """Points of a sequence from ``start`` to ``stop`` (inclusive), at most
    ``limit`` of them."""
    point = sequence.get_first_point(start)
    count = 0
    while point is not None and count < limit:
        if stop is not None and point > stop:
            return
        yield point
        count += 1
        point = sequence.get_next_point_on_sequence(point)


def task_points(
    taskdefs: Mapping[str, TaskDef], start: Any, stop: Any | None, limit: int
) -> Iterator[tuple[Any, str, Any]]:
    """Yield ``(sequence, task, point)`` for each task on each of its points."""
    for name, taskdef in taskdefs.items():
        for sequence in taskdef.sequences:
            for point in iter_sequence_points(sequence, start, stop, limit):
                yield sequence, name, point


def expand_edges(
    taskdefs: Mapping[str, TaskDef],
    resolver: PointResolver,
    start: Any,
    stop: Any | None,
    limit: int = 10_000,
) -> tuple[set[tuple[Any, str]], list[Edge]]:
    """Return the nodes and edges between ``start`` and ``stop``.

    Edges whose parent falls outside the window (before the initial point,
    after the final point or outside ``start``..``stop``) are left out.
    """
    nodes: set[tuple[Any, str]] = set()
    edges: list[Edge] = []
    low = start
    high = stop
    for name, taskdef in taskdefs.items():
        for sequence, dependencies in taskdef.dependencies.items():
            for point in iter_sequence_points(sequence, start, stop, limit):
                for dependency in dependencies:
                    conditional = dependency.conditional
                    suicide = dependency.suicide
                    for trigger in dependency.triggers:
                        source = resolver.source_point(
                            point, trigger.offset, trigger.is_absolute
                        )
                        if source is None or source < low or (
                            high is not None and source > high
                        ):
                            continue
                        edges.append(Edge(
                            source, trigger.task, point, name,
                            suicide, conditional,
                        ))
    for _sequence, name, point in task_points(taskdefs, start, stop, limit):
        nodes.add((point, name))
    return nodes, edges


def find_cycle(
    nodes: Iterable[tuple[Any, str]], edges: Iterable[Edge]
) -> list[tuple[Any, str]] | None:
    """Return one dependency cycle (as a list of nodes) or None.

    Kahn's algorithm finds whether any cycle exists in O(nodes + edges);
    only then is one cycle traced for the error message.
    """
    index: dict[tuple[Any, str], int] = {}
    for node in nodes:
        index.setdefault(node, len(index))
    successors: list[list[int]] = [[] for _ in index]
    indegree = [0] * len(index)
    for edge in edges:
        if edge.suicide:
            continue
        source = index.get((edge.source_point, edge.source))
        target = index.get((edge.target_point, edge.target))
        if source is None:
            source = index[(edge.source_point, edge.source)] = len(index)
            successors.append([])
            indegree.append(0)
        if target is None:
            target = index[(edge.target_point, edge.target)] = len(index)
            successors.append([])
            indegree.append(0)
        successors[source].append(target)
        indegree[target] += 1
    ready = [node for node, degree in enumerate(indegree) if degree == 0]
    seen = 0
    while ready:
        node = ready.pop()
        seen += 1
        for nxt in successors[node]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    if seen == len(indegree):
        return None
    names = {value: key for key, value in index.items()}
    return _trace_cycle(successors, indegree, names)


def _trace_cycle(
    successors: list[list[int]], indegree: list[int], names: dict[int, Any]
) -> list[Any]:
    """Walk backwards through unprocessed nodes until one repeats.

    Every node Kahn's algorithm left has an unprocessed predecessor, so the
    walk must close a cycle.
    """
    predecessors: dict[int, int] = {}
    for node, targets in enumerate(successors):
        if indegree[node] > 0:
            for target in targets:
                if indegree[target] > 0:
                    predecessors.setdefault(target, node)
    node = next(node for node, degree in enumerate(indegree) if degree > 0)
    path: list[int] = []
    position: dict[int, int] = {}
    while node not in position:
        position[node] = len(path)
        path.append(node)
        node = predecessors[node]
    cycle = [*path[position[node]:], node]
    cycle.reverse()
    return [names[item] for item in cycle]
