"""Run history: which flows each finished task instance already ran in.

The pool asks it one question when spawning: "did ``point/name`` already
run in these flows?" (Cylc 8 does not run a task twice in the same flow).
Instances far enough behind the oldest active cycle can never be spawned
again by the graph, so :meth:`RunHistory.prune_before` forgets them and
memory stays bounded over a long run.  A shell may supply :attr:`lookup`
(for instance a database query) to answer for pruned instances that a
manual command brings back into play.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from typing import Any

HistoryKey = tuple[Any, str]


class RunHistory:
    """``(point, name) -> flow numbers`` of finished task instances."""

    __slots__ = ('_by_point', '_flows', '_heap', 'cutoff', 'lookup')

    def __init__(self) -> None:
        self._flows: dict[HistoryKey, frozenset[int]] = {}
        self._by_point: dict[Any, list[str]] = {}
        self._heap: list[tuple[int, Any]] = []  # (point key, point)
        # points before this were pruned (None: nothing pruned yet)
        self.cutoff: Any = None
        # answers for pruned instances: (point, name) -> flows or None
        self.lookup: Callable[[Any, str], frozenset[int] | None] | None = None

    def add(self, key: HistoryKey, flows: frozenset[int]) -> None:
        """Note that a task instance finished (or left the pool) in flows."""
        found = self._flows.get(key)
        if found is None:
            self._flows[key] = flows
            point = key[0]
            names = self._by_point.get(point)
            if names is None:
                self._by_point[point] = [key[1]]
                heapq.heappush(self._heap, (point.key, point))
            else:
                names.append(key[1])
        elif not flows <= found:
            self._flows[key] = found | flows

    def get(self, key: HistoryKey, default: Any = None) -> Any:
        """The flows an instance ran in (``default`` if it never ran)."""
        found = self._flows.get(key)
        if found is not None:
            return found
        cutoff = self.cutoff
        if self.lookup is not None and cutoff is not None and key[0] < cutoff:
            found = self.lookup(key[0], key[1])
            if found is not None:
                return found
        return default

    def __setitem__(self, key: HistoryKey, flows: frozenset[int]) -> None:
        self.add(key, flows)
        self._flows[key] = flows

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[HistoryKey]:
        return iter(self._flows)

    def __len__(self) -> int:
        return len(self._flows)

    def prune_before(self, point: Any) -> int:
        """Forget instances at points before ``point``; return how many."""
        if point is None:
            return 0
        if self.cutoff is None or point > self.cutoff:
            self.cutoff = point
        heap = self._heap
        limit = point.key
        flows = self._flows
        removed = 0
        while heap and heap[0][0] < limit:
            old = heapq.heappop(heap)[1]
            for name in self._by_point.pop(old, ()):
                if flows.pop((old, name), None) is not None:
                    removed += 1
        return removed


def backward_offsets(config: Any) -> dict[str, list[str]]:
    """Child name -> the offsets (as written on the parent) of the triggers
    by which a parent spawns that child at an *earlier* point
    (``foo[+P1] => bar``: foo at 2 spawns bar at 1).

    Only these let the graph reach behind the oldest active cycle point.
    """
    from cylc_flow.core.task_factory import negate_offset
    from cylc_flow.exceptions import CyclingError

    context = config.context
    probe = config.initial_point
    found: dict[str, set[str]] = {}
    for tdef in config.taskdefs.values():
        for refs in tdef.graph_children.values():
            for ref in refs:
                if ref.absolute or ref.offset is None:
                    continue
                try:
                    child = context.offset_point(probe, negate_offset(ref.offset))
                except CyclingError:  # an offset the context cannot apply
                    continue
                if child < probe:
                    found.setdefault(ref.child, set()).add(ref.offset)
    return {name: sorted(offsets) for name, offsets in sorted(found.items())}


class HistoryWindow:
    """Where the run history may be cut, given the runahead base point.

    The margin is the sum, over the tasks that can be spawned behind their
    parent, of the largest such step: no chain of spawns can reach further
    back than that.  Usually (no ``foo[+P]`` triggers) it is zero.
    """

    __slots__ = ('_cache', '_context', '_offsets')

    def __init__(self, config: Any) -> None:
        from cylc_flow.core.task_factory import negate_offset

        self._context = config.context
        self._offsets = [
            [negate_offset(offset) for offset in offsets]
            for offsets in backward_offsets(config).values()
        ]
        self._cache: tuple[Any, Any] | None = None

    def cutoff(self, base: Any) -> Any:
        """The earliest point whose history must still be kept."""
        if not self._offsets:
            return base
        cache = self._cache
        if cache is not None and cache[0] == base:
            return cache[1]
        point = base
        offset_point = self._context.offset_point
        for offsets in self._offsets:
            point = min(offset_point(point, offset) for offset in offsets)
        self._cache = (base, point)
        return point
