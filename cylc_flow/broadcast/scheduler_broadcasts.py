"""The scheduler's side of broadcasts: persistence, logging, the data store,
job runtime settings and automatic expiry.

Database rows go in the scheduler's per-turn transaction: ``broadcast_states``
(the active settings) and ``broadcast_events`` (a ``+``/``-`` history).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cylc_flow.broadcast.report import (
    bad_options_report,
    change_line,
    change_report,
)
from cylc_flow.broadcast.runtime import apply_overrides
from cylc_flow.broadcast.store import BroadcastResult, BroadcastStore

BROADCAST_STATES = 'broadcast_states'
BROADCAST_EVENTS = 'broadcast_events'


def store_for_config(config_of: Callable[[], Any]) -> BroadcastStore:
    """A broadcast store that reads the namespaces, inheritance and cycling
    of ``config_of()`` at each use (so it follows a reload)."""
    return BroadcastStore(
        _Namespaces(config_of),
        lambda name: config_of().runtime.mro(name),
        lambda text: config_of().context.point(text),
    )


class _Namespaces:
    """The runtime namespaces (tasks and families) of the current config."""

    __slots__ = ('_config_of',)

    def __init__(self, config_of: Callable[[], Any]) -> None:
        self._config_of = config_of

    def __contains__(self, name: object) -> bool:
        config = self._config_of()
        return name in config.runtime.sparse or name in config.taskdefs


class SchedulerBroadcasts:
    """Owns the broadcast store of a running scheduler."""

    def __init__(self, scheduler: Any) -> None:
        self.scheduler = scheduler
        self.store = store_for_config(lambda: scheduler.config)
        self._expiry_offsets: list[Any] = []
        self._offsets_of: list[Any] | None = None  # the pool's sequences
        self._last_min_point: Any = None
        self._seen_version = -1

    # ---- operations (the ``broadcast`` mutation) ------------------------------
    def put(self, points: list[str], namespaces: list[str],
            settings: list[Any]) -> BroadcastResult:
        result = self.store.put(points, namespaces, settings)
        self._record(result, is_set=True)
        return result

    def clear(self, points: list[str] | None, namespaces: list[str] | None,
              cancel: list[Any] | None) -> BroadcastResult:
        result = self.store.clear(points, namespaces, cancel)
        self._record(result, is_set=False)
        return result

    def expire(self, cutoff: str | None) -> BroadcastResult:
        result = self.store.expire(cutoff)
        self._record(result, is_set=False)
        return result

    # ---- what jobs get ------------------------------------------
    def runtime_for(self, itask: Any, runtime: dict) -> dict:
        """A task's runtime settings with the broadcasts that target it."""
        if not self.store:
            return runtime
        overrides = self.store.overrides(str(itask.point), itask.name)
        return apply_overrides(runtime, overrides) if overrides else runtime

    def task_runtime(self, itask: Any) -> dict:
        """A task's runtime settings now: as configured, with broadcasts."""
        return self.runtime_for(itask, self.scheduler.config.rtconfig(itask.name))

    # ---- every turn ------------------------------------------
    def expire_behind(self) -> None:
        """Expire point broadcasts older than the oldest active cycle point
        minus the longest cycling interval (not while paused), as Cylc 8."""
        store = self.store
        if not store or self.scheduler.core is None:
            return
        core = self.scheduler.core
        if core.paused:
            return
        points = core.pool.by_point
        if not points:
            return
        oldest = min(points)
        if oldest == self._last_min_point and store.version == self._seen_version:
            return
        self._last_min_point = oldest
        limit = self._expiry_limit(core.pool.sequences, oldest)
        if limit is not None:
            result = store.expire_before(limit)
            if result is not None:
                self._record(result, is_set=False)
        self._seen_version = store.version

    def _expiry_limit(self, sequences: list[Any], oldest: Any) -> Any:
        if sequences is not self._offsets_of:  # (a reload makes new ones)
            self._offsets_of = sequences
            self._expiry_offsets = []
            for sequence in sequences:
                interval = sequence.get_interval()
                if interval is not None and \
                        interval not in self._expiry_offsets:
                    self._expiry_offsets.append(interval)
        limit = oldest
        for interval in self._expiry_offsets:
            try:
                candidate = oldest - interval
            except (TypeError, ValueError, OverflowError):
                continue
            if candidate < limit:
                limit = candidate
        return limit

    # ---- restart ------------------------------------------
    def restore(self, db: Any) -> None:
        """Load ``broadcast_states`` (at restart) and log what was loaded."""
        rows = [(record.point, record.namespace, record.key, record.value)
                for record in db.select_broadcast_states()]
        if not rows:
            return
        log = self.scheduler.log
        log.info('LOADING broadcast states')
        loaded, skipped = self.store.load(rows)
        for change in loaded:
            log.info(change_line(change))
        for row, why in skipped:
            log.warning(f'broadcast state not restored {tuple(row)}: {why}')
        self._publish()

    # ---- the data store ------------------------------------------
    def publish_to(self, data_store: Any) -> None:
        """Give a (new) data store the current broadcasts."""
        setter = getattr(data_store, 'set_broadcasts', None)
        if setter is not None:
            setter(self.store.as_dict())

    def _publish(self) -> None:
        graphql = getattr(self.scheduler, 'graphql', None)
        data_store = getattr(graphql, 'store', None)
        if data_store is not None:
            self.publish_to(data_store)

    # ---- recording ------------------------------------------
    def _record(self, result: BroadcastResult, *, is_set: bool) -> None:
        scheduler = self.scheduler
        if result.changes:
            self._write_rows(result)
            scheduler.log.info(change_report(result.changes, result.is_cancel))
            self._publish()
        if result.bad_options:
            scheduler.log.error(bad_options_report(result.bad_options,
                                                   is_set=is_set))
        if result.changes:
            post = getattr(scheduler, 'post', None)
            if post is not None:
                post(_wake)  # commit and publish on the next turn, now

    def _write_rows(self, result: BroadcastResult) -> None:
        from cylc_flow.db.encoding import time_string

        db = self.scheduler.db
        if db is None:
            return
        now = time_string(sub_seconds=True)
        sign = '-' if result.is_cancel else '+'
        for change in result.changes:
            row = {'point': change.point, 'namespace': change.namespace,
                   'key': change.key}
            db.put_insert(BROADCAST_EVENTS, {
                'time': now, 'change': sign, **row, 'value': change.value})
            if result.is_cancel:
                db.put_delete(BROADCAST_STATES, row)
            else:
                db.put_replace(BROADCAST_STATES, {**row, 'value': change.value})


def _wake(now: float) -> None:
    """A no-op event: makes the main loop run a turn."""
