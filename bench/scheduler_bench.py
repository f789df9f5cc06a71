#!/usr/bin/env python3
"""Benchmark the scheduler (prints figures; no pass/fail).

  simulation   cylc play --no-detach --mode=simulation on chain-100,
               wide-5000 and cycling-500 (../shared/bench/gen_workloads.py):
               whole-process wall time and peak RSS
  live         real background jobs (script = true) on wide-500:
               wall time, jobs per second end to end, and CPU seconds per
               job (the scheduler's, and the jobs' own: this process adopts
               the detached jobs as a Linux child subreaper to count them)
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


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux), so that the CPU time of detached
    background jobs reaches this process's RUSAGE_CHILDREN when reaped."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def reap_orphans(timeout: float = 60.0) -> None:
    """Wait for every adopted job process to end (or for ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if not pid:
            time.sleep(0.05)


def cpu_seconds(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def live(work: Path) -> None:
    print('live background jobs (script = true, queue limit 100):', flush=True)
    generate(work / 'workloads', 'wide', '--n', '500')
    home, name = work / 'home', 'live/wide-500'
    env = dict(os.environ, HOME=str(home))
    subprocess.run([cylc(), 'install', '--workflow-name', name, '--no-run-name'],
                   cwd=work / 'workloads' / 'wide-500', env=env, check=True,
                   capture_output=True)
    adopted = become_subreaper()
    before = cpu_seconds(resource.getrusage(resource.RUSAGE_CHILDREN))
    start = time.perf_counter()
    with open(work / 'play.out', 'wb') as out:
        process = subprocess.Popen([cylc(), 'play', '--no-detach', name],
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, scheduler_usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    reap_orphans()
    total = cpu_seconds(resource.getrusage(resource.RUSAGE_CHILDREN)) - before
    scheduler = cpu_seconds(scheduler_usage)
    import sqlite3

    with sqlite3.connect(home / 'cylc-run' / name / 'log' / 'db') as conn:
        states = dict(conn.execute(
            'SELECT status, COUNT(*) FROM task_states GROUP BY status'))
    jobs = 502
    result = 'ok' if process.returncode == 0 else f'exit {process.returncode}'
    print(f'  wide-500     {wall:7.2f}s  {jobs / wall:6.1f} jobs/s  {result} {states}')
    if adopted:
        print(f'  CPU: {total:.1f}s in all, {total / jobs * 1000:.0f} ms per job'
              f' (scheduler and its submissions {scheduler / jobs * 1000:.0f} ms,'
              f' the jobs themselves {(total - scheduler) / jobs * 1000:.0f} ms);'
              f' at most {os.cpu_count() or 1} cores / {total / jobs * 1000:.0f} ms'
              f' = {(os.cpu_count() or 1) * jobs / total:.0f} jobs/s if CPU-bound')
    else:
        print(f'  CPU: scheduler and its submissions {scheduler:.1f}s'
              ' (job CPU not measurable here)')


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
