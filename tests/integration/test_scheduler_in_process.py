"""The scheduler shell run in process (asyncio), in simulation mode."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from cylc_flow.scheduler.scheduler import PlayOptions, Scheduler

FLOW = '''
[scheduler]
    allow implicit tasks = True
    [[events]]
        stall timeout = PT0S
        abort on stall timeout = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 4
    [[graph]]
        R1 = "prep => a"
        P1 = "a[-P1] => a => b"
        R1/$ = "b => done"
[runtime]
    [[root]]
        [[[simulation]]]
            default run length = PT0S
'''


@pytest.fixture
def run_dir(new_run_dir):
    return new_run_dir(FLOW, name='inproc')


def states(run_dir: Path) -> dict[str, int]:
    with sqlite3.connect(run_dir / 'log' / 'db') as conn:
        return dict(conn.execute(
            'SELECT status, COUNT(*) FROM task_states GROUP BY status'))


def test_simulation_run_completes_and_records_every_task(run_dir):
    scheduler = Scheduler('inproc', run_dir, PlayOptions(mode='simulation'))
    assert asyncio.run(scheduler.run()) == 0
    assert scheduler.shutdown.reason == 'AUTOMATIC'
    assert states(run_dir) == {'succeeded': 10}  # prep, 4 a, 4 b, done
    assert not (run_dir / '.service' / 'contact').exists()
    log = (run_dir / 'log' / 'scheduler' / 'log').read_text()
    assert 'Workflow shutting down - AUTOMATIC' in log
    with sqlite3.connect(run_dir / 'log' / 'db') as conn:
        flows = conn.execute('SELECT flow_num, description FROM workflow_flows'
                             ).fetchall()
    assert flows == [(1, 'original flow from 1')]


def test_stop_point_stops_early_and_is_cleared_at_the_end(run_dir):
    scheduler = Scheduler('inproc', run_dir,
                          PlayOptions(mode='simulation', stopcp='2'))
    assert asyncio.run(scheduler.run()) == 0
    done = states(run_dir)
    assert done == {'succeeded': 5}  # prep, a and b at 1 and 2
    with sqlite3.connect(run_dir / 'log' / 'db') as conn:
        assert conn.execute("SELECT value FROM workflow_params WHERE"
                            " key = 'stopcp'").fetchall() == []


def test_reference_log_then_reference_test_passes(run_dir):
    first = Scheduler('inproc', run_dir, PlayOptions(
        mode='simulation', debug=True, reference_log=True))
    assert asyncio.run(first.run()) == 0
    assert (run_dir / 'reference.log').is_file()
    for path in (run_dir / '.service').glob('db*'):
        path.unlink()
    second = Scheduler('inproc', run_dir, PlayOptions(
        mode='simulation', debug=True, reference_test=True))
    assert asyncio.run(second.run()) == 0
    log = (run_dir / 'log' / 'scheduler' / 'log').read_text()
    assert 'Reference test passed' in log
