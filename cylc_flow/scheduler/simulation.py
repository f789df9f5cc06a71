"""Simulation mode: the core driven by an instant job layer and a virtual clock.

Jobs "run" without processes: each submitted task immediately reports the
messages its simulated run produces (``started``, custom outputs,
``succeeded`` or ``failed``).  Time only moves when nothing can happen until a
timer fires, so a whole run takes as long as the core needs and no longer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cylc_flow.core.effects import (
    CallXtrigger,
    KillJobs,
    LogMessage,
    Shutdown,
    SubmitJobs,
)
from cylc_flow.core.scheduler_core import SchedulerCore
from cylc_flow.core.task_proxy import job_runtime

SUBMIT_FAIL = 'submit-fail'


@dataclass(slots=True)
class SimulatedRun:
    """What a simulated job does: ``submit-fail`` or a list of messages."""

    messages: list[str] = field(default_factory=list)
    submit_fail: bool = False
    duration: float = 0.0


def default_outcome(config: Any) -> Callable[[Any], SimulatedRun]:
    """Cylc's ``[runtime][<ns>][simulation]`` behaviour: succeed, completing
    the required custom outputs, or fail at the listed cycle points.

    The settings are those the job was submitted with (``itask.job
    ['runtime']``: after broadcasts) if set, else the task's own."""

    def outcome(itask: Any) -> SimulatedRun:
        sim = job_runtime(itask, config).get('simulation') or {}
        fail_points = sim.get('fail cycle points') or []
        fail_try_1 = sim.get('fail try 1 only', True)
        fails = ('all' in fail_points or str(itask.point) in fail_points) and (
            not fail_try_1 or itask.try_num == 1)
        messages = ['started']
        for label, optional in itask.tdef.optional_outputs.items():
            if not optional and label in itask.tdef.outputs and \
                    label not in ('succeeded', 'failed', 'submitted', 'started',
                                  'submit-failed', 'expired'):
                messages.append(itask.tdef.outputs[label])
        messages.append('failed' if fails else 'succeeded')
        length = sim.get('default run length')
        return SimulatedRun(messages,
                            duration=float(length) if length is not None else 0.0)

    return outcome


class SimulationDriver:
    """Run a core to shutdown with instant jobs and a virtual clock."""

    def __init__(
        self,
        core: SchedulerCore,
        outcome: Callable[[Any], SimulatedRun],
        *,
        xtrigger_call: Callable[[CallXtrigger], tuple[bool, dict]] | None = None,
        on_log: Callable[[LogMessage], None] | None = None,
        start_time: float = 0.0,
    ) -> None:
        self.core = core
        self.outcome = outcome
        self.xtrigger_call = xtrigger_call
        self.on_log = on_log
        self.now = start_time
        self.shutdown: Shutdown | None = None
        # (finish time, sequence, itask, submit_num, messages)
        self._running: list[tuple[float, int, Any, int, list[str]]] = []
        self._sequence = 0
        self.turns = 0

    def run(self, max_turns: int = 10_000_000) -> Shutdown:
        core = self.core
        core.start(self.now)
        while self.shutdown is None and self.turns < max_turns:
            self.turns += 1
            progressed = self._apply(core.effects.drain())
            if self.shutdown is not None:
                break
            progressed = self._finish_due_jobs() or progressed
            core.step(self.now)
            if core.effects.items or progressed or core.has_pending_work:
                continue
            wake = [t for t in (core.next_wakeup(),) if t is not None]
            if self._running:
                wake.append(min(item[0] for item in self._running))
            if not wake:
                core.step(self.now)
                if not core.effects.items:
                    raise RuntimeError('simulation: nothing can happen and the'
                                       ' core did not shut down')
                continue
            self.now = max(self.now, min(wake))
        if self.shutdown is None:
            raise RuntimeError('simulation: too many turns')
        return self.shutdown

    def _apply(self, effects: list[Any]) -> bool:
        progressed = False
        for effect in effects:
            if isinstance(effect, LogMessage):
                if self.on_log:
                    self.on_log(effect)
            elif isinstance(effect, SubmitJobs):
                progressed = True
                for itask in effect.tasks:
                    self._submit(itask)
            elif isinstance(effect, CallXtrigger):
                progressed = True
                satisfied, results = (self.xtrigger_call(effect)
                                      if self.xtrigger_call else (True, {}))
                self.core.on_xtrigger_result(effect.signature, satisfied,
                                             results, self.now)
            elif isinstance(effect, KillJobs):
                for itask in effect.tasks:
                    self._running = [r for r in self._running if r[2] is not itask]
                    self.core.on_message(itask, itask.submit_num, 'CRITICAL',
                                         'failed/KILL', self.now)
            elif isinstance(effect, Shutdown):
                self.shutdown = effect
        return progressed

    def _submit(self, itask: Any) -> None:
        run = self.outcome(itask)
        if run.submit_fail:
            self.core.on_job_submit_failed(itask, self.now)
            return
        self.core.on_job_submitted(itask, self.now)
        self._sequence += 1
        self._running.append((self.now + run.duration, self._sequence, itask,
                              itask.submit_num, list(run.messages)))

    def _finish_due_jobs(self) -> bool:
        due = [item for item in self._running if item[0] <= self.now]
        if not due:
            return False
        self._running = [item for item in self._running if item[0] > self.now]
        for _time, _seq, itask, submit_num, messages in sorted(
                due, key=lambda item: (item[0], item[1])):
            for message in messages:
                self.core.on_message(itask, submit_num, 'INFO', message, self.now)
        return True
