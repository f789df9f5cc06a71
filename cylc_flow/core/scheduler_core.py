"""SchedulerCore: the pure scheduling state machine of one workflow.

The shell calls the ``on_*`` methods when something happens (with the time
it happened) and :meth:`step` once per turn; each returns nothing, and the
shell then drains :attr:`effects` and the pool's dirty/removed records.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from cylc_flow.core import states as S
from cylc_flow.core.commands import TaskCommands
from cylc_flow.core.effects import (
    EffectLog,
    KillJobs,
    Shutdown,
    WorkflowEvent,
)
from cylc_flow.core.expiry import expiry_completes
from cylc_flow.core.ext_triggers import (
    ExternalTriggers,
    external_trigger_messages,
)
from cylc_flow.core.pool import TaskPool
from cylc_flow.core.special_tasks import SpecialTasks, XtriggerSetup
from cylc_flow.core.stall import StallCheck, stall_report
from cylc_flow.core.start_tasks import check_start_tasks
from cylc_flow.core.task_proxy import TaskProxy, job_runtime
from cylc_flow.core.timers import WorkflowTimers, timer_settings
from cylc_flow.core.xtrigger_state import XtriggerState, point_seconds

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
        start_tasks: list[tuple[Any, str]] | None = None,
        global_events: Mapping[str, Any] | None = None,
    ) -> None:
        """``start_tasks``: ``cylc play --start-task`` as (point, name)
        pairs; ``global_events``: global.cylc ``[scheduler][events]`` (the
        spec defaults if None)."""
        self.config = config
        self.effects = EffectLog()
        self.start_tasks = check_start_tasks(config, start_tasks)
        if self.start_tasks:
            start_point = min(point for point, _name in self.start_tasks)
        self.start_point = start_point or config.initial_point
        stop = stop_point
        if stop is None:
            stop_text = config.get('scheduling', 'stop after cycle point')
            if stop_text:
                stop = config.context.point(str(stop_text))
        self.special = SpecialTasks.from_config(config)
        xtriggers = XtriggerSetup.from_config(config, self.special)
        self.xtriggers = XtriggerState(xtriggers.declarations,
                                       xtrigger_template_vars or {})
        self.pool = TaskPool(config, self.effects, start_point=self.start_point,
                             stop_point=stop,
                             xtrigger_signature=self.xtriggers.signature,
                             special=self.special,
                             sequential_xtriggers=xtriggers.sequential,
                             start_tasks=self.start_tasks or None)
        self.ext_triggers = ExternalTriggers(external_trigger_messages(config),
                                             self.pool.tasks)
        self.paused = False
        self.stop_mode: str | None = None
        self.stop_clock_time: float | None = None
        self.shutdown_requested = False
        self.abort_if_any_task_fails = abort_if_any_task_fails
        self.flow_nums_next = 2
        # (flow number, description) of flows started since the shell looked
        self.new_flows: list[tuple[int, str]] = []
        self.stalled = False
        self.last_activity = now
        self.started_at = now
        events = config.get('scheduler', 'events') or {}
        self.events_config = events
        self.timer_settings = timer_settings(events, global_events)
        self.timers = WorkflowTimers(self.timer_settings, self.effects)
        self._stall_check = StallCheck()
        self._activity_version = -1
        self._new_tasks: list[TaskProxy] = []
        self._waiting_check: dict[tuple[Any, str], TaskProxy] = {}
        self._retrying: dict[tuple[Any, str], TaskProxy] = {}

    # ---- start ------------------------------------------------------------
    def start(self, now: float, *, flow_nums: frozenset[int] = frozenset({1})
              ) -> None:
        """Start the timers and spawn the first tasks: the parentless ones,
        or the start tasks (``--start-task``) of a new run."""
        self.started_at = now
        self._note_activity(now)
        self.timers.start(now)
        loaded = []
        if self.start_tasks and not self.pool.tasks and not self.pool.history:
            loaded = self._load_start_tasks(flow_nums)
        self.pool.update_runahead()
        for itask in loaded:
            self.pool._check_runahead(itask)
        self._spawn_parentless(flow_nums)
        self.step(now)

    def _load_start_tasks(self, flow_nums: frozenset[int]) -> list[TaskProxy]:
        """Spawn the start tasks with their prerequisites satisfied (as Cylc
        8 does: ``cylc set --pre=all`` in a new flow)."""
        ids = [f'{point}/{name}' for point, name in self.start_tasks]
        self.effects.log(f'Start task: {ids}')
        loaded = []
        for point, name in self.start_tasks:
            itask = self.pool.spawn(self.config.taskdefs[name], point, flow_nums,
                                    reason='start task')
            if itask is None:
                continue
            itask.satisfy_all_prerequisites()
            self.pool.dirty[itask.key] = itask
            self.pool.touched[itask.key] = itask
            loaded.append(itask)
        return loaded

    def _spawn_parentless(self, flow_nums: frozenset[int]) -> None:
        self.pool.spawn_parentless(flow_nums)

    def _track(self, itask: TaskProxy) -> None:
        """Note a task whose readiness may have changed."""
        self._waiting_check[itask.key] = itask

    def _note_activity(self, now: float) -> None:
        """Task activity: restart the inactivity timer."""
        self.last_activity = now
        self.timers.activity(now)

    # ---- job events -------------------------------------------------------
    def on_job_submitted(self, itask: TaskProxy, now: float) -> None:
        if itask.state == S.PREPARING:
            self.pool.set_state(itask, S.SUBMITTED)
            self.pool.task_timers.job_submitted(itask, now)
            self.pool.task_event(itask, 'submitted', '')
        self._output(itask, S.OUTPUT_SUBMITTED, now)
        self._note_activity(now)

    def on_job_submit_failed(self, itask: TaskProxy, now: float) -> None:
        self._note_activity(now)
        delays = job_runtime(itask, self.config).get(
            'submission retry delays') or []
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
        self._note_activity(now)
        if submit_num != itask.submit_num:
            self.effects.log(
                f'{itask.log_prefix()} ignoring message from an old job'
                f' (submit {submit_num:02d}): {message}', WARNING)
            return
        if message == S.OUTPUT_STARTED:
            if itask.state in (S.PREPARING, S.SUBMITTED):
                self.pool.set_state(itask, S.RUNNING)
                self.pool.task_timers.job_started(itask, now)
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
        delays = job_runtime(itask, self.config).get(
            'execution retry delays') or []
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
        if itask.expire_time is not None:
            self.pool.expiry.watch(itask)  # a retrying task may still expire

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
        return point_seconds(point)

    # ---- the turn -----------------------------------------------------------
    def step(self, now: float) -> None:
        """Advance: runahead, spawning, expiry, readiness, release, stall and
        timer checks."""
        pool = self.pool
        if pool.spawning:
            pool.spawn_pending()
        pool.update_runahead()  # releases go into pool.touched
        self._spawn_and_register(now)
        if self._expire_due(now):
            # children of expired outputs; an expired gate lets more spawn
            self._spawn_and_register(now)
        if len(pool.task_timers):
            for itask in pool.task_timers.check(now, pool.tasks):
                pool.dirty[itask.key] = itask
        self._release_retries(now)
        candidates = list(self._waiting_check.values())
        self._waiting_check.clear()
        if self.ext_triggers.configured:
            candidates = self._external_triggers(candidates)
        pool.queue_ready_tasks(now, candidates)
        if self.stop_mode is None:
            pool.release_queued(now, paused=self.paused)
        if pool.dirty.version != self._activity_version:
            self._activity_version = pool.dirty.version
            self._note_activity(now)
        self._check_shutdown(now)

    def _spawn_and_register(self, now: float) -> None:
        """Spawn parentless tasks, note the new ones, and satisfy clock
        xtriggers; again while sequential xtriggers let more spawn."""
        pool = self.pool
        flows = self._default_flows()
        while True:
            self._spawn_parentless(flows)
            self._absorb_touched()
            for call in self.xtriggers.due_calls(now, self.effects):
                self.effects.log(
                    f'xtrigger satisfied: {call.label} = {call.signature}', INFO)
                self._satisfy_xtrigger(call)
            if not pool.xtrigger_gates or not pool.release_gates():
                return

    def _absorb_touched(self) -> None:
        """Look at new tasks and tasks whose prerequisites changed."""
        pool = self.pool
        if pool.touched:
            attach = self.ext_triggers.attach if self.ext_triggers.configured \
                else None
            for key, itask in pool.touched.items():
                self._waiting_check[key] = itask
                if attach is not None and itask.submit_num == 0:
                    attach(itask)
                if itask.xtriggers and key in pool.tasks:
                    self.xtriggers.register(itask)
            pool.touched.clear()

    def _release_retries(self, now: float) -> None:
        for key, itask in list(self._retrying.items()):
            if itask.key not in self.pool.tasks or itask.state != S.WAITING:
                del self._retrying[key]
            elif itask.retry_at is not None and now >= itask.retry_at:
                del self._retrying[key]
                self._track(itask)

    def _default_flows(self) -> frozenset[int]:
        return frozenset({1})

    @property
    def has_pending_work(self) -> bool:
        """Whether :meth:`step` has work left over (children of a big
        output still to spawn): the shell should step again at once."""
        return self.pool.spawning

    def next_wakeup(self) -> float | None:
        """The earliest time a timer needs the shell to call :meth:`step`."""
        times = [itask.retry_at for itask in self._retrying.values()
                 if itask.retry_at is not None]
        for when in (self.xtriggers.next_wakeup(), self.timers.next_wakeup(),
                     self.pool.expiry.next_time(), self.stop_clock_time,
                     self.pool.task_timers.next_time()):
            if when is not None:
                times.append(when)
        return min(times) if times else None

    # ---- clock expiry --------------------------------------------------------
    def _expire_due(self, now: float) -> bool:
        """Expire the waiting tasks whose clock-expire time has come."""
        pool = self.pool
        if not len(pool.expiry):
            return False
        expired = False
        for itask in pool.expiry.due(now):
            if pool.tasks.get(itask.key) is itask and \
                    itask.state == S.WAITING and not itask.is_manual_submit:
                self._expire(itask, now)
                expired = True
        return expired

    def _expire(self, itask: TaskProxy, now: float) -> None:
        """A waiting task passed its clock-expire time (Cylc 8 rules)."""
        pool = self.pool
        if itask.is_queued:
            pool.queues.discard(itask)
            itask.is_queued = False
        itask.retry_at = None
        itask.is_retry = False
        self._waiting_check.pop(itask.key, None)
        self.effects.log(f'{itask.log_prefix()} Task expired (skipping job).',
                         WARNING)
        pool.set_state(itask, S.EXPIRED)
        self._output(itask, S.OUTPUT_EXPIRED, now)
        pool.task_event(itask, 'expired', 'Task expired (skipping job).')
        self.xtriggers.forget_task(itask)
        user_completion = None if itask.tdef.is_implicit else \
            job_runtime(itask, self.config).get('completion')
        pool.task_finished(
            itask, complete=expiry_completes(itask.tdef, user_completion))

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
            self.stop_clock_time = None
            self.request_stop(STOP_CLEAN, now)
            return
        if not self.pool.tasks and not self.pool._next_parentless and \
                not self.pool.spawning:
            self._shutdown('AUTOMATIC')
            return
        self._check_stall(now, active)
        reason = self.timers.check(now)
        if reason is not None:
            self._shutdown(reason, aborted=True)

    def _check_stall(self, now: float, active: int) -> None:
        stalled = not (active or self.paused or self.pool.spawning) and \
            not self._stall_check.waiting_on_time_or_queue(self.pool) and \
            not (self.ext_triggers.configured and
                 self.ext_triggers.waiting_for_event())
        if stalled == self.stalled:
            return
        self.stalled = stalled
        if not stalled:
            self.timers.stall_ended()
            return
        for line in stall_report(self.pool):
            self.effects.log(line, WARNING)
        self.effects.add(WorkflowEvent('stall', 'Workflow stalled'))
        self.timers.stall_started(now)

    @property
    def stalled_since(self) -> float | None:
        """When the stall timer started (None if it is not running)."""
        deadline = self.timers.deadlines.get('stall timeout')
        interval = self.timer_settings['stall timeout'].interval
        if deadline is None or interval is None:
            return None
        return deadline - float(interval)

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

    # ---- external triggers and reload (see core.ext_triggers, core.reload)
    def on_ext_trigger(self, message: str, event_id: str) -> None:
        """``cylc ext-trigger``: queue an event for the waiting tasks."""
        self.ext_triggers.queue(message, event_id)

    def _external_triggers(self, candidates: list[TaskProxy]) -> list[TaskProxy]:
        """Satisfy triggers from queued events; hold back the others."""
        for found in self.ext_triggers.match():
            itask = found.task
            self.effects.log(
                f'{itask.log_prefix()} external trigger satisfied:'
                f' "{found.message}" (ID {found.event_id})', INFO)
            self.pool.dirty[itask.key] = itask
            candidates.append(itask)
        return self.ext_triggers.filter_ready(candidates)

    def reload(self, plan: Any, output_lookup: Any = None) -> Any:
        """Swap in a new config (a :class:`~cylc_flow.core.reload.ReloadPlan`);
        return the :class:`~cylc_flow.core.reload.ReloadReport`."""
        from cylc_flow.core.reload import reload_core

        return reload_core(self, plan, output_lookup=output_lookup)
