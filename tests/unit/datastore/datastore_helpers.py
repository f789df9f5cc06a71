"""Helpers: run a workflow simulated, feeding a DataStore every turn."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cylc_flow.config.workflow_config import WorkflowConfig
from cylc_flow.core.scheduler_core import SchedulerCore
from cylc_flow.datastore import DataStore, Delta
from cylc_flow.scheduler.simulation import SimulatedRun, SimulationDriver

Y2K = 946684800.0


def load(tmp_path: Path, text: str) -> WorkflowConfig:
    flow = tmp_path / 'flow.cylc'
    flow.write_text(textwrap.dedent(text))
    return WorkflowConfig(flow, 'test/run1', warn=lambda _message: None)


def succeed(_itask: Any) -> SimulatedRun:
    return SimulatedRun(['started', 'succeeded'])


def round_trip(data: Any) -> Any:
    """What a subscriber in another process receives."""
    return json.loads(json.dumps(data))


@dataclass
class StoreRun:
    store: DataStore
    core: SchedulerCore
    driver: SimulationDriver
    deltas: list[Delta] = field(default_factory=list)
    # hook(turn number, run) called after each apply_turn
    hooks: list[Any] = field(default_factory=list)

    def turn(self) -> Delta:
        pool = self.core.pool
        delta = self.store.apply_turn(pool, now=self.driver.now)
        pool.dirty.clear()
        pool.removed.clear()
        if not delta.is_empty:
            self.deltas.append(delta)
        for hook in self.hooks:
            hook(len(self.deltas), self)
        return delta


def make_run(config: WorkflowConfig, outcome: Any = succeed, *,
             n_edge_distance: int = 1, **core_options: Any) -> StoreRun:
    core = SchedulerCore(config, now=Y2K, **core_options)
    driver = SimulationDriver(core, outcome, start_time=Y2K)
    store = DataStore(config, 'test/run1', 'alice',
                      n_edge_distance=n_edge_distance, epoch='test-epoch',
                      start_point=core.start_point)
    run = StoreRun(store, core, driver)
    original_apply = driver._apply

    def apply(effects: list[Any]) -> bool:
        run.turn()
        return original_apply(effects)

    driver._apply = apply  # type: ignore[method-assign]
    return run


def run_to_end(run: StoreRun, max_turns: int = 1_000_000) -> StoreRun:
    run.driver.run(max_turns=max_turns)
    run.turn()
    return run


def normalised(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot with records sorted by ID (for comparison)."""
    data = round_trip(snapshot)
    data['records'] = {kind: sorted(items, key=lambda item: item['id'])
                       for kind, items in data['records'].items()}
    return data
