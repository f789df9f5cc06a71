"""The native sender: a job's own "started" and "succeeded" over CURVE
from a compiled program, falling back to the Python messenger.

Real jobs (and the program run directly) against a real CURVE server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cylc_flow.jobs import native_sender
from cylc_flow.jobs.job_config import JobConfig

from .conftest import JobSandbox, Scheduler, wait_for

SENDER = native_sender.native_sender()  # etc/dev/services.sh installs cc


def send(sandbox: JobSandbox, *args: str, **env: str
         ) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SENDER.program), str(sandbox.run_dir), *args],
        env={**sandbox.env, 'CYLC_LIBZMQ': SENDER.libzmq, **env},
        capture_output=True, text=True, timeout=30, check=False)


def python_calls(sandbox: JobSandbox, job_log_dir: str) -> Path:
    """Make the job's messenger Python log each start; the log's path."""
    calls = sandbox.home.parent / 'python-calls'
    wrapper = sandbox.home.parent / 'python-wrapper'
    wrapper.write_text('#!/bin/bash\n'
                       f'printf "%s\\n" "$*" >> {str(calls)!r}\n'
                       f'exec {sys.executable!r} "$@"\n')
    wrapper.chmod(0o755)
    path = sandbox.path(job_log_dir)
    text = path.read_text()
    path.write_text(text.replace(f'CYLC_MESSAGE_PYTHON={sys.executable}',
                                 f'CYLC_MESSAGE_PYTHON={wrapper}'))
    return calls


def test_a_job_sends_started_and_succeeded_without_python(
        sandbox: JobSandbox, scheduler: Scheduler) -> None:
    assert SENDER is not None, 'the native sender cannot be built here'
    job_log_dir = sandbox.write(JobConfig('1', 'foo', script='true'),
                                fast_messages=True, native_sender=SENDER)
    text = sandbox.path(job_log_dir).read_text()
    assert f'CYLC_MESSAGE_SENDER={SENDER.program}' in text
    calls = python_calls(sandbox, job_log_dir)
    sandbox.submit(job_log_dir)
    wait_for(lambda: 'succeeded' in scheduler.messages(job_log_dir))
    sandbox.wait_exit(job_log_dir)
    assert scheduler.messages(job_log_dir) == ['started', 'succeeded']
    assert not calls.exists()  # no Python started at all
    [started, succeeded] = scheduler.received
    assert started['event_time'] and succeeded['event_time']
    # (each line is printed once the scheduler has it)
    wait_for(lambda: f"{succeeded['event_time']} INFO - succeeded"
             in sandbox.read(job_log_dir, 'job.out'))
    assert f"{started['event_time']} INFO - started" in sandbox.read(
        job_log_dir, 'job.out')
    status = sandbox.read(job_log_dir, 'job.status')
    assert f"CYLC_JOB_INIT_TIME={started['event_time']}" in status
    assert 'CYLC_JOB_EXIT=SUCCEEDED' in status


def test_other_messages_and_failures_still_use_python(
        sandbox: JobSandbox, scheduler: Scheduler) -> None:
    script = 'cylc message -- "$CYLC_WORKFLOW_ID" "$CYLC_TASK_JOB" "hello"; false'
    job_log_dir = sandbox.write(JobConfig('1', 'foo', script=script),
                                fast_messages=True, native_sender=SENDER)
    sandbox.submit(job_log_dir)
    wait_for(lambda: any(text.startswith('failed/')
                         for text in scheduler.messages(job_log_dir)))
    messages = scheduler.messages(job_log_dir)
    assert messages[0] == 'started'
    assert messages[-1] == 'failed/ERR'


def test_without_a_usable_sender_the_job_falls_back_to_python(
        sandbox: JobSandbox, scheduler: Scheduler) -> None:
    broken = native_sender.NativeSender(Path('/bin/false'), SENDER.libzmq)
    job_log_dir = sandbox.write(JobConfig('1', 'foo', script='true'),
                                fast_messages=True, native_sender=broken)
    calls = python_calls(sandbox, job_log_dir)
    sandbox.submit(job_log_dir)
    wait_for(lambda: 'succeeded' in scheduler.messages(job_log_dir))
    sandbox.wait_exit(job_log_dir)
    assert scheduler.messages(job_log_dir) == ['started', 'succeeded']
    assert calls.exists()  # the Python messenger did it


def test_exit_codes(sandbox: JobSandbox, scheduler: Scheduler) -> None:
    when = '2026-01-01T00:00:00Z'
    assert send(sandbox, '1/foo/01', when, 'INFO', 'started').returncode == 0
    assert scheduler.messages('1/foo/01') == ['started']
    # text that would need JSON escaping: the Python messenger's job
    assert send(sandbox, '1/foo/01', when, 'INFO', 'a "quoted" one'
                ).returncode == 1
    assert send(sandbox, '1/foo/01', when, 'INFO').returncode == 1  # usage
    assert send(sandbox, '1/foo/01', when, 'INFO', 'started',
                CYLC_LIBZMQ='/nonexistent').returncode == 1


def test_no_contact_file_means_not_running(sandbox: JobSandbox) -> None:
    result = send(sandbox, '1/foo/01', '2026-01-01T00:00:00Z', 'INFO', 'started')
    assert result.returncode == 0  # the message waits in job.status


def test_no_answer_after_every_try(sandbox: JobSandbox,
                                   scheduler: Scheduler) -> None:
    scheduler.background.stop()  # the contact file stays, nobody answers
    result = send(sandbox, '1/foo/01', '2026-01-01T00:00:00Z', 'INFO', 'started',
                  CYLC_TASK_MSG_MAX_TRIES='2', CYLC_TASK_MSG_TIMEOUT='0.2',
                  CYLC_TASK_MSG_RETRY_INTVL='0')
    assert result.returncode == 2
    assert result.stderr.strip() == (
        'cylc message: no answer from the workflow after 2 tries of 0.2s'
        ' (the messages are in job.status)')


def test_a_message_only_key_is_used_when_present(
        sandbox: JobSandbox, scheduler: Scheduler) -> None:
    service = sandbox.run_dir / '.service'
    assert (service / 'message.key_secret').exists()
    os.rename(service / 'client.key_secret', service / 'client.key_secret.away')
    try:
        result = send(sandbox, '1/foo/01', '2026-01-01T00:00:00Z', 'INFO',
                      'succeeded')
    finally:
        os.rename(service / 'client.key_secret.away',
                  service / 'client.key_secret')
    assert result.returncode == 0
    assert scheduler.messages('1/foo/01') == ['succeeded']


def test_build_is_cached_per_source(tmp_path: Path) -> None:
    first = native_sender.build(tmp_path)
    assert first is not None and os.access(first, os.X_OK)
    modified = first.stat().st_mtime_ns
    assert native_sender.build(tmp_path) == first
    assert first.stat().st_mtime_ns == modified  # not rebuilt


def test_switched_off_by_the_environment(monkeypatch) -> None:
    monkeypatch.setenv(native_sender.ENV_SWITCH, 'false')
    assert native_sender.native_sender() is None


def test_without_a_build_jobs_still_get_the_libzmq_found(
        sandbox: JobSandbox, monkeypatch) -> None:
    monkeypatch.delenv(native_sender.ENV_SWITCH, raising=False)
    monkeypatch.setattr(native_sender, 'build', lambda directory=None: None)
    found = native_sender.native_sender()
    assert found is not None and found.program is None
    assert found.libzmq == native_sender.find_libzmq() and os.sep in found.libzmq
    job_log_dir = sandbox.write(JobConfig('1', 'foo', script='true'),
                                fast_messages=True, native_sender=found)
    text = sandbox.path(job_log_dir).read_text()
    assert 'CYLC_MESSAGE_SENDER' not in text
    assert f'export CYLC_LIBZMQ={found.libzmq}' in text
