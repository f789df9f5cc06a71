"""Workflow timers: ``workflow timeout``, ``inactivity timeout`` and
``stall timeout`` of ``[scheduler][events]``.

Each timer fires once when its deadline passes (the inactivity timer is
re-armed by any task activity, the stall timer by each new stall): it logs
``<name> timer timed out after <interval>``, emits a :class:`WorkflowEvent`
(``'workflow timeout'``, ``'inactivity timeout'``, ``'stall timeout'``) and,
if ``abort on <event>`` is set, asks for an aborting shutdown with Cylc 8's
reason ``"abort on <event>" is set``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cylc_flow.core.effects import EffectLog, WorkflowEvent

WORKFLOW_TIMEOUT = 'workflow timeout'
INACTIVITY_TIMEOUT = 'inactivity timeout'
STALL_TIMEOUT = 'stall timeout'
TIMER_EVENTS = (WORKFLOW_TIMEOUT, INACTIVITY_TIMEOUT, STALL_TIMEOUT)

WARNING = logging.WARNING
DEBUG = logging.DEBUG


@dataclass(slots=True)
class TimerSetting:
    """One timer's interval (seconds, or None: off) and abort flag."""

    interval: float | None
    abort: bool

    @property
    def text(self) -> str:
        """The interval as ISO 8601 (``PT1H``), as Cylc logs it."""
        from cylc_flow.config.spec.durations import DurationFloat

        if self.interval is None:
            return ''
        if isinstance(self.interval, DurationFloat):
            return str(self.interval)
        return str(DurationFloat(float(self.interval)))


def timer_settings(
    workflow_events: Mapping[str, Any] | None,
    global_events: Mapping[str, Any] | None = None,
) -> dict[str, TimerSetting]:
    """Each timer's setting: flow.cylc ``[scheduler][events]`` (sparse) first,
    then global.cylc ``[scheduler][events]``, then the global spec defaults
    (stall timeout PT1H with abort; the other timers off)."""
    from cylc_flow.config.spec.shared_items import GLOBAL_WORKFLOW_EVENT_DEFAULTS

    layers = [layer for layer in (workflow_events, global_events,
                                  GLOBAL_WORKFLOW_EVENT_DEFAULTS)
              if isinstance(layer, Mapping)]

    def lookup(key: str) -> Any:
        for layer in layers:
            value = layer.get(key)
            if value is not None:
                return value
        return None

    settings = {}
    for event in TIMER_EVENTS:
        interval = lookup(event)
        settings[event] = TimerSetting(
            None if interval is None else interval,
            bool(lookup(f'abort on {event}')),
        )
    return settings


class WorkflowTimers:
    """Deadlines of the three workflow timers (times are ``now`` values)."""

    __slots__ = ('deadlines', 'effects', 'settings')

    def __init__(
        self, settings: Mapping[str, TimerSetting], effects: EffectLog
    ) -> None:
        self.settings = dict(settings)
        self.effects = effects
        self.deadlines: dict[str, float | None] = dict.fromkeys(TIMER_EVENTS)

    def start(self, now: float) -> None:
        """The scheduler starts: the workflow and inactivity timers run."""
        for event in (WORKFLOW_TIMEOUT, INACTIVITY_TIMEOUT):
            setting = self.settings[event]
            if setting.interval is not None:
                self.deadlines[event] = now + float(setting.interval)
                self.effects.log(
                    f'{setting.text} {_timer_name(event)} starts NOW',
                    WARNING if event == WORKFLOW_TIMEOUT else DEBUG)

    def activity(self, now: float) -> None:
        """Task activity: restart the inactivity timer."""
        interval = self.settings[INACTIVITY_TIMEOUT].interval
        if interval is not None:
            self.deadlines[INACTIVITY_TIMEOUT] = now + float(interval)

    def stall_started(self, now: float) -> None:
        setting = self.settings[STALL_TIMEOUT]
        if setting.interval is not None:
            self.deadlines[STALL_TIMEOUT] = now + float(setting.interval)
            self.effects.log(f'{setting.text} stall timer starts NOW', WARNING)

    def stall_ended(self) -> None:
        if self.deadlines[STALL_TIMEOUT] is not None:
            self.deadlines[STALL_TIMEOUT] = None
            self.effects.log('stall timer stopped', WARNING)

    def check(self, now: float) -> str | None:
        """Fire the timers whose deadline has come; return an abort reason
        if one of them is set to abort."""
        reason = None
        for event in TIMER_EVENTS:
            deadline = self.deadlines[event]
            if deadline is None or now < deadline:
                continue
            self.deadlines[event] = None
            setting = self.settings[event]
            message = f'{_timer_name(event)} timed out after {setting.text}'
            self.effects.log(message, WARNING)
            self.effects.add(WorkflowEvent(event, message))
            if setting.abort and reason is None:
                reason = f'"abort on {event}" is set'
        return reason

    def next_wakeup(self) -> float | None:
        times = [deadline for deadline in self.deadlines.values()
                 if deadline is not None]
        return min(times) if times else None


def _timer_name(event: str) -> str:
    return event.replace('timeout', 'timer')
