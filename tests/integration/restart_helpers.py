"""Run the scheduler in process, stop it part way, and restart it."""

from __future__ import annotations

import asyncio
import sqlite3
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cylc_flow.config.global_config import GlobalConfig
from cylc_flow.scheduler.scheduler import PlayOptions, Scheduler

WORKFLOW = 'restarts'


def make_run_dir(tmp_path: Path, monkeypatch: Any, flow: str,
                 name: str = WORKFLOW) -> Path:
    """A run directory ``~/cylc-run/<name>`` with ``flow`` as flow.cylc, its
    own HOME and an empty global config directory."""
    home = tmp_path / 'home'
    conf = tmp_path / 'conf'
    conf.mkdir(exist_ok=True)
    monkeypatch.setenv('HOME', str(home))
    monkeypatch.setenv('CYLC_CONF_PATH', str(conf))
    GlobalConfig.set_inst(None)
    directory = home / 'cylc-run' / name
    directory.mkdir(parents=True)
    (directory / 'flow.cylc').write_text(textwrap.dedent(flow))
    return directory


def scheduler_for(run_dir: Path, **options: Any) -> Scheduler:
    options.setdefault('mode', 'simulation')
    return Scheduler(WORKFLOW, run_dir, PlayOptions(**options))


async def run_until(
    scheduler: Scheduler,
    condition: Callable[[Scheduler], bool],
    *,
    timeout: float = 30.0,
    on_start: Callable[[Scheduler], None] | None = None,
) -> int:
    """Run until ``condition`` holds between turns, then ``stop --now``;
    return the exit code.  ``on_start`` runs once the core exists."""
    running = asyncio.get_running_loop().create_task(scheduler.run())
    deadline = time.monotonic() + timeout
    started = False
    try:
        while not running.done():
            core = scheduler.core
            if core is not None and scheduler.log is not None:
                if not started and on_start is not None:
                    started = True
                    on_start(scheduler)
                if condition(scheduler):
                    _stop_now(scheduler)
                    break
            if time.monotonic() > deadline:
                _stop_now(scheduler)
                raise AssertionError('condition not reached in time')
            await asyncio.sleep(0.01)
        return await asyncio.wait_for(running, timeout)
    finally:
        if not running.done():
            running.cancel()


def _stop_now(scheduler: Scheduler) -> None:
    """``cylc stop --now`` on the scheduler's next turn."""
    scheduler.post(lambda now: scheduler.core.request_stop('now', now))


async def start_only(scheduler: Scheduler) -> None:
    """Start a scheduler (restart included) and stop it at once."""
    await run_until(scheduler, lambda _s: True)


def task(scheduler: Scheduler, task_id: str) -> Any:
    cycle, name = task_id.split('/')
    return scheduler.core.pool.get(scheduler._point(cycle), name)


def pool_states(scheduler: Scheduler) -> dict[str, str]:
    return {itask.identity: itask.state for itask in scheduler.core.pool}


def log_text(run_dir: Path) -> str:
    return '\n'.join(path.read_text() for path in sorted(
        (run_dir / 'log' / 'scheduler').glob('*'))
        if path.is_file() and not path.is_symlink())


def db_rows(run_dir: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(run_dir / '.service' / 'db') as conn:
        return conn.execute(sql).fetchall()
