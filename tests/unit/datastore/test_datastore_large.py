"""A 5,000-task workflow: the subscriber keeps up; timings are printed."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from cylc_flow.config.workflow_config import WorkflowConfig
from cylc_flow.datastore import DeltaApplier

from .datastore_helpers import make_run, normalised, round_trip, run_to_end

GENERATOR = Path('/work/shared/bench/gen_workloads.py')


def wide_config(tmp_path: Path, size: int) -> WorkflowConfig:
    subprocess.run([sys.executable, str(GENERATOR), 'wide', str(tmp_path),
                    '--n', str(size)], check=True, capture_output=True)
    flow = tmp_path / f'wide-{size}' / 'flow.cylc'
    return WorkflowConfig(flow, 'test/run1', warn=lambda _message: None)


def test_wide_5000_subscriber_holds_the_snapshot(tmp_path):
    config = wide_config(tmp_path, 5000)
    run = make_run(config)
    subscriber = DeltaApplier(round_trip(run.store.snapshot()))
    applied = 0
    spent = [0.0]
    original_turn = run.turn

    def timed_turn():
        begin = time.perf_counter()
        delta = original_turn()
        spent[0] += time.perf_counter() - begin
        return delta

    run.turn = timed_turn  # type: ignore[method-assign]
    begin = time.perf_counter()
    run_to_end(run)
    whole = time.perf_counter() - begin
    begin = time.perf_counter()
    for delta in run.deltas:
        assert subscriber.apply(delta.to_dict()), subscriber.reason
        applied += 1
    applying = time.perf_counter() - begin
    print(f'\nwide-5000: run with data store {whole:.2f} s'
          f' (apply_turn {spent[0]:.2f} s over {run.driver.turns} turns,'
          f' {len(run.deltas)} deltas); subscriber {applying:.2f} s')
    assert applied == len(run.deltas) > 2
    assert normalised(subscriber.snapshot()) == normalised(run.store.snapshot())
    assert max(len(delta.added.get('task_proxies', ()))
               for delta in run.deltas) >= 5000
