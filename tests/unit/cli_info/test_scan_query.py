"""Asking many workflows at once: failures are outcomes, never exceptions,
and the waits overlap."""

from __future__ import annotations

import asyncio
import os
import socket
import time

from cylc_flow.network.keys import ensure_keys
from cylc_flow.network.scan_query import (
    QueryOutcome,
    merge_workflow_fields,
    query_many,
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def silent_flow(tmp_path, index: int) -> dict:
    """A workflow whose contact file names a live PID but no server."""
    run_dir = tmp_path / f'flow{index}'
    run_dir.mkdir()
    ensure_keys(run_dir)
    return {'name': f'flow{index}', 'path': run_dir,
            'CYLC_WORKFLOW_HOST': '127.0.0.1',
            'CYLC_WORKFLOW_PORT': str(free_port()),
            'CYLC_WORKFLOW_PID': str(os.getpid())}


def test_unanswered_queries_time_out_together_as_error_outcomes(tmp_path):
    flows = [silent_flow(tmp_path, index) for index in range(6)]
    start = time.perf_counter()
    outcomes = asyncio.run(query_many(flows, timeout=0.5))
    elapsed = time.perf_counter() - start
    assert [outcome.flow['name'] for outcome in outcomes] == \
        [flow['name'] for flow in flows]
    assert all(not outcome.ok for outcome in outcomes)
    assert all('timed out' in outcome.error for outcome in outcomes)
    assert elapsed < 2.0  # six 0.5 s waits overlapped


def test_missing_keys_and_dead_schedulers_are_reported_not_raised(tmp_path):
    import subprocess
    import sys

    no_keys = silent_flow(tmp_path, 0)
    for item in (no_keys['path'] / '.service').iterdir():
        if item.is_file():
            item.unlink()
    process = subprocess.Popen([sys.executable, '-c', 'pass'])
    process.wait()
    gone = silent_flow(tmp_path, 1)
    (gone['path'] / '.service' / 'contact').write_text('x=y\n')
    gone['CYLC_WORKFLOW_PID'] = str(process.pid)
    first, second = asyncio.run(query_many([no_keys, gone], timeout=0.5))
    assert not first.ok and not first.stale
    assert second.stale and 'stale contact file' in second.error
    assert not (gone['path'] / '.service' / 'contact').exists()


def test_merge_workflow_fields_copies_the_first_workflow_but_not_its_id():
    outcome = QueryOutcome({'name': 'foo'}, data={'workflows': [
        {'id': '~me/foo', 'status': 'paused', 'stateTotals': {}}]})
    assert merge_workflow_fields(outcome)
    assert outcome.flow == {'name': 'foo', 'status': 'paused',
                            'stateTotals': {}}
    assert not merge_workflow_fields(QueryOutcome({'name': 'x'}, data=[]))
    assert not merge_workflow_fields(
        QueryOutcome({'name': 'x'}, data={'workflows': []}))
