"""Xtrigger bookkeeping: which calls are due, results, waiting tasks."""

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


class XtriggerState:
    """All xtrigger calls the pool's tasks wait on."""

    def __init__(self, declarations: Mapping[str, Any], template_vars: dict) -> None:
        from cylc_flow.config.xtrigger_spec import implicit_wall_clock

        self.declarations = dict(declarations)
        self.declarations.setdefault('wall_clock', implicit_wall_clock())
        self.template_vars = template_vars
        self.calls: dict[str, XtriggerCall] = {}
        self.restored: dict[str, dict[str, Any]] = {}

    def signature(self, label: str, point: Any, tdef: Any) -> str:
        from cylc_flow.config.xtrigger_spec import render_xtrigger_args

        declaration = self.declarations[label]
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
                call = self.calls[signature] = XtriggerCall(
                    signature, label, self.declarations[label], itask.point,
                    itask.name)
                if signature in self.restored:
                    call.satisfied = True
                    call.results = self.restored[signature]
            if call.satisfied:
                entry[1] = True
            else:
                call.waiting.add(itask.key)

    def due_calls(
        self, now: float, effects: EffectLog, point_seconds: Any
    ) -> list[XtriggerCall]:
        """Clock xtriggers are checked here; others are asked for."""
        from cylc_flow.xtriggers.wall_clock import wall_clock_satisfied

        satisfied: list[XtriggerCall] = []
        for call in self.calls.values():
            if call.satisfied or not call.waiting:
                continue
            if call.declaration.function == 'wall_clock':
                offset = call.declaration.kwargs.get('offset') or (
                    call.declaration.args[0] if call.declaration.args else 'PT0S')
                if wall_clock_satisfied(point_seconds(call.point), offset, now):
                    call.satisfied = True
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
        else:
            call.next_call = now + (call.declaration.call_interval or 10.0)
        return call

    def next_wakeup(self, point_seconds) -> float | None:
        from cylc_flow.xtriggers.wall_clock import wall_clock_trigger_time

        times = []
        for call in self.calls.values():
            if call.satisfied or not call.waiting:
                continue
            if call.declaration.function == 'wall_clock':
                offset = call.declaration.kwargs.get('offset') or (
                    call.declaration.args[0] if call.declaration.args else 'PT0S')
                times.append(wall_clock_trigger_time(point_seconds(call.point),
                                                     offset))
            elif not call.in_flight:
                times.append(call.next_call)
        return min(times) if times else None

    def forget_task(self, itask: Any) -> None:
        for signature, _ok in itask.xtriggers.values():
            call = self.calls.get(signature)
            if call is not None:
                call.waiting.discard(itask.key)

    def environment_for(self, itask: Any) -> dict[str, str]:
        """``<label>_<key>`` variables from satisfied xtrigger results."""
        env: dict[str, str] = {}
        for label, (signature, _ok) in itask.xtriggers.items():
            call = self.calls.get(signature)
            if call is not None and call.satisfied:
                for key, value in call.results.items():
                    env[f'{label}_{key}'] = str(value)
        return env
