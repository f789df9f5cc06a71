"""Task event timers of ``[runtime][<task>][events]`` (Cylc 8).

* ``submission timeout``: the job is still ``submitted`` this long after
  submission: event ``submission timeout``, message
  ``submission timeout after PT1M``, and the job is polled.
* ``execution timeout``: the job is still ``running`` this long after it
  started: event ``execution timeout`` (``execution timeout after ...``),
  and the job is polled.
* ``late offset``: a date-time task that has not become active (it is still
  waiting or preparing) by its cycle point plus the offset: event ``late``,
  message ``late (late-time=<time>)``, once per task instance.

Each fires once, logged as a warning.  Timers are values (deadlines in the
shell's ``now`` units) kept in a heap; the core never reads the clock.
The timeouts default to global.cylc ``[task events]``.  Cylc 8 does not
check job timeouts in simulation mode: the shell turns them off there.
A job's timeouts come from the runtime settings it was submitted with
(``itask.job['runtime']``, set by the shell: the task's settings after
broadcasts), else from the task's configured settings.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cylc_flow.core import states as S
from cylc_flow.core.effects import EffectLog, PollJobs, TaskEvent
from cylc_flow.core.task_proxy import TaskProxy

WARNING = logging.WARNING

SUBMISSION_TIMEOUT = 'submission timeout'
EXECUTION_TIMEOUT = 'execution timeout'
LATE = 'late'
LATE_OFFSET = 'late offset'
# Cylc 8's "never active" states: only these can be late.
NEVER_ACTIVE = frozenset({S.WAITING, S.PREPARING})
# Rebuild the heap when it holds this many more entries than twice the pool.
COMPACT_SLACK = 64
# The timeout that applies in each active state.
_TIMEOUT_OF_STATE = {S.SUBMITTED: SUBMISSION_TIMEOUT, S.RUNNING: EXECUTION_TIMEOUT}


@dataclass(slots=True)
class TaskTimerSettings:
    """One task's timeouts (seconds or None) and late offset (seconds or
    None; always None for integer cycling)."""

    submission_timeout: float | None
    execution_timeout: float | None
    late_offset: float | None


def interval_text(seconds: float) -> str:
    """``PT1M`` for 60 seconds, as Cylc writes intervals in messages."""
    from cylc_flow.config.spec.durations import DurationFloat

    if isinstance(seconds, DurationFloat):
        return str(seconds)
    return str(DurationFloat(float(seconds)))


def _seconds(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


class TaskEventTimers:
    """Deadlines of the task event timers of the tasks in the pool."""

    __slots__ = ('_config', '_date_time', '_heap', '_sequence', '_settings',
                 'effects', 'global_task_events', 'job_timeouts', 'utc')

    def __init__(self, config: Any, effects: EffectLog) -> None:
        """Job timeouts apply and default to the spec's until the shell
        calls :meth:`configure`."""
        self.effects = effects
        self.global_task_events: Mapping[str, Any] | None = None
        self.job_timeouts = True
        self.utc = bool(config.get('scheduler', 'UTC mode'))
        self._settings: dict[str, TaskTimerSettings] = {}
        # (deadline, sequence, task, kind, submit number)
        self._heap: list[tuple[float, int, TaskProxy, str, int]] = []
        self._sequence = 0
        self.use_config(config)

    def configure(
        self, *, global_task_events: Mapping[str, Any] | None,
        job_timeouts: bool,
    ) -> None:
        """Set the global defaults and whether job timeouts apply (the
        shell calls this once, before the run starts)."""
        self.global_task_events = global_task_events
        self.job_timeouts = job_timeouts
        self._settings.clear()

    def use_config(self, config: Any) -> None:
        """Task definitions (start, reload): settings are read when needed."""
        self._config = config
        # late offsets apply to date-time cycling only
        self._date_time = getattr(config, 'cycling_mode', 'integer') != 'integer'
        self._settings.clear()

    def settings(self, name: str) -> TaskTimerSettings:
        found = self._settings.get(name)
        if found is None:
            found = self._settings[name] = self._read(name)
        return found

    def settings_for(self, itask: TaskProxy) -> TaskTimerSettings:
        """The settings of a task's current job: those of the runtime it
        was submitted with, if that differs from the task's own."""
        runtime = itask.job.get('runtime') if itask.job else None
        if runtime is None or runtime is self._config.rtconfig(itask.name):
            return self.settings(itask.name)
        return self._from_runtime(runtime)

    def _read(self, name: str) -> TaskTimerSettings:
        return self._from_runtime(self._config.rtconfig(name))

    def _from_runtime(self, runtime: Mapping[str, Any]) -> TaskTimerSettings:
        events = runtime.get('events') or {}
        defaults = self.global_task_events or {}

        def lookup(key: str) -> float | None:
            value = events.get(key)
            if value is None:
                value = defaults.get(key)
            return _seconds(value)

        late = _seconds(events.get(LATE_OFFSET)) if self._date_time else None
        return TaskTimerSettings(lookup(SUBMISSION_TIMEOUT),
                                 lookup(EXECUTION_TIMEOUT), late)

    def _push(self, deadline: float, itask: TaskProxy, kind: str) -> None:
        self._sequence += 1
        heapq.heappush(self._heap, (deadline, self._sequence, itask, kind,
                                    itask.submit_num))

    # ---- arming -------------------------------------------------------------
    def task_added(self, itask: TaskProxy) -> None:
        """A task entered the pool: watch for it being late."""
        if itask.is_late or not self._date_time:
            return
        offset = self.settings(itask.name).late_offset
        if offset is None:
            return
        itask.late_time = float(itask.point.key) + offset
        self._push(itask.late_time, itask, LATE)

    def job_submitted(self, itask: TaskProxy, now: float) -> None:
        """The job was submitted: start the submission timeout."""
        self._arm(itask, now, SUBMISSION_TIMEOUT,
                  self.settings_for(itask).submission_timeout)

    def job_started(self, itask: TaskProxy, now: float) -> None:
        """The job started: the execution timeout replaces the submission one."""
        self._arm(itask, now, EXECUTION_TIMEOUT,
                  self.settings_for(itask).execution_timeout)

    def _arm(self, itask: TaskProxy, now: float, kind: str,
             interval: float | None) -> None:
        if not self.job_timeouts or interval is None:
            itask.timeout_at = None
            return
        itask.timeout_at = now + interval
        self._push(itask.timeout_at, itask, kind)

    def restore_timeout(self, itask: TaskProxy, deadline: float) -> None:
        """A restarted scheduler picks up a job timeout from the database."""
        kind = _TIMEOUT_OF_STATE.get(itask.state)
        if kind is None or not self.job_timeouts:
            return
        itask.timeout_at = deadline
        self._push(deadline, itask, kind)

    # ---- firing -------------------------------------------------------------
    def check(self, now: float, tasks: Mapping[Any, TaskProxy]) -> list[TaskProxy]:
        """Fire the timers that are due; return the tasks that changed."""
        heap = self._heap
        if len(heap) > 2 * len(tasks) + COMPACT_SLACK:
            self._compact(tasks)
            heap = self._heap
        changed: list[TaskProxy] = []
        to_poll: list[TaskProxy] = []
        while heap and heap[0][0] <= now:
            entry = heapq.heappop(heap)
            deadline, _sequence, itask, kind, _submit_num = entry
            if tasks.get(itask.key) is not itask or _is_stale(entry):
                continue
            if kind == LATE:
                self._late(itask, deadline)
                changed.append(itask)
            elif _TIMEOUT_OF_STATE.get(itask.state) == kind:
                itask.timeout_at = None
                self._timed_out(itask, kind, now)
                changed.append(itask)
                to_poll.append(itask)
        if to_poll:
            self.effects.add(PollJobs(to_poll))
        return changed

    def _compact(self, tasks: Mapping[Any, TaskProxy]) -> None:
        """Drop the entries of tasks that moved on or left the pool (a run
        ahead of the clock would otherwise pile up future late times)."""
        kept = [entry for entry in self._heap
                if tasks.get(entry[2].key) is entry[2] and not _is_stale(entry)]
        heapq.heapify(kept)
        self._heap = kept

    def _late(self, itask: TaskProxy, deadline: float) -> None:
        from cylc_flow.db.encoding import time_string

        itask.is_late = True
        message = f'{LATE} (late-time={time_string(deadline, utc=self.utc)})'
        self.effects.log(f'{itask.log_prefix()} {message}', WARNING)
        self.effects.add(TaskEvent(itask, LATE, message))

    def _timed_out(self, itask: TaskProxy, kind: str, now: float) -> None:
        settings = self.settings_for(itask)
        interval = (settings.submission_timeout if kind == SUBMISSION_TIMEOUT
                    else settings.execution_timeout)
        message = kind if interval is None else \
            f'{kind} after {interval_text(interval)}'
        self.effects.log(f'{itask.log_prefix()} {message}', WARNING)
        self.effects.add(TaskEvent(itask, kind, message))

    def next_time(self) -> float | None:
        """The next deadline that can still fire (stale ones are dropped)."""
        heap = self._heap
        while heap and _is_stale(heap[0]):
            heapq.heappop(heap)
        return heap[0][0] if heap else None

    def __len__(self) -> int:
        return len(self._heap)


def _is_stale(entry: tuple[float, int, TaskProxy, str, int]) -> bool:
    """True if a heap entry can no longer fire (the task moved on)."""
    deadline, _sequence, itask, kind, submit_num = entry
    if kind == LATE:
        return itask.is_late or itask.state not in NEVER_ACTIVE or \
            itask.late_time != deadline
    return itask.timeout_at != deadline or itask.submit_num != submit_num
