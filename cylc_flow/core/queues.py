"""Internal queues: limit how many tasks of a group are active at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

DEFAULT_QUEUE = 'default'


class TaskQueues:
    """Queued tasks per queue, released oldest first within each queue's limit."""

    def __init__(
        self,
        queues_config: Mapping[str, Mapping[str, Any]],
        family_members: Mapping[str, list[str]],
    ) -> None:
        self.limits: dict[str, int] = {DEFAULT_QUEUE: 100}
        self.queue_of: dict[str, str] = {}
        for queue, settings in queues_config.items():
            settings = settings or {}
            limit = settings.get('limit')
            self.limits[queue] = int(limit) if limit is not None else (
                100 if queue == DEFAULT_QUEUE else 0)
            if queue == DEFAULT_QUEUE:
                continue
            for member in settings.get('members') or []:
                for task in family_members.get(member, [member]):
                    self.queue_of[task] = queue
        self.waiting: dict[str, dict[Any, Any]] = {q: {} for q in self.limits}
        self.active: dict[str, int] = dict.fromkeys(self.limits, 0)

    def queue_name(self, task_name: str) -> str:
        return self.queue_of.get(task_name, DEFAULT_QUEUE)

    def push(self, itask: Any) -> None:
        self.waiting[self.queue_name(itask.name)][itask.key] = itask

    def discard(self, itask: Any) -> None:
        self.waiting[self.queue_name(itask.name)].pop(itask.key, None)

    def task_became_active(self, itask: Any) -> None:
        self.active[self.queue_name(itask.name)] += 1

    def task_became_inactive(self, itask: Any) -> None:
        queue = self.queue_name(itask.name)
        self.active[queue] = max(0, self.active[queue] - 1)

    def release(self, can_release) -> list[Any]:
        """Pop the tasks that fit within each queue's limit, oldest first."""
        released: list[Any] = []
        for queue, waiting in self.waiting.items():
            if not waiting:
                continue
            limit = self.limits.get(queue, 0)
            room = (limit - self.active[queue]) if limit > 0 else len(waiting)
            if room <= 0:
                continue
            for key in list(waiting):
                if room <= 0:
                    break
                itask = waiting[key]
                if not can_release(itask):
                    continue
                del waiting[key]
                released.append(itask)
                room -= 1
        return released

    def all_queued(self) -> Iterable[Any]:
        for waiting in self.waiting.values():
            yield from waiting.values()
