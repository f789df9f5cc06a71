"""Xtrigger bookkeeping: which calls are due, results, waiting tasks.

Clock triggers (``wall_clock``) are checked here against ``now``; their
signature carries the trigger time, as in Cylc 8
(``wall_clock(trigger_time=946684800)``), so each cycle point has its own.
Only calls that are unsatisfied and have waiting tasks are looked at each
turn (:attr:`XtriggerState.pending`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cylc_flow.core.effects import CallXtrigger, EffectLog


@dataclass(slots=True)
class XtriggerCall:
    """One distinct xtrigger call (label and rendered arguments)."""

    signature: str
    label: str
    declaration: Any
    point: Any
    task_name: str
    satisfied: bool = False
    results: dict[str, Any] = field(default_factory=dict)
    next_call: float = 0.0
    in_flight: bool = False
    waiting: set[tuple[Any, str]] = field(default_factory=set)
    trigger_time: float | None = None  # wall_clock calls only


WALL_CLOCK = 'wall_clock'


def point_seconds(point: Any) -> float:
    """Wall-clock seconds of a date-time cycle point."""
    return float(point.key)


def clock_offset(declaration: Any) -> Any:
    """The offset of a ``wall_clock`` declaration (default ``PT0S``)."""
    offset = declaration.kwargs.get('offset')
    if offset is None and declaration.args:
        offset = declaration.args[0]
    return 'PT0S' if offset is None else offset


class XtriggerState:
    """All xtrigger calls the pool's tasks wait on."""

    def __init__(self, declarations: Mapping[str, Any], template_vars: dict) -> None:
        """``declarations``: label -> declaration, ``wall_clock`` included
        (see :class:`~cylc_flow.core.special_tasks.XtriggerSetup`)."""
        self.declarations: Mapping[str, Any] = declarations
        self.template_vars = template_vars
        self.calls: dict[str, XtriggerCall] = {}
        # unsatisfied calls that tasks wait on: the only ones checked per turn
        self.pending: dict[str, XtriggerCall] = {}
        self.restored: dict[str, dict[str, Any]] = {}

    def use_declarations(self, declarations: Mapping[str, Any]) -> None:
        """New declarations (reload); calls already made keep theirs."""
        self.declarations = declarations

    def signature(self, label: str, point: Any, tdef: Any) -> str:
        from cylc_flow.config.xtrigger_spec import render_xtrigger_args

        declaration = self.declarations[label]
        if declaration.function == WALL_CLOCK:
            return (f'{WALL_CLOCK}(trigger_time='
                    f'{int(self._trigger_time(declaration, point))})')
        variables = dict(self.template_vars, point=str(point), name=tdef.name,
                         id=f'{point}/{tdef.name}')
        args, kwargs = render_xtrigger_args(declaration, variables)
        parts = [repr(arg) if not isinstance(arg, str) else arg for arg in args]
        parts += [f'{key}={value}' for key, value in kwargs.items()]
        return f'{declaration.function}({", ".join(parts)})'

    def register(self, itask: Any) -> None:
        """Note a new task's xtriggers; satisfy those already satisfied."""
        for label, entry in itask.xtriggers.items():
            signature = entry[0]
            call = self.calls.get(signature)
            if call is None:
                declaration = self.declarations[label]
                call = self.calls[signature] = XtriggerCall(
                    signature, label, declaration, itask.point, itask.name)
                if declaration.function == WALL_CLOCK:
                    call.trigger_time = self._trigger_time(
                        declaration, itask.point)
                if signature in self.restored:
                    call.satisfied = True
                    call.results = self.restored[signature]
            if call.satisfied:
                entry[1] = True
            else:
                call.waiting.add(itask.key)
                self.pending[signature] = call

    @staticmethod
    def _trigger_time(declaration: Any, point: Any) -> float:
        from cylc_flow.xtriggers.wall_clock import wall_clock_trigger_time

        return wall_clock_trigger_time(point_seconds(point),
                                       clock_offset(declaration))

    def due_calls(self, now: float, effects: EffectLog) -> list[XtriggerCall]:
        """Clock xtriggers are checked here; others are asked for.

        Returns the calls that became satisfied (clock triggers whose time
        has come: ``now >= trigger time``).
        """
        satisfied: list[XtriggerCall] = []
        for signature, call in list(self.pending.items()):
            if call.satisfied or not call.waiting:
                del self.pending[signature]
                continue
            if call.trigger_time is not None:
                if now >= call.trigger_time:
                    call.satisfied = True
                    del self.pending[signature]
                    satisfied.append(call)
                continue
            if call.in_flight or now < call.next_call:
                continue
            call.in_flight = True
            effects.add(CallXtrigger(call.signature, call.label, call.declaration,
                                     call.point, call.task_name))
        return satisfied

    def result(self, signature: str, satisfied: bool, results: dict, now: float
               ) -> XtriggerCall | None:
        call = self.calls.get(signature)
        if call is None:
            return None
        call.in_flight = False
        if satisfied:
            call.satisfied = True
            call.results = dict(results or {})
            self.pending.pop(signature, None)
        else:
            call.next_call = now + (call.declaration.call_interval or 10.0)
        return call

    def next_wakeup(self) -> float | None:
        """When a pending call next needs looking at (None: nothing due)."""
        earliest = None
        for call in self.pending.values():
            if call.satisfied or not call.waiting:
                continue
            if call.trigger_time is not None:
                when = call.trigger_time
            elif call.in_flight:
                continue
            else:
                when = call.next_call
            if earliest is None or when < earliest:
                earliest = when
        return earliest

    def forget_task(self, itask: Any) -> None:
        for signature, _ok in itask.xtriggers.values():
            call = self.calls.get(signature)
            if call is not None:
                call.waiting.discard(itask.key)
                if not call.waiting:
                    self.pending.pop(signature, None)

    def environment_for(self, itask: Any) -> dict[str, str]:
        """``<label>_<key>`` variables from satisfied xtrigger results."""
        env: dict[str, str] = {}
        for label, (signature, _ok) in itask.xtriggers.items():
            call = self.calls.get(signature)
            if call is not None and call.satisfied:
                for key, value in call.results.items():
                    env[f'{label}_{key}'] = str(value)
        return env
