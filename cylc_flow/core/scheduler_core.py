"""SchedulerCore: the pure scheduling state machine of one workflow.

The shell calls the ``on_*`` methods when something happens (with the time
it happened) and :meth:`step` once per turn; each returns nothing, and the
shell then drains :attr:`effects` and the pool's dirty/removed records.
"""

from __future__ import annotations

import logging
from typing import Any

from cylc_flow.core import states as S
from cylc_flow.core.commands import TaskCommands
from cylc_flow.core.effects import (
    EffectLog,
    KillJobs,
    Shutdown,
    WorkflowEvent,
)
from cylc_flow.core.pool import TaskPool
from cylc_flow.core.task_proxy import TaskProxy
from cylc_flow.core.xtrigger_state import XtriggerState

WARNING = logging.WARNING
INFO = logging.INFO

STOP_CLEAN = 'clean'
STOP_KILL = 'kill'
STOP_NOW = 'now'
STOP_NOW_NOW = 'nownow'


class SchedulerCore(TaskCommands):
    """Events in, effects out: the scheduling semantics of Cylc 8."""

    def __init__(
        self,
        config: Any,
        *,
        now: float,
        start_point: Any = None,
        stop_point: Any = None,
        xtrigger_template_vars: dict | None = None,
        abort_if_any_task_fails: bool = False,
    ) -> None:
        self.config = config
        self.effects = EffectLog()
        self.start_point = start_point or config.initial_point
        stop = stop_point
        if stop is None:
            stop_text = config.get('scheduling', 'stop after cycle point')
            if stop_text:
                stop = config.context.point(str(stop_text))
        self.xtriggers = XtriggerState(
            getattr(config, 'xtriggers', {}), xtrigger_template_vars or {})
        self.pool = TaskPool(config, self.effects, start_point=self.start_point,
                             stop_point=stop,
                             xtrigger_signature=self.xtriggers.signature)
        self.paused = False
        self.stop_mode: str | None = None
        self.stop_clock_time: float | None = None
        self.shutdown_requested = False
        self.abort_if_any_task_fails = abort_if_any_task_fails
        self.flow_nums_next = 2
        self.stalled_since: float | None = None
        self.stall_reported = False
        self.last_activity = now
        self.started_at = now
        events = config.get('scheduler', 'events') or {}
        self.events_config = events
        self._new_tasks: list[TaskProxy] = []
        self._waiting_check: dict[tuple[Any, str], TaskProxy] = {}
        self._retrying: dict[tuple[Any, str], TaskProxy] = {}

    # ---- start ------------------------------------------------------------
    def start(self, now: float, *, flow_nums: frozenset[int] = frozenset({1})
              ) -> None:
        """Spawn the first parentless tasks."""
        self.pool.update_runahead()
        self._spawn_parentless(flow_nums)
        self.step(now)

    def _spawn_parentless(self, flow_nums: frozenset[int]) -> None:
        self.pool.spawn_parentless(flow_nums)

    def _track(self, itask: TaskProxy) -> None:
        """Note a task whose readiness may have changed."""
        self._waiting_check[itask.key] = itask

    # ---- job events -------------------------------------------------------
    def on_job_submitted(self, itask: TaskProxy, now: float) -> None:
        if itask.state == S.PREPARING:
            self.pool.set_state(itask, S.SUBMITTED)
        self._output(itask, S.OUTPUT_SUBMITTED, now)
        self.last_activity = now

    def on_job_submit_failed(self, itask: TaskProxy, now: float) -> None:
        self.last_activity = now
        delays = self._rt(itask).get('submission retry delays') or []
        if itask.submit_try_num <= len(delays):
            delay = float(delays[itask.submit_try_num - 1])
            itask.submit_try_num += 1
            self._retry(itask, now + delay, 'submission retry', delay)
            return
        self.pool.set_state(itask, S.SUBMIT_FAILED)
        self._output(itask, S.OUTPUT_SUBMIT_FAILED, now)
        self.pool.task_event(itask, 'submission failed', '')
        self._finished(itask)

    def on_message(self, itask: TaskProxy, submit_num: int, severity: str,
                   message: str, now: float) -> None:
        """A message from a job (or recovered by polling)."""
        self.last_activity = now
        if submit_num != itask.submit_num:
            self.effects.log(
                f'{itask.log_prefix()} ignoring message from an old job'
                f' (submit {submit_num:02d}): {message}', WARNING)
            return
        if message == S.OUTPUT_STARTED:
            if itask.state in (S.PREPARING, S.SUBMITTED):
                self.pool.set_state(itask, S.RUNNING)
                self._output(itask, S.OUTPUT_STARTED, now)
                self.pool.task_event(itask, 'started', message)
            return
        if message == S.OUTPUT_SUCCEEDED:
            if itask.state in S.ACTIVE_STATES:
                self.pool.set_state(itask, S.SUCCEEDED)
                self._output(itask, S.OUTPUT_SUCCEEDED, now)
                self.pool.task_event(itask, 'succeeded', message)
                self._finished(itask)
            return
        if message == S.OUTPUT_FAILED or message.startswith('failed/'):
            if itask.state in S.ACTIVE_STATES:
                self._failed(itask, message, now)
            return
        label = self._custom_output(itask, message)
        if label is not None:
            self._output(itask, label, now, message=message)
            self.pool.task_event(itask, 'custom', message)
        elif severity in ('WARNING', 'CRITICAL', 'ERROR'):
            self.effects.log(f'{itask.log_prefix()} {message}', WARNING)
            self.pool.task_event(itask, severity.lower(), message)
        else:
            self.effects.log(f'{itask.log_prefix()} {message}', INFO)

    def _custom_output(self, itask: TaskProxy, message: str) -> str | None:
        for label, text in itask.tdef.outputs.items():
            if text == message and label not in S.IMPLIED_OUTPUTS:
                return label
        return None

    def _failed(self, itask: TaskProxy, message: str, now: float) -> None:
        delays = self._rt(itask).get('execution retry delays') or []
        if itask.try_num <= len(delays):
            delay = float(delays[itask.try_num - 1])
            itask.try_num += 1
            self._retry(itask, now + delay, 'retry', delay)
            return
        self.pool.set_state(itask, S.FAILED)
        self._output(itask, S.OUTPUT_FAILED, now)
        self.pool.task_event(itask, 'failed', message)
        self._finished(itask)
        if self.abort_if_any_task_fails:
            self.effects.add(Shutdown(f'task failed: {itask.identity}',
                                      aborted=True))

    def _retry(self, itask: TaskProxy, at: float, event: str, delay: float) -> None:
        self.pool.set_state(itask, S.WAITING)
        itask.is_retry = True
        itask.retry_at = at
        self.effects.log(f'{itask.log_prefix()} {event} in PT{delay:g}S', INFO)
        self.pool.task_event(itask, event, '')
        self._retrying[itask.key] = itask

    def _rt(self, itask: TaskProxy) -> dict:
        return self.config.rtconfig(itask.name)

    def _output(self, itask: TaskProxy, output: str, now: float,
                message: str | None = None) -> None:
        for implied in S.IMPLIED_OUTPUTS.get(output, ()):
            if implied not in itask.completed_outputs:
                self._complete_output(itask, implied, implied)
        self._complete_output(itask, output, message or output)

    def _complete_output(self, itask: TaskProxy, output: str, message: str) -> None:
        self.pool.output_completed(itask, output, message)

    def _finished(self, itask: TaskProxy) -> None:
        self.xtriggers.forget_task(itask)
        self.pool.task_finished(itask)

    # ---- xtriggers --------------------------------------------------------
    def on_xtrigger_result(self, signature: str, satisfied: bool, results: dict,
                           now: float) -> None:
        call = self.xtriggers.result(signature, satisfied, results, now)
        if call is None or not call.satisfied:
            return
        self.effects.log(f'xtrigger satisfied: {call.label} = {signature}', INFO)
        self._satisfy_xtrigger(call)

    def _satisfy_xtrigger(self, call: Any) -> None:
        for key in list(call.waiting):
            itask = self.pool.tasks.get(key)
            if itask is None:
                continue
            for entry in itask.xtriggers.values():
                if entry[0] == call.signature:
                    entry[1] = True
            self.pool.dirty[key] = itask
            self._track(itask)
        call.waiting.clear()

    def point_seconds(self, point: Any) -> float:
        return float(point.key)

    # ---- the turn -----------------------------------------------------------
    def step(self, now: float) -> None:
        """Advance: runahead, spawning, readiness, release, stall checks."""
        if self.pool.update_runahead():
            for itask in self.pool:
                if not itask.is_runahead:
                    self._track(itask)
        self._spawn_parentless(self._default_flows())
        if self.pool.touched:
            self._waiting_check.update(self.pool.touched)
            self.pool.touched.clear()
        for itask in list(self._waiting_check.values()):
            if itask.xtriggers and itask.key in self.pool.tasks:
                self.xtriggers.register(itask)
        for call in self.xtriggers.due_calls(now, self.effects, self.point_seconds):
            self._satisfy_xtrigger(call)
        self._release_retries(now)
        candidates = list(self._waiting_check.values())
        self._waiting_check.clear()
        self.pool.queue_ready_tasks(now, candidates)
        if self.stop_mode is None:
            released = self.pool.release_queued(now, paused=self.paused)
            if released:
                self.last_activity = now
        self._check_shutdown(now)

    def _release_retries(self, now: float) -> None:
        for key, itask in list(self._retrying.items()):
            if itask.key not in self.pool.tasks or itask.state != S.WAITING:
                del self._retrying[key]
            elif itask.retry_at is not None and now >= itask.retry_at:
                del self._retrying[key]
                self._track(itask)

    def _default_flows(self) -> frozenset[int]:
        return frozenset({1})

    def next_wakeup(self) -> float | None:
        """The earliest time a timer needs the shell to call :meth:`step`."""
        times = [itask.retry_at for itask in self._retrying.values()
                 if itask.retry_at is not None]
        xtrigger_time = self.xtriggers.next_wakeup(self.point_seconds)
        if xtrigger_time is not None:
            times.append(xtrigger_time)
        if self.stalled_since is not None:
            timeout = self.events_config.get('stall timeout')
            if timeout is not None:
                times.append(self.stalled_since + float(timeout))
        return min(times) if times else None

    # ---- shutdown and stall ----------------------------------------------
    def _active_tasks(self) -> list[TaskProxy]:
        return [itask for itask in self.pool if itask.is_active]

    def _check_shutdown(self, now: float) -> None:
        if self.shutdown_requested:
            return
        active = sum(self.pool.queues.active.values())
        if self.stop_mode in (STOP_CLEAN, STOP_KILL) and not active:
            self._shutdown(f'REQUEST({self.stop_mode.upper()})')
            return
        if self.pool.stop_task_done and not active:
            self._shutdown('STOP TASK FINISHED')
            return
        if self.stop_clock_time is not None and now >= self.stop_clock_time:
            self.request_stop(STOP_CLEAN, now)
            return
        if not self.pool.tasks and not self.pool._next_parentless:
            self._shutdown('AUTOMATIC')
            return
        if active or self.paused:
            self.stalled_since = None
            return
        if self._waiting_on_time_or_queue(now):
            self.stalled_since = None
            return
        self._stalled(now)

    def _waiting_on_time_or_queue(self, now: float) -> bool:
        for itask in self.pool:
            if itask.state != S.WAITING or itask.is_held:
                continue
            if itask.is_queued:
                return True
            if itask.retry_at is not None:
                return True
            if itask.xtriggers and not itask.xtriggers_satisfied() and \
                    itask.prerequisites_satisfied():
                return True
            if itask.clock_trigger_time is not None and \
                    itask.prerequisites_satisfied():
                return True
        return False

    def _stalled(self, now: float) -> None:
        if self.stalled_since is None:
            self.stalled_since = now
            self.stall_reported = False
        if not self.stall_reported:
            self.stall_reported = True
            self.effects.log('Workflow stalled', WARNING)
            for itask in self.pool:
                if itask.is_final:
                    self.effects.log(f'* {itask.identity} did not complete'
                                     f' required outputs', WARNING)
                elif itask.state == S.WAITING:
                    waiting = [f'{p}/{n}:{o}' for prereq in itask.prerequisites
                               for (p, n, o), ok in prereq.conditions.items()
                               if not ok]
                    self.effects.log(f'* {itask.identity} is waiting on'
                                     f' {waiting}', WARNING)
            self.effects.add(WorkflowEvent('stall', 'Workflow stalled'))
        timeout = self.events_config.get('stall timeout')
        if timeout is not None and now >= self.stalled_since + float(timeout):
            self.effects.add(WorkflowEvent('stall timeout', 'Workflow stalled'))
            if self.events_config.get('abort on stall timeout'):
                self._shutdown('Workflow stalled', aborted=True)
            else:
                self.stalled_since = float('inf')

    def _shutdown(self, reason: str, aborted: bool = False) -> None:
        if self.shutdown_requested:
            return
        self.shutdown_requested = True
        self.effects.add(Shutdown(reason, aborted=aborted))

    # ---- commands -----------------------------------------------------------
    def request_stop(self, mode: str, now: float) -> None:
        """``cylc stop``: clean (wait), kill, now, or now-now."""
        self.stop_mode = mode
        if mode in (STOP_NOW, STOP_NOW_NOW):
            self._shutdown(f'REQUEST({mode.upper()})')
            return
        if mode == STOP_KILL:
            active = self._active_tasks()
            if active:
                self.effects.add(KillJobs(active))
        self._check_shutdown(now)

    def set_stop_point(self, point: Any) -> None:
        self.pool.stop_point = point

    def set_stop_task(self, point: Any, name: str) -> None:
        self.pool.stop_task = (point, name)

    def pause(self) -> None:
        self.paused = True

    def resume(self, now: float) -> None:
        self.paused = False
        self.step(now)
