"""Print the wall and CPU time of ``cylc message`` against a live test server.

    python tests/functional/measure_message.py [N]

A figure, not a test: it starts a real CURVE server in this process, then
runs each way of sending a message N times (default 30, after a warm-up),
as a job would, and prints the mean and best wall time and the median CPU
time (user + system of the process and its children) per call:

* ``python -c pass`` and ``python -I -S -c pass``: the interpreter alone,
  with and without ``site`` (whose ``.pth`` files may import a lot);
* ``python -c "import zmq"``: what the pyzmq client costs before it starts;
* ``job.sh's way``: ``python -I -S -c <launcher> .../job_messenger.py``,
  what jobs of the scheduler's own installation run (libzmq through ctypes);
* ``job.sh's co-process``: the same with ``--serve``, sending ``started``
  and then ``succeeded`` from its stdin on one connection: the only message
  process of a short job;
* the same with ``CYLC_LIBZMQ=/nowhere`` (the pyzmq fallback);
* ``cylc message``: the console script, as users' own scripts call it.

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
REPO = Path(__file__).resolve().parents[2]
MESSAGE_SCRIPT = REPO / 'cylc_flow' / 'jobs' / 'job_messenger.py'
LAUNCHER = ('import sys; directory, _, name = sys.argv[1].rpartition("/"); '
            'sys.path.insert(0, directory); messenger = __import__(name[:-3]); '
            'del sys.path[0]; sys.exit(messenger.main(sys.argv[2:]))')


def run_once(command: list[str], env: dict[str, str], stdin: bytes = b''
             ) -> tuple[float, float]:
    """Run a command; return its ``(wall, cpu)`` seconds (fails loudly).

    ``stdin`` is written to its standard input; its descriptor 3 (the
    co-process's acknowledgements) is /dev/null.
    """
    null = os.open(os.devnull, os.O_WRONLY)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, pass_fds=(3, null),
        preexec_fn=lambda: os.dup2(null, 3))
    os.close(null)
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write(stdin)
    process.stdin.close()
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.stderr.close()
    if status:
        raise SystemExit(f'{command} failed: {errors.decode(errors="replace")}')
    return wall, usage.ru_utime + usage.ru_stime


def measure(label: str, command: list[str], env: dict[str, str], count: int,
            stdin: bytes = b'') -> None:
    """Print one line of figures in milliseconds."""
    run_once(command, env, stdin)
    walls, cpus = [], []
    for _ in range(count):
        wall, cpu = run_once(command, env, stdin)
        walls.append(wall)
        cpus.append(cpu)
    print(f'{label:<38} wall mean {statistics.mean(walls) * 1000:6.1f} ms'
          f'  best {min(walls) * 1000:6.1f} ms'
          f'   CPU median {statistics.median(cpus) * 1000:6.1f} ms', flush=True)


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
            env.pop('CYLC_LIBZMQ', None)
            python = sys.executable
            message = ['--', WORKFLOW_ID, JOB_ID, 'hello']
            job_way = [python, '-I', '-S', '-c', LAUNCHER, str(MESSAGE_SCRIPT),
                       *message]
            serve = [python, '-I', '-S', '-c', LAUNCHER, str(MESSAGE_SCRIPT),
                     '--serve', '--', WORKFLOW_ID, JOB_ID, 'started']
            measure('python -c pass', [python, '-c', 'pass'], env, count)
            measure('python -I -S -c pass', [python, '-I', '-S', '-c', 'pass'],
                    env, count)
            measure('python -c "import zmq"', [python, '-c', 'import zmq'],
                    env, count)
            measure("job.sh's way (python -I -S messenger)", job_way, env, count)
            measure("job.sh's co-process (2 messages)", serve, env, count,
                    b'succeeded\n\n')
            measure('  ... pyzmq fallback (no libzmq found)', job_way,
                    {**env, 'CYLC_LIBZMQ': '/nowhere/libzmq.so'}, count)
            from cylc_flow.jobs.native_sender import native_sender

            native = native_sender()
            if native is not None and native.program is not None:
                measure("job.sh's native sender (started)",
                        [str(native.program), str(run_dir), JOB_ID,
                         '2026-01-01T00:00:00Z', 'INFO', 'started'],
                        {**env, 'CYLC_LIBZMQ': native.libzmq}, count)
            cylc = Path(python).parent / 'cylc'
            if cylc.exists():
                measure('cylc message', [str(cylc), 'message', *message],
                        env, count)
            print(f'({len(received)} put_messages requests received)')


if __name__ == '__main__':
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
