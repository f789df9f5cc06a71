"""Bad input at the scheduler: a clear error or a log line, never a crash
or a traceback."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from restart_helpers import (
    log_text,
    make_run_dir,
    run_until,
    scheduler_for,
    task,
)

from cylc_flow.exceptions import CylcError

FLOW = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 1
    [[graph]]
        R1 = "a => b"
[runtime]
    [[a]]
        [[[simulation]]]
            default run length = PT1H
'''


@pytest.fixture
def run_dir(new_run_dir):
    return new_run_dir(FLOW)


def a_active(scheduler) -> bool:
    itask = task(scheduler, '1/a')
    return itask is not None and itask.state in ('submitted', 'running')


def first_run(run_dir) -> None:
    first = scheduler_for(run_dir)
    assert asyncio.run(run_until(first, a_active)) == 0


def test_corrupt_database_is_a_one_line_error(run_dir):
    first_run(run_dir)
    private = run_dir / '.service' / 'db'
    for path in run_dir.glob('.service/db-*'):
        path.unlink()
    private.write_bytes(b'this is not an sqlite database at all' * 100)
    scheduler = scheduler_for(run_dir)
    with pytest.raises(CylcError) as caught:
        asyncio.run(scheduler.run())
    message = str(caught.value)
    assert '\n' not in message
    assert str(private) in message and 'not an sqlite database' in message
    assert 'Traceback' not in log_text(run_dir)
    assert not (run_dir / '.service' / 'contact').exists()


def test_locked_database_is_a_one_line_error(run_dir):
    first_run(run_dir)
    holder = sqlite3.connect(run_dir / '.service' / 'db', timeout=0.1)
    try:
        holder.execute('BEGIN EXCLUSIVE')
        scheduler = scheduler_for(run_dir)
        with pytest.raises(CylcError) as caught:
            asyncio.run(scheduler.run())
    finally:
        holder.rollback()
        holder.close()
    message = str(caught.value)
    assert '\n' not in message and 'locked' in message
    assert 'Traceback' not in log_text(run_dir)
    assert not (run_dir / '.service' / 'contact').exists()


def test_missing_run_directory_is_a_clear_error(tmp_path, monkeypatch):
    run_dir = make_run_dir(tmp_path, monkeypatch, FLOW)
    missing = run_dir.parent / 'no-such-workflow'
    scheduler = scheduler_for(missing)
    with pytest.raises(CylcError) as caught:
        asyncio.run(scheduler.run())
    assert 'no-such-workflow' in str(caught.value)
    assert '\n' not in str(caught.value)
    assert not missing.exists()  # nothing created for a workflow not there


@pytest.mark.parametrize('task_job, expected', [
    ('garbage', "message from an unknown job 'garbage': ignored"),
    ('1/a', "message from an unknown job '1/a': ignored"),
    ('1/a/xx', "message from an unknown job '1/a/xx': ignored"),
    ('notapoint/a/01', "message from an unknown job 'notapoint/a/01': ignored"),
    ('1/nosuchtask/01', 'message from a job not in the pool 1/nosuchtask/01'),
    ('1/b/01', 'message from a job not in the pool 1/b/01'),
    ('1/a/07', 'ignoring message from an old job (submit 07): failed'),
])
def test_bad_job_messages_are_logged_and_ignored(run_dir, task_job, expected):
    scheduler = scheduler_for(run_dir)
    sent = []

    def condition(s) -> bool:
        if not a_active(s):
            return False
        if not sent:
            s.receive_messages(task_job, '2000-01-01T00:00:00Z',
                               [['CRITICAL', 'failed']])
            sent.append(True)
            return False
        return expected in log_text(run_dir)

    assert asyncio.run(run_until(scheduler, condition, timeout=10)) == 0
    assert task(scheduler, '1/a').state in ('submitted', 'running')
    text = log_text(run_dir)
    assert 'Traceback' not in text and 'error handling an event' not in text
