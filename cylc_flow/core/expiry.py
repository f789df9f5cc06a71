"""Clock expiry (``[scheduling][special tasks]clock-expire``).

Tasks with an expiry time are kept in a heap ordered by that time, so each
turn only looks at the tasks whose time has come.  Cylc 8 rules: only a
waiting task expires (retrying ones included, manually triggered ones
not); it goes to ``expired``, completes the ``expired`` output (spawning
``foo:expired?`` children) and is complete unless its completion expression
says otherwise.
"""

from __future__ import annotations

import heapq
from typing import Any

from cylc_flow.core.task_proxy import TaskProxy


class ExpiryWatch:
    """Pool tasks in order of their expiry time."""

    __slots__ = ('_heap', '_sequence')

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, TaskProxy]] = []
        self._sequence = 0

    def watch(self, itask: TaskProxy) -> None:
        """Look at this task again when its expiry time comes."""
        if itask.expire_time is not None:
            self._sequence += 1
            heapq.heappush(self._heap, (itask.expire_time, self._sequence, itask))

    def due(self, now: float) -> list[TaskProxy]:
        """Tasks whose expiry time has come (they may since have left the
        pool or the waiting state: the caller checks)."""
        heap = self._heap
        found = []
        while heap and heap[0][0] <= now:
            found.append(heapq.heappop(heap)[2])
        return found

    def next_time(self) -> float | None:
        return self._heap[0][0] if self._heap else None

    def __len__(self) -> int:
        return len(self._heap)


def expiry_completes(tdef: Any, user_completion: str | None) -> bool | None:
    """Is a task complete when it clock-expires?

    None if the user wrote a completion expression (it is evaluated as
    usual); otherwise True unless the graph required ``expired`` (Cylc 8
    treats the ``expired`` output of a clock-expire task as optional).
    """
    if user_completion:
        return None
    return tdef.optional_outputs.get('expired') is not False
