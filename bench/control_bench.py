#!/usr/bin/env python3
"""Benchmark control commands against a running scheduler (figures only).

  ping      ping round trips, sampled back to back, while a 10,000-task wide
            workflow (simulation mode) makes all 10,000 tasks ready at once
            (then running, then succeeded): max / p95 / median of the plain
            ``ping`` request and of ``cylc ping``'s GraphQL query
  commands  ``cylc set`` and ``cylc trigger`` of all 5,000 tasks of a cycle
            (by family): wall time of the command, time the scheduler took to
            carry it out (the turn, to its commit), and the number of
            database transactions holding the command's changes

    python bench/control_bench.py [ping] [commands]

Runs in a temporary HOME, so ~/cylc-run is untouched.  The scheduler runs
in its own process, started through a small wrapper that times the command
turn and counts commits (and logs them as "BENCH ..." lines).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

WIDE = '''
[scheduler]
    allow implicit tasks = True
    [[events]]
        stall timeout = PT0S
        abort on stall timeout = True
[task parameters]
    i = 1..{count}
[scheduling]
    [[queues]]
        [[[default]]]
            limit = 0  # no limit: all {count} run at once
    [[graph]]
        R1 = "gate => t<i>"
[runtime]
    [[root]]
        [[[simulation]]]
            default run length = PT3S
    [[gate]]
        [[[simulation]]]
            default run length = PT6S
'''

CYCLE = '''
[scheduler]
    allow implicit tasks = True
[task parameters]
    i = 1..{count}
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 1
    [[graph]]
        R1 = "blocker => w<i>"
[runtime]
    [[root]]
        [[[simulation]]]
            default run length = PT0S
    [[blocker]]
        [[[simulation]]]
            default run length = PT1H
    [[W]]
    [[w<i>]]
        inherit = W
'''

# Runs "cylc play" with the command turn timed and commits counted.
WRAPPER = '''
import sys, time
from cylc_flow.scheduler.scheduler import Scheduler
from cylc_flow.db.workflow_database import WorkflowDatabase

state = {'scheduler': None, 'command': None}
run_task_command = Scheduler.run_task_command
commit = WorkflowDatabase.commit_taken


def timed_command(self, now, name, targets, *args):
    state['scheduler'] = self
    state['command'] = [name, len(targets), time.perf_counter(), 0, 0]
    return run_task_command(self, now, name, targets, *args)


def counted_commit(self, taken):
    rows = commit(self, taken)
    command = state['command']
    if command is not None and rows:
        name, count, start, _, _ = command
        state['command'] = None
        state['scheduler'].log.info(
            f'BENCH {name} {count} tasks: carried out and committed in'
            f' {time.perf_counter() - start:.3f}s; transactions: 1'
            f' ({rows} statements)')
    return rows


from cylc_flow.scheduler.graphql_service import GraphQLService
graphql_request = GraphQLService.request_async


async def timed_request(self, args, meta):
    start = time.perf_counter()
    try:
        return await graphql_request(self, args, meta)
    finally:
        if 'mutation' in str(args.get('request_string')):
            self.scheduler.log.info(f'BENCH graphql mutation request answered'
                                    f' in {time.perf_counter() - start:.3f}s')


Scheduler.run_task_command = timed_command

# Stall detector (BENCH_STALLS=<file>): a watchdog thread samples the main
# thread's stack whenever the event loop has not ticked for 100 ms, and
# writes each stall's length with its most frequent stacks.
import os
if os.environ.get('BENCH_STALLS'):
    import asyncio, collections, threading, traceback
    report = open(os.environ['BENCH_STALLS'], 'w')
    main_thread = threading.main_thread().ident
    ticks = {'last': time.perf_counter()}
    start = Scheduler._start

    async def started(self):
        loop = asyncio.get_running_loop()

        def tick():
            ticks['last'] = time.perf_counter()
            loop.call_later(0.01, tick)
        tick()
        await start(self)

    def watch():
        stacks = collections.Counter()
        stalled = 0.0
        while True:
            time.sleep(0.01)
            late = time.perf_counter() - ticks['last']
            if late > 0.1:
                frame = sys._current_frames().get(main_thread)
                stack = traceback.extract_stack(frame)[-40:]
                stacks[''.join(f'    {f.filename.split("cylc_flow/")[-1]}:'
                               f'{f.lineno} {f.name}\\n' for f in stack)] += 1
                stalled = late
            elif stalled:
                report.write(f'stall {stalled * 1000:.0f} ms\\n')
                for text, count in stacks.most_common(3):
                    report.write(f'  {count} samples:\\n{text}')
                report.flush()
                stacks.clear()
                stalled = 0.0

    threading.Thread(target=watch, daemon=True).start()
    Scheduler._start = started
    import gc
    collecting = {}

    def timed_gc(phase, info):
        if phase == 'start':
            collecting['at'] = time.perf_counter()
            return
        took = time.perf_counter() - collecting.pop('at', time.perf_counter())
        if took > 0.05:
            report.write(f'gc generation {info["generation"]}:'
                         f' {took * 1000:.0f} ms\\n')
    gc.callbacks.append(timed_gc)
WorkflowDatabase.commit_taken = counted_commit
GraphQLService.request_async = timed_request
from cylc_flow.scripts.play import main
sys.exit(main(sys.argv[1:]))
'''


def cylc() -> str:
    script = Path(sys.executable).parent / 'cylc'
    if not script.exists():
        raise SystemExit('install the package first: pip install -e .')
    return str(script)


class Workflow:
    """One installed workflow, run by the wrapper in its own process."""

    def __init__(self, home: Path, name: str, text: str) -> None:
        self.home = home
        self.name = name
        self.env = dict(os.environ, HOME=str(home),
                        CYLC_CONF_PATH=str(home / 'conf'))
        (home / 'conf').mkdir(exist_ok=True)
        source = home / f'src-{name}'
        source.mkdir()
        (source / 'flow.cylc').write_text(textwrap.dedent(text))
        self.run(['install', '--workflow-name', name, '--no-run-name'],
                 cwd=source)
        self.run_dir = home / 'cylc-run' / name
        self.wrapper = home / 'wrapper.py'
        self.wrapper.write_text(WRAPPER)
        self.process: subprocess.Popen | None = None

    def run(self, args: list[str], cwd: Path | None = None,
            check: bool = True) -> tuple[float, subprocess.CompletedProcess]:
        start = time.perf_counter()
        result = subprocess.run([cylc(), *args], env=self.env, cwd=cwd,
                                capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        if check and result.returncode:
            raise SystemExit(f'cylc {" ".join(args)} failed:'
                             f' {result.stderr.strip()}')
        return wall, result

    def play(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(self.wrapper), '--no-detach',
             '--mode=simulation', *args, self.name],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        contact = self.run_dir / '.service' / 'contact'
        deadline = time.monotonic() + 120
        while not contact.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f'{self.name} did not start: see'
                                 f' {self.run_dir}/log/scheduler/log')
            time.sleep(0.05)

    def client(self):
        from cylc_flow.network.client import WorkflowClient

        return WorkflowClient(self.name, run_dir=self.run_dir, timeout=30)

    def log(self) -> str:
        """Every scheduler log file (the log rotates), oldest first."""
        files = sorted((self.run_dir / 'log' / 'scheduler').glob('*.log'))
        return ''.join(path.read_text() for path in files)

    def wait_log(self, pattern: str, timeout: float = 120) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.log())
            if match:
                return match
            time.sleep(0.05)
        raise SystemExit(f'timed out waiting for {pattern!r} in the log')

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.run(['stop', '--now', '--now', self.name], check=False)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def summary(label: str, times: list[float]) -> str:
    if not times:
        return f'{label}: no samples'
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (f'{label}: {len(times)} samples, max {max(times) * 1000:.0f} ms,'
            f' p95 {p95 * 1000:.0f} ms,'
            f' median {statistics.median(times) * 1000:.1f} ms')


def bench_ping(home: Path, count: int = 10_000) -> None:
    from cylc_flow.scripts.ping import FLOW_QUERY

    workflow = Workflow(home, 'wide', WIDE.format(count=count))
    workflow.play()
    plain: list[float] = []
    graphql: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        client = workflow.client()
        query = {'request_string': FLOW_QUERY,
                 'variables': {'wFlows': [workflow.name]}}
        try:
            while not stop.is_set():
                start = time.perf_counter()
                client.request('ping', {})
                plain.append(time.perf_counter() - start)
                start = time.perf_counter()
                client.request('graphql', query)
                graphql.append(time.perf_counter() - start)
        except Exception as error:  # the workflow shut down
            if not stop.is_set():
                print(f'  (sampling ended: {error})')
        finally:
            client.close()

    thread = threading.Thread(target=sample)
    start = time.perf_counter()
    thread.start()
    try:
        workflow.wait_log(r'Workflow shutting down', timeout=600)
    finally:
        stop.set()
        thread.join(timeout=60)
        workflow.stop()
    print(f'ping while {count} tasks become ready, run and succeed at once'
          f' ({time.perf_counter() - start:.1f}s run):')
    print('  ' + summary('plain ping request', plain))
    print('  ' + summary('GraphQL workflows query (cylc ping)', graphql))
    if graphql:
        print(f'    (the first builds the data store: {graphql[0] * 1000:.0f}'
              ' ms; ' + summary('the rest', graphql[1:]) + ')')


def bench_commands(home: Path, count: int = 5_000) -> None:
    workflow = Workflow(home, 'cycle', CYCLE.format(count=count))
    workflow.play()
    try:
        workflow.wait_log(r'\[1/blocker/01:\w+\] => submitted')
        # a watched workflow: its data store exists (the first GraphQL request
        # builds it), as when the UI or "cylc ping" is looking
        workflow.run(['ping', workflow.name])
        for command in (['set', f'{workflow.name}//1/W'],
                        ['trigger', f'{workflow.name}//1/W']):
            name = command[0]
            wall, result = workflow.run(command)
            match = workflow.wait_log(
                rf'BENCH {name} (\d+) tasks: carried out and committed in'
                rf' ([\d.]+)s; transactions: (\d+) \((\d+) statements\)')
            answered = re.findall(r'BENCH graphql mutation request answered'
                                  r' in ([\d.]+)s', workflow.log())[-1]
            print(f'cylc {name} of {match.group(1)} tasks: command'
                  f' {wall:.2f}s wall ({result.stdout.strip()}; request'
                  f' answered in {float(answered):.3f}s); scheduler'
                  f' turn {float(match.group(2)):.3f}s; DB transactions'
                  f' {match.group(3)} ({match.group(4)} statements)')
            if name == 'trigger':
                # all the triggered (simulated) jobs complete
                workflow.wait_log(r'Command "trigger" actioned: (\d+)')
    finally:
        workflow.stop()


def main(argv: list[str]) -> int:
    chosen = set(argv) or {'ping', 'commands'}
    with tempfile.TemporaryDirectory(prefix='control-bench-') as tmp:
        home = Path(tmp)
        if 'commands' in chosen:
            bench_commands(home)
        if 'ping' in chosen:
            bench_ping(home)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
