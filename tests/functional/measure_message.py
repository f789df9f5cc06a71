"""Print the mean wall time of ``cylc message`` against a live test server.

    python tests/functional/measure_message.py [N]

A figure, not a test: it starts a real CURVE server in this process, then
runs ``cylc message`` N times (default 30) as a job would, and prints the
mean and best wall time per call, beside the interpreter's own start-up
time (``python -c pass``) and ``python -c "import zmq"`` for comparison.

Byte-code caching is switched on for the child processes (into a temporary
``PYTHONPYCACHEPREFIX``), as in any real installation, even if this
environment sets ``PYTHONDONTWRITEBYTECODE``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cylc_flow.network.background import BackgroundServer
from cylc_flow.network.contact import scheduler_contact_fields, write_contact
from cylc_flow.network.keys import ensure_keys

WORKFLOW_ID = 'measure/run1'
JOB_ID = '1/foo/01'


def wall_times(command: list[str], env: dict[str, str], count: int) -> list[float]:
    """Run a command ``count`` times (after one warm-up); return each wall time."""
    subprocess.run(command, env=env, check=True, capture_output=True)
    times = []
    for _ in range(count):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float]) -> None:
    """Print one line of figures in milliseconds."""
    print(f'{label:<34} mean {statistics.mean(times) * 1000:6.1f} ms'
          f'   best {min(times) * 1000:6.1f} ms')


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        home = Path(temporary, 'home')
        run_dir = home / 'cylc-run' / WORKFLOW_ID
        (run_dir / 'log' / 'job' / JOB_ID).mkdir(parents=True)
        received: list[object] = []
        keys = ensure_keys(run_dir)
        with BackgroundServer(keys) as background:
            server = background.server
            server.register(
                'put_messages', lambda args, meta: received.append(args),
                scope='message',
            )
            write_contact(run_dir, scheduler_contact_fields(
                WORKFLOW_ID, run_dir, port=server.port or 0,
                publish_port=server.publish_port or 0, uuid='measure',
                host='localhost',
            ))
            env = {**os.environ, 'HOME': str(home),
                   'PYTHONPYCACHEPREFIX': str(Path(temporary, 'pycache'))}
            env.pop('PYTHONDONTWRITEBYTECODE', None)
            python = sys.executable
            message = ['--', WORKFLOW_ID, JOB_ID, 'hello']
            report('python -c pass', wall_times([python, '-c', 'pass'], env, count))
            report('python -c "import zmq"',
                   wall_times([python, '-c', 'import zmq'], env, count))
            report('python -m cylc_flow.scripts.message', wall_times(
                [python, '-m', 'cylc_flow.scripts.message', *message], env, count))
            cylc = Path(python).parent / 'cylc'
            if cylc.exists():
                report('cylc message', wall_times(
                    [str(cylc), 'message', *message], env, count))
            print(f'({len(received)} put_messages requests received)')


if __name__ == '__main__':
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
