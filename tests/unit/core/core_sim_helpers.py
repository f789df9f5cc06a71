"""Helpers for the core tests: load a flow.cylc and run it simulated."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cylc_flow.config.workflow_config import WorkflowConfig
from cylc_flow.core.effects import WorkflowEvent
from cylc_flow.core.scheduler_core import SchedulerCore
from cylc_flow.scheduler.simulation import SimulatedRun, SimulationDriver

# 2000-01-01T00:00Z in seconds since the epoch
Y2K = 946684800.0


def load(tmp_path: Path, text: str) -> WorkflowConfig:
    flow = tmp_path / 'flow.cylc'
    flow.write_text(textwrap.dedent(text))
    return WorkflowConfig(flow, 'test/core', warn=lambda _message: None)


def succeed(_itask: Any) -> SimulatedRun:
    return SimulatedRun(['started', 'succeeded'])


def succeed_after(seconds: float) -> SimulatedRun:
    """A job that starts, then succeeds ``seconds`` later."""
    return SimulatedRun(['started', 'succeeded'], duration=seconds)


@dataclass
class Run:
    """What a simulated run did."""

    core: SchedulerCore
    driver: SimulationDriver
    log: list[tuple[float, str]] = field(default_factory=list)
    events: list[tuple[float, str]] = field(default_factory=list)
    shutdown: Any = None

    def triggered(self) -> list[str]:
        return [text for _now, text in self.log if ' -triggered off ' in text]

    def triggered_ids(self) -> list[str]:
        return [line.split(' ', 1)[0] for line in self.triggered()]

    def when(self, task_id: str) -> float:
        """The virtual time a task was triggered."""
        for now, text in self.log:
            if text.startswith(f'{task_id} -triggered off '):
                return now
        raise AssertionError(f'{task_id} never triggered')

    def lines(self, fragment: str) -> list[tuple[float, str]]:
        return [(now, text) for now, text in self.log if fragment in text]


def make_run(
    config: WorkflowConfig,
    outcome: Any = succeed,
    *,
    start_time: float = Y2K,
    **core_options: Any,
) -> Run:
    core = SchedulerCore(config, now=start_time, **core_options)
    run = Run(core, None)  # type: ignore[arg-type]
    driver = SimulationDriver(
        core, outcome, start_time=start_time,
        on_log=lambda entry: run.log.append((driver.now, entry.text)))
    run.driver = driver
    original_apply = driver._apply

    def apply(effects: list[Any]) -> bool:
        for effect in effects:
            if isinstance(effect, WorkflowEvent):
                run.events.append((driver.now, effect.event))
        return original_apply(effects)

    driver._apply = apply  # type: ignore[method-assign]
    return run


def simulate(config: WorkflowConfig, outcome: Any = succeed, *,
             start_time: float = Y2K, max_turns: int = 100_000,
             **core_options: Any) -> Run:
    run = make_run(config, outcome, start_time=start_time, **core_options)
    run.shutdown = run.driver.run(max_turns=max_turns)
    return run
