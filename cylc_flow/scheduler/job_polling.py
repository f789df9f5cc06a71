"""When to poll active jobs: the submission, execution and execution time
limit polling intervals of their platform (the last interval repeats)."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

DEFAULT_INTERVALS = (900.0,)  # PT15M, Cylc 8's platform default


class JobPollSchedule:
    """A due-time heap of (time, task) with lazily dropped stale entries."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Any]] = []
        self._plans: dict[tuple[Any, str], tuple[int, list[float]]] = {}
        self._counter = 0

    def arm(self, itask: Any, intervals: Sequence[float], now: float,
            first_delay: float | None = None) -> None:
        """Poll ``itask`` after each interval (then every last one)."""
        plan = [float(value) for value in intervals] or list(DEFAULT_INTERVALS)
        self._counter += 1
        self._plans[itask.key] = (self._counter, plan)
        delay = plan.pop(0) if first_delay is None else first_delay
        heapq.heappush(self._heap, (now + delay, self._counter, itask))

    def disarm(self, itask: Any) -> None:
        """Stop polling ``itask`` (its heap entry is dropped when reached)."""
        self._plans.pop(itask.key, None)

    def _current(self, token: int, itask: Any) -> Any:
        """The plan of a heap entry, or None if the entry is stale (the
        plan of a task no longer active is forgotten)."""
        plan = self._plans.get(itask.key)
        if plan is None or plan[0] != token:
            return None
        if not itask.is_active:
            self.disarm(itask)
            return None
        return plan

    def due(self, now: float) -> list[Any]:
        """Tasks to poll now; each is re-armed for its next interval."""
        found: list[Any] = []
        while self._heap and self._heap[0][0] <= now:
            _when, token, itask = heapq.heappop(self._heap)
            plan = self._current(token, itask)
            if plan is None:
                continue
            found.append(itask)
            intervals = plan[1]
            delay = intervals.pop(0) if len(intervals) > 1 else intervals[0]
            heapq.heappush(self._heap, (now + delay, token, itask))
        return found

    def next_time(self) -> float | None:
        while self._heap:
            when, token, itask = self._heap[0]
            if self._current(token, itask) is not None:
                return when
            heapq.heappop(self._heap)
        return None


def platform_intervals(itask: Any, key: str, global_config: Any) -> list[float]:
    settings = (itask.job or {}).get('platform_settings') or {}
    values = settings.get(key)
    if not values:
        values = global_config.get(['platforms', 'localhost', key]) or []
    return [float(value) for value in values] or list(DEFAULT_INTERVALS)
