#!/usr/bin/env python3
"""Benchmark ``cylc validate`` on large workflows (prints figures).

Workloads:
  layered-10000         10,000 tasks in 100 layers of 100; every task depends
                        on 10 tasks of the layer before, and 1,000 of them on
                        one task two layers back: 100,000 edges, one
                        ``a => b`` line each (plus 100 parentless starts)
  cycling-500           ../shared/bench/gen_workloads.py cycling --cycles 500
  wide-5000             ../shared/bench/gen_workloads.py wide --n 5000
  chain-5000            a 5,000-task chain: 5,000 tasks with 4,999 edges

Each is validated in a fresh ``cylc`` process (best of --repeat runs); the
figure is whole-process wall time and the peak RSS of the child.

    python bench/validate_bench.py [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_BENCH = Path(os.environ.get('CYLC_SHARED_DIR', REPO.parent / 'shared')) / 'bench'


def write_layered(out: Path, layers: int = 100, width: int = 100,
                  fan_in: int = 10) -> Path:
    directory = out / f'layered-{layers * width}'
    directory.mkdir(parents=True, exist_ok=True)
    names = [[f't{layer:03d}_{i:03d}' for i in range(width)]
             for layer in range(layers)]
    lines = list(names[0])
    for layer in range(1, layers):
        for i, name in enumerate(names[layer]):
            for k in range(fan_in):
                lines.append(f'{names[layer - 1][(i + k * 7) % width]} => {name}')
    for extra in range(1000):  # skip-a-layer edges: 100,000 in all
        layer = 2 + extra % (layers - 2)
        target = extra // (layers - 2)
        lines.append(f'{names[layer - 2][target]} => {names[layer][target]}')
    text = [
        '[scheduler]', '    allow implicit tasks = False',
        '[scheduling]', '    [[graph]]', '        R1 = """',
    ]
    text += [f'            {line}' for line in lines]
    text += ['        """', '[runtime]', '    [[root]]', '        script = true']
    for layer in names:
        for name in layer:
            text.append(f'    [[{name}]]')
    (directory / 'flow.cylc').write_text('\n'.join(text) + '\n')
    return directory


def write_chain(out: Path, n: int) -> Path:
    directory = out / f'chain-{n}'
    directory.mkdir(parents=True, exist_ok=True)
    names = [f't{i:05d}' for i in range(n)]
    text = ['[scheduling]', '    [[graph]]', '        R1 = """']
    text += [f'            {a} => {b}' for a, b in itertools.pairwise(names)]
    text += ['        """', '[runtime]', '    [[root]]', '        script = true']
    text += [f'    [[{name}]]' for name in names]
    (directory / 'flow.cylc').write_text('\n'.join(text) + '\n')
    return directory


def generate_shared(out: Path, kind: str, *args: str) -> Path:
    subprocess.run(
        [sys.executable, str(SHARED_BENCH / 'gen_workloads.py'), kind, str(out),
         *args],
        check=True, capture_output=True,
    )
    name = {'cycling': f'cycling-{args[-1]}', 'wide': f'wide-{args[-1]}'}[kind]
    return out / name


def cylc_command() -> list[str]:
    script = Path(sys.executable).parent / 'cylc'
    return [str(script)] if script.exists() else [
        sys.executable, '-m', 'cylc_flow.scripts.cylc']


def time_validate(directory: Path) -> tuple[float, float]:
    """Wall seconds and child peak RSS (MiB) of one ``cylc validate``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run([*cylc_command(), 'validate', str(directory)],
                            capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f'validate failed for {directory}:\n{result.stderr}')
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--keep', metavar='DIR')
    args = parser.parse_args()
    out = Path(args.keep or tempfile.mkdtemp(prefix='cylc-bench-'))
    workloads = [
        ('layered 10,000 tasks / 100,000 edges', write_layered(out)),
        ('cycling-500 (10 tasks a cycle)', generate_shared(out, 'cycling',
                                                          '--cycles', '500')),
        ('wide-5000', generate_shared(out, 'wide', '--n', '5000')),
        ('chain 5,000 tasks / 4,999 edges', write_chain(out, 5000)),
    ]
    print(f'{"workload":40s} {"best wall":>10s} {"peak RSS":>10s}')
    for label, directory in workloads:
        runs = [time_validate(directory) for _ in range(args.repeat)]
        best = min(wall for wall, _ in runs)
        rss = max(peak for _, peak in runs)
        print(f'{label:40s} {best:9.2f}s {rss:8.0f}MB')
    return 0


if __name__ == '__main__':
    sys.exit(main())
