"""Stall detection: nothing active, and nothing waiting on time or a queue.

The pool scan that decides "is anything still waiting on a clock, a retry,
an xtrigger or a queue?" only depends on task state, so its answer is kept
until the pool changes (:attr:`ChangeSet.version` moves).
"""

from __future__ import annotations

from typing import Any

from cylc_flow.core import states as S


class ChangeSet(dict):
    """The pool's changed tasks (key -> task), counting every change.

    The shell drains it each turn; :attr:`version` only ever grows, so a
    reader can tell whether anything changed since it last looked.
    """

    __slots__ = ('version',)

    def __init__(self) -> None:
        super().__init__()
        self.version = 0

    def __setitem__(self, key: Any, value: Any) -> None:
        self.version += 1
        dict.__setitem__(self, key, value)

    def pop(self, key: Any, *default: Any) -> Any:
        self.version += 1
        return dict.pop(self, key, *default)

    def bump(self) -> None:
        """Note a change that is not about one task in the set."""
        self.version += 1


class StallCheck:
    """Cached answer to "is any waiting task waiting on time or a queue?"."""

    __slots__ = ('_answer', '_version')

    def __init__(self) -> None:
        self._version = -1
        self._answer = False

    def waiting_on_time_or_queue(self, pool: Any) -> bool:
        version = pool.dirty.version
        if version != self._version:
            self._answer = _scan(pool)
            self._version = version
        return self._answer


def _scan(pool: Any) -> bool:
    for itask in pool.tasks.values():
        if itask.state != S.WAITING or itask.is_held:
            continue
        if itask.is_queued or itask.retry_at is not None:
            return True
        if itask.xtriggers and not itask.xtriggers_satisfied() and \
                itask.prerequisites_satisfied():
            return True
        if itask.clock_trigger_time is not None and \
                itask.prerequisites_satisfied():
            return True
    return False


def stall_report(pool: Any) -> list[str]:
    """The lines logged (as warnings) when the workflow stalls."""
    lines = ['Workflow stalled']
    for itask in pool.tasks.values():
        if itask.is_final:
            lines.append(f'* {itask.identity} did not complete required'
                         ' outputs')
        elif itask.state == S.WAITING:
            waiting = [f'{point}/{name}:{output}'
                       for prereq in itask.prerequisites
                       for (point, name, output), ok in prereq.conditions.items()
                       if not ok]
            lines.append(f'* {itask.identity} is waiting on {waiting}')
    return lines
