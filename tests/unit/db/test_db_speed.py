"""Commit speed figures (printed; correctness asserted, not the time).

Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import time
from pathlib import Path

from cylc_flow.db import WorkflowDatabase

ROWS = 100_000


def report(label: str, seconds: float) -> None:
    print(f'\n[bench] {label}: {seconds:.3f} s')


def test_one_commit_of_100000_task_states_rows(run_dir: Path) -> None:
    rows = [
        {
            'name': f'task{number % 10_000}', 'cycle': str(number // 10_000),
            'flow_nums': '[1]', 'time_created': '2025-01-01T00:00:00Z',
            'time_updated': '2025-01-01T00:00:00Z', 'submit_num': 0,
            'status': 'waiting', 'flow_wait': 0, 'is_manual_submit': 0,
        }
        for number in range(ROWS)
    ]
    with WorkflowDatabase(
        run_dir / '.service' / 'db', run_dir / 'log' / 'db'
    ) as database:
        started = time.perf_counter()
        for row in rows:
            database.put_insert('task_states', row)
        queued = time.perf_counter()
        assert database.commit() == ROWS
        committed = time.perf_counter()
        database.copy_to_public()
        copied = time.perf_counter()
        report(f'queue {ROWS} rows', queued - started)
        report(f'commit {ROWS} rows', committed - queued)
        report('copy to public', copied - committed)

        started = time.perf_counter()
        for number in range(ROWS // 10):
            database.put_update(
                'task_states', {'status': 'succeeded', 'submit_num': 1},
                {'name': f'task{number}', 'cycle': '0', 'flow_nums': '[1]'},
            )
        database.commit()
        report(f'update {ROWS // 10} rows by key', time.perf_counter() - started)

        assert database.fetch_all('SELECT COUNT(*) FROM task_states') == [
            (ROWS,)
        ]
        assert len(database.select_task_states_by_name_point(
            statuses=['succeeded']
        )) == ROWS // 10


def test_restart_load_of_a_10000_task_pool(run_dir: Path) -> None:
    with WorkflowDatabase(run_dir / '.service' / 'db') as database:
        for number in range(10_000):
            key = {'cycle': '1', 'name': f'task{number}', 'flow_nums': '[1]'}
            database.put_insert('task_pool', {**key, 'status': 'waiting'})
            database.put_insert('task_states', {
                **key, 'status': 'waiting', 'submit_num': 0,
            })
            database.put_insert('task_prerequisites', {
                **key, 'prereq_name': f'task{number - 1}',
                'prereq_cycle': '1', 'prereq_output': 'succeeded',
                'satisfied': '0',
            })
        database.commit()
        started = time.perf_counter()
        pool = database.select_task_pool()
        prerequisites = database.select_task_prerequisites()
        report('load 10000 pool tasks + prerequisites',
               time.perf_counter() - started)
        assert len(pool) == 10_000
        assert len(prerequisites) == 10_000
