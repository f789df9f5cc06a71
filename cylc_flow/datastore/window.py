"""The n-window: pool tasks plus their graph neighbours out to ``n`` edges.

Each pool task (a *source*) reaches the nodes within ``n`` edges of it (the
graph taken as undirected).  A node is in the window while any source
reaches it; per node we count the sources reaching it at each distance, so
adding or removing one source costs only the size of its own neighbourhood
and the node's graph depth (its distance from the pool) is the lowest
distance with a non-zero count.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

Node = tuple[Any, str]  # (cycle point, task name)
EdgeKey = tuple[Node, Node]  # (source node, target node)


class GraphNeighbours:
    """Parents and children of task instances in the expanded graph.

    Parents before the initial point or after the final point are left out,
    as are children beyond the final or stop point.  Children of absolute
    triggers (``foo[^] => bar``) are not followed.
    """

    __slots__ = ('_children', '_parents', 'factory', 'initial_point',
                 'last_point', 'taskdefs')

    def __init__(self, config: Any, factory: Any, stop_point: Any = None
                 ) -> None:
        self.taskdefs = config.taskdefs
        self.factory = factory
        self.initial_point = config.initial_point
        last = config.final_point
        if stop_point is not None and (last is None or stop_point < last):
            last = stop_point
        self.last_point = last
        self._parents: dict[Node, dict[Node, tuple[bool, bool]]] = {}
        self._children: dict[Node, list[Node]] = {}

    def parents(self, node: Node) -> dict[Node, tuple[bool, bool]]:
        """Parent node -> (suicide, conditional) of the edge into ``node``."""
        found = self._parents.get(node)
        if found is not None:
            return found
        found = {}
        point, name = node
        tdef = self.taskdefs.get(name)
        if tdef is not None:
            low, high = self.initial_point, self.last_point
            for sequence, dependencies in tdef.dependencies.items():
                if not sequence.is_valid(point):
                    continue
                for dependency in dependencies:
                    for trigger in dependency.triggers:
                        parent_point = self.factory.parent_point(point, trigger)
                        if parent_point is None or parent_point < low or (
                                high is not None and parent_point > high):
                            continue
                        key = (parent_point, trigger.task)
                        old = found.get(key)
                        flags = (dependency.suicide, dependency.conditional)
                        if old is not None:
                            flags = (old[0] or flags[0], old[1] or flags[1])
                        found[key] = flags
        self._parents[node] = found
        return found

    def children(self, node: Node) -> list[Node]:
        found = self._children.get(node)
        if found is not None:
            return found
        seen: dict[Node, None] = {}
        point, name = node
        tdef = self.taskdefs.get(name)
        high = self.last_point
        if tdef is not None:
            for refs in tdef.graph_children.values():
                for ref in refs:
                    if ref.absolute:
                        continue
                    child_point = self.factory.child_point(point, ref)
                    if child_point is None or (
                            high is not None and child_point > high):
                        continue
                    if ref.sequence.is_valid(child_point):
                        seen[(child_point, ref.child)] = None
        found = self._children[node] = list(seen)
        return found

    def forget(self, node: Node) -> None:
        self._parents.pop(node, None)
        self._children.pop(node, None)


class GraphWindow:
    """Window membership, graph depths and edges, kept incrementally.

    Changes accumulate in :attr:`touched_nodes` and :attr:`touched_edges`
    until the reader clears them; the reader compares each with what it
    holds to tell additions from removals.
    """

    def __init__(self, neighbours: GraphNeighbours, extent: int = 1) -> None:
        self.neighbours = neighbours
        self.extent = max(0, int(extent))
        self.reach: dict[Node, dict[Node, int]] = {}
        self.refs: dict[Node, list[int]] = {}
        self.edges: dict[EdgeKey, tuple[bool, bool]] = {}
        self._incident: dict[Node, set[EdgeKey]] = {}
        self.touched_nodes: set[Node] = set()
        self.touched_edges: set[EdgeKey] = set()

    def __contains__(self, node: Node) -> bool:
        return node in self.refs

    def depth(self, node: Node) -> int:
        counts = self.refs.get(node)
        if counts is None:
            return -1
        for distance, count in enumerate(counts):
            if count:
                return distance
        return -1

    # ---- sources -------------------------------------------------------------
    def _neighbourhood(self, source: Node) -> dict[Node, int]:
        reach = {source: 0}
        frontier = [source]
        neighbours = self.neighbours
        for distance in range(1, self.extent + 1):
            following = []
            for node in frontier:
                for other in neighbours.parents(node):
                    if other not in reach:
                        reach[other] = distance
                        following.append(other)
                for other in neighbours.children(node):
                    if other not in reach:
                        reach[other] = distance
                        following.append(other)
            frontier = following
        return reach

    def add_source(self, source: Node) -> None:
        """A task entered the pool."""
        for _ in self.add_source_steps(source):
            pass

    def add_source_steps(self, source: Node, size: int = 50
                         ) -> Generator[None, None, None]:
        """:meth:`add_source`, yielding after every ``size`` nodes entered
        (a task with thousands of children)."""
        if source in self.reach:
            return
        reach = self.reach[source] = self._neighbourhood(source)
        refs = self.refs
        slots = self.extent + 1
        entered = 0
        for node, distance in reach.items():
            counts = refs.get(node)
            if counts is None:
                counts = refs[node] = [0] * slots
                counts[distance] = 1
                self._enter(node)
                entered += 1
                if not entered % size:
                    yield
                continue
            if not any(counts[:distance + 1]):
                self.touched_nodes.add(node)  # graph depth goes down
            counts[distance] += 1

    def remove_source(self, source: Node) -> None:
        """A task left the pool."""
        for _ in self.remove_source_steps(source):
            pass

    def remove_source_steps(self, source: Node, size: int = 50
                            ) -> Generator[None, None, None]:
        """:meth:`remove_source`, yielding after every ``size`` nodes left."""
        reach = self.reach.pop(source, None)
        if reach is None:
            return
        refs = self.refs
        left = 0
        for node, distance in reach.items():
            counts = refs[node]
            counts[distance] -= 1
            if counts[distance] == 0:
                if not any(counts):
                    del refs[node]
                    self._leave(node)
                    left += 1
                    if not left % size:
                        yield
                elif not any(counts[:distance]):
                    self.touched_nodes.add(node)  # graph depth goes up

    def set_extent_steps(self, extent: int, size: int = 50
                         ) -> Generator[None, None, None]:
        """Change ``n``: rebuild every neighbourhood (a rare command),
        yielding after every ``size`` nodes entered or left."""
        sources = list(self.reach)
        for source in sources:
            yield from self.remove_source_steps(source, size)
        self.extent = max(0, int(extent))
        for source in sources:
            yield from self.add_source_steps(source, size)

    # ---- membership and edges -------------------------------------------------
    def _add_edge(self, key: EdgeKey, flags: tuple[bool, bool]) -> None:
        self.edges[key] = flags
        self._incident.setdefault(key[0], set()).add(key)
        self._incident.setdefault(key[1], set()).add(key)
        self.touched_edges.add(key)

    def _enter(self, node: Node) -> None:
        self.touched_nodes.add(node)
        refs = self.refs
        neighbours = self.neighbours
        for parent, flags in neighbours.parents(node).items():
            if parent in refs:
                self._add_edge((parent, node), flags)
        for child in neighbours.children(node):
            if child in refs and child != node:
                flags = neighbours.parents(child).get(node)
                if flags is not None:
                    self._add_edge((node, child), flags)

    def _leave(self, node: Node) -> None:
        self.touched_nodes.add(node)
        for key in self._incident.pop(node, ()):
            self.edges.pop(key, None)
            self.touched_edges.add(key)
            other = key[1] if key[0] == node else key[0]
            found = self._incident.get(other)
            if found is not None:
                found.discard(key)
        self.neighbours.forget(node)
