#!/usr/bin/env python3
"""Benchmark the data store and its publishing (prints figures; no pass/fail).

  full      a live wide-10000 scheduler (simulation mode, paused): the
            ``pb_entire_workflow`` reply size and round-trip time, and a
            ``graphql`` query of every task proxy over the network
  deltas    wide-10000 run in process with the store fed every turn: delta
            message size per turn (mean, max), store time per turn
  graphql   the schema alone: a query of 10,000 task proxies (goal < 300 ms)

    python bench/datastore_bench.py [full] [deltas] [graphql] [--n N]

Runs in a temporary HOME, so ~/cylc-run is untouched.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get('CYLC_SHARED_DIR', REPO.parent / 'shared'))
QUERY = '{ taskProxies { id name cyclePoint state isHeld } }'


def generate(out: Path, size: int) -> Path:
    subprocess.run([sys.executable, str(SHARED / 'bench' / 'gen_workloads.py'),
                    'wide', str(out), '--n', str(size)], check=True,
                   capture_output=True)
    return out / f'wide-{size}'


def best_of(count: int, action) -> tuple[float, object]:
    best, result = float('inf'), None
    for _ in range(count):
        begin = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - begin)
    return best, result


def full(work: Path, size: int) -> None:
    from cylc_flow.network.client import WorkflowClient
    from cylc_flow.network.protocol import encode_data

    source = generate(work / 'workloads', size)
    home = work / 'home'
    env = dict(os.environ, HOME=str(home))
    cylc = str(Path(sys.executable).parent / 'cylc')
    name = f'bench/wide-{size}'
    subprocess.run([cylc, 'install', '--workflow-name', name, '--no-run-name'],
                   cwd=source, env=env, check=True, capture_output=True)
    subprocess.run([cylc, 'play', '--pause', '--mode=simulation', name],
                   env=env, check=True, capture_output=True)
    run_dir = home / 'cylc-run' / name
    client = WorkflowClient(name, run_dir=run_dir, timeout=120)
    try:
        begin = time.perf_counter()
        first = client.request('pb_entire_workflow')
        built = time.perf_counter() - begin
        took, snapshot = best_of(3, lambda: client.request('pb_entire_workflow'))
        reply = len(encode_data(snapshot))
        proxies = len(snapshot['records']['task_proxies'])
        print(f'full store (wide-{size}, {proxies} task proxies):'
              f' {reply / 1e6:.1f} MB in one reply, {took * 1000:.0f} ms'
              f' round trip (first request, building the store:'
              f' {built * 1000:.0f} ms; sequence {first["sequence"]})')
        took, data = best_of(3, lambda: client.request(
            'graphql', {'request_string': QUERY}))
        print(f'graphql over the network: {len(data["taskProxies"])} task'
              f' proxies x 5 fields in {took * 1000:.0f} ms round trip')
    finally:
        client.close()
        subprocess.run([cylc, 'stop', '--now', '--now', name], env=env,
                       check=False, capture_output=True)


def deltas(work: Path, size: int) -> None:
    from cylc_flow.config.workflow_config import WorkflowConfig
    from cylc_flow.core.scheduler_core import SchedulerCore
    from cylc_flow.datastore import DataStore
    from cylc_flow.datastore.wire import encode_delta
    from cylc_flow.scheduler.simulation import SimulatedRun, SimulationDriver

    source = generate(work / 'workloads', size)
    config = WorkflowConfig(source / 'flow.cylc', 'bench/run1',
                            warn=lambda _message: None)
    core = SchedulerCore(config, now=0.0)
    driver = SimulationDriver(
        core, lambda _itask: SimulatedRun(['started', 'succeeded']),
        start_time=0.0)
    store = DataStore(config, 'bench/run1', 'bench')
    sizes: list[int] = []
    spent: list[float] = []
    original = driver._apply

    def apply(effects):
        begin = time.perf_counter()
        delta = store.apply_turn(core.pool, now=driver.now)
        if not delta.is_empty:
            sizes.append(len(encode_delta(delta)[1]))
        spent.append(time.perf_counter() - begin)
        core.pool.dirty.clear()
        core.pool.removed.clear()
        return original(effects)

    driver._apply = apply  # type: ignore[method-assign]
    begin = time.perf_counter()
    driver.run(max_turns=1_000_000)
    whole = time.perf_counter() - begin
    print(f'deltas (wide-{size} run, {len(sizes)} deltas over {driver.turns}'
          f' turns): mean {statistics.mean(sizes) / 1e3:.0f} kB,'
          f' max {max(sizes) / 1e6:.1f} MB, total {sum(sizes) / 1e6:.0f} MB;'
          f' store + encoding {statistics.mean(spent) * 1000:.0f} ms per turn'
          f' (max {max(spent) * 1000:.0f} ms), run {whole:.1f} s in all')


def graphql(work: Path, size: int) -> None:
    from cylc_flow.config.workflow_config import WorkflowConfig
    from cylc_flow.core.scheduler_core import SchedulerCore
    from cylc_flow.datastore import DataStore
    from cylc_flow.network.schema import SchemaContext, build_schema, execute

    source = generate(work / 'workloads', size)
    config = WorkflowConfig(source / 'flow.cylc', 'bench/run1',
                            warn=lambda _message: None)
    core = SchedulerCore(config, now=0.0)
    core.pause()
    core.start(0.0)
    store = DataStore(config, 'bench/run1', 'bench')
    begin = time.perf_counter()
    store.apply_turn(core.pool)
    built = time.perf_counter() - begin
    schema = build_schema()

    def query():
        context = SchemaContext(stores={store.workflow_id: store})
        return execute(schema, QUERY, None, context)

    took, reply = best_of(5, query)
    count = len(reply['data']['taskProxies'])
    print(f'graphql in process: {count} task proxies x 5 fields in'
          f' {took * 1000:.0f} ms (goal < 300 ms); store built in'
          f' {built * 1000:.0f} ms')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('parts', nargs='*', metavar='PART',
                        help='full, deltas and/or graphql (default: all)')
    parser.add_argument('--n', type=int, default=10_000,
                        help='members of the wide workflow (default 10000)')
    args = parser.parse_args()
    parts = args.parts or ['full', 'deltas', 'graphql']
    unknown = set(parts) - {'full', 'deltas', 'graphql'}
    if unknown:
        parser.error(f'unknown part: {sorted(unknown)[0]}')
    with tempfile.TemporaryDirectory(prefix='datastore-bench-') as work:
        os.environ['HOME'] = str(Path(work) / 'home')
        for part in parts:
            {'full': full, 'deltas': deltas, 'graphql': graphql}[part](
                Path(work), args.n)


if __name__ == '__main__':
    main()
