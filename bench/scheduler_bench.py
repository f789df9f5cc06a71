#!/usr/bin/env python3
"""Benchmark the scheduler (prints figures; no pass/fail).

  simulation   cylc play --no-detach --mode=simulation on chain-100,
               wide-5000 and cycling-500 (../shared/bench/gen_workloads.py):
               whole-process wall time and peak RSS
  live         real background jobs (script = true) on wide-500:
               wall time and jobs per second end to end
  memory       bytes per waiting task proxy (tracemalloc, in process, 100,000
               tasks each waiting on one prerequisite)

    python bench/scheduler_bench.py [simulation] [live] [memory]

Runs in a temporary HOME, so ~/cylc-run is untouched.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get('CYLC_SHARED_DIR', REPO.parent / 'shared'))


def cylc() -> str:
    script = Path(sys.executable).parent / 'cylc'
    if not script.exists():
        raise SystemExit('install the package first: pip install -e .')
    return str(script)


def generate(out: Path, kind: str, *args: str) -> Path:
    subprocess.run([sys.executable, str(SHARED / 'bench' / 'gen_workloads.py'),
                    kind, str(out), *args], check=True, capture_output=True)
    return out


def play(home: Path, source: Path, name: str, *play_args: str
         ) -> tuple[float, float, str]:
    env = dict(os.environ, HOME=str(home))
    subprocess.run([cylc(), 'install', '--workflow-name', name, '--no-run-name'],
                   cwd=source, env=env, check=True, capture_output=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run([cylc(), 'play', '--no-detach', *play_args, name],
                            env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    rss = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    run_dir = home / 'cylc-run' / name
    import sqlite3

    with sqlite3.connect(run_dir / 'log' / 'db') as conn:
        states = dict(conn.execute(
            'SELECT status, COUNT(*) FROM task_states GROUP BY status'))
    status = 'ok' if result.returncode == 0 else f'exit {result.returncode}'
    return wall, rss / 1024, f'{status} {states}'


def simulation(work: Path) -> None:
    print('simulation mode (whole process):', flush=True)
    for kind, args, name in (
        ('chain', ('--n', '100'), 'chain-100'),
        ('wide', ('--n', '5000'), 'wide-5000'),
        ('cycling', ('--cycles', '500'), 'cycling-500'),
    ):
        generate(work / 'workloads', kind, *args)
        wall, rss, result = play(work / 'home', work / 'workloads' / name,
                                 f'sim/{name}', '--mode=simulation')
        print(f'  {name:12s} {wall:7.2f}s {rss:7.0f}MB  {result}', flush=True)


def live(work: Path) -> None:
    print('live background jobs (script = true, queue limit 100):', flush=True)
    generate(work / 'workloads', 'wide', '--n', '500')
    wall, rss, result = play(work / 'home', work / 'workloads' / 'wide-500',
                             'live/wide-500')
    jobs = 502
    print(f'  wide-500     {wall:7.2f}s {rss:7.0f}MB  {jobs / wall:6.1f} jobs/s'
          f'  {result}')


def memory() -> None:
    import tracemalloc

    sys.path.insert(0, str(REPO))
    from cylc_flow.config.workflow_config import WorkflowConfig
    from cylc_flow.core.scheduler_core import SchedulerCore

    count = 100_000
    with tempfile.TemporaryDirectory() as tmp:
        flow = Path(tmp, 'flow.cylc')
        flow.write_text(
            '[scheduler]\n    allow implicit tasks = True\n'
            f'[task parameters]\n    i = 1..{count}\n'
            '[scheduling]\n    [[graph]]\n        R1 = "start => w<i>"\n')
        config = WorkflowConfig(flow, 'mem', warn=lambda _m: None)
        core = SchedulerCore(config, now=0.0)
        point = config.initial_point
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for name, tdef in config.taskdefs.items():
            if name != 'start':
                core.pool.spawn(tdef, point, frozenset({1}), reason='bench')
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    per_task = (after - before) / count
    print(f'memory: {count} waiting task proxies: {(after - before) / 2**20:.0f} MiB,'
          f' {per_task / 1024:.2f} KiB per task')


def main() -> int:
    wanted = set(sys.argv[1:]) or {'simulation', 'live', 'memory'}
    with tempfile.TemporaryDirectory(prefix='cylc-sched-bench-') as tmp:
        work = Path(tmp)
        (work / 'home').mkdir()
        if 'simulation' in wanted:
            simulation(work)
        if 'live' in wanted:
            live(work)
    if 'memory' in wanted:
        memory()
    return 0


if __name__ == '__main__':
    sys.exit(main())
