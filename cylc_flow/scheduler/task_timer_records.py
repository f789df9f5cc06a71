"""Database rows of the task event timers (Cylc 8's tables).

``task_late_flags`` remembers which task instances were reported late (so
a restart does not report them again); ``task_timeout_timers`` holds the
submission or execution timeout deadline of each active job (so a restart
keeps it).
"""

from __future__ import annotations

from typing import Any

LATE_FLAGS = 'task_late_flags'
TIMEOUT_TIMERS = 'task_timeout_timers'


class TaskTimerRows:
    """Write the timer rows of the tasks the core changed (the recorder
    calls :meth:`task` for each, once per turn)."""

    __slots__ = ('_late', '_timeouts')

    def __init__(self) -> None:
        self._late: set[tuple[str, str]] = set()  # rows written
        self._timeouts: dict[tuple[str, str], float] = {}

    def task(self, db: Any, itask: Any, *, in_pool: bool) -> None:
        """The rows of a task the core changed (``in_pool``: False once
        removed)."""
        if itask.timeout_at is None and not itask.is_late and \
                not self._timeouts:
            return
        key = (str(itask.point), itask.name)
        if itask.is_late and key not in self._late:
            self._late.add(key)
            db.put_replace(LATE_FLAGS, {
                'cycle': key[0], 'name': key[1], 'value': 1})
        timeout = itask.timeout_at if in_pool else None
        if timeout is not None:
            if self._timeouts.get(key) != timeout:
                self._timeouts[key] = timeout
                db.put_replace(TIMEOUT_TIMERS, {
                    'cycle': key[0], 'name': key[1], 'timeout': timeout})
        elif self._timeouts.pop(key, None) is not None:
            db.put_delete(TIMEOUT_TIMERS, {'cycle': key[0], 'name': key[1]})
        if not in_pool:
            self._late.discard(key)
