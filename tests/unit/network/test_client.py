"""The client's view of workflows that are not (or no longer) running."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from cylc_flow.network.client import WorkflowClient, workflow_run_dir
from cylc_flow.network.contact import (
    contact_file_path,
    scheduler_contact_fields,
    write_contact,
)
from cylc_flow.network.errors import (
    ClientTimeout,
    ContactFileStale,
    ServiceFileError,
    WorkflowStopped,
)
from cylc_flow.network.keys import ensure_keys

from .conftest import free_port


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, '-c', 'pass'])
    process.wait()
    return process.pid


def write_fake_contact(run_dir: Path, *, pid: int, port: int,
                       command: list[str] | None = None) -> None:
    write_contact(run_dir, scheduler_contact_fields(
        'w/run1', run_dir, port=port, publish_port=port, uuid='u',
        host='localhost', pid=pid, command=command,
    ))


def test_no_contact_file_means_the_workflow_is_stopped(tmp_path: Path) -> None:
    with pytest.raises(WorkflowStopped, match=r'^workflow w/run1 is not running$'):
        WorkflowClient('w/run1', run_dir=tmp_path)


def test_stale_contact_file_is_removed_with_a_clear_error(tmp_path: Path) -> None:
    ensure_keys(tmp_path)
    write_fake_contact(tmp_path, pid=dead_pid(), port=free_port())
    with pytest.raises(ContactFileStale, match=(
        r'^workflow w/run1 is not running \(removed a stale contact file\)$'
    )):
        WorkflowClient('w/run1', run_dir=tmp_path)
    assert not os.path.exists(contact_file_path(tmp_path))


def test_timeout_names_the_workflow_and_address(tmp_path: Path) -> None:
    ensure_keys(tmp_path)
    port = free_port()
    write_fake_contact(tmp_path, pid=os.getpid(), port=port)
    with WorkflowClient('w/run1', run_dir=tmp_path, timeout=0.2) as client:
        with pytest.raises(ClientTimeout, match=(
            rf'timed out after 0.2s waiting for workflow w/run1 at localhost:{port}'
        )):
            client.request('ping')
        # the client can try again after a timeout
        with pytest.raises(ClientTimeout):
            client.request('ping', timeout=0.1)


def test_timeout_with_a_reused_pid_removes_the_stale_file(tmp_path: Path) -> None:
    ensure_keys(tmp_path)
    write_fake_contact(tmp_path, pid=os.getpid(), port=free_port(),
                       command=['cylc', 'play', 'something-else'])
    with WorkflowClient('w/run1', run_dir=tmp_path, timeout=0.2) as client, \
            pytest.raises(ContactFileStale):
        client.request('ping')
    assert not os.path.exists(contact_file_path(tmp_path))


def test_message_scope_never_removes_the_contact_file(tmp_path: Path) -> None:
    ensure_keys(tmp_path)
    write_fake_contact(tmp_path, pid=os.getpid(), port=free_port(),
                       command=['not', 'this'])
    with WorkflowClient('w/run1', run_dir=tmp_path, timeout=0.2,
                        scope='message') as client, pytest.raises(ClientTimeout):
        client.request('put_messages')
    assert os.path.exists(contact_file_path(tmp_path))


def test_live_contact_of_this_process_is_kept(tmp_path: Path) -> None:
    ensure_keys(tmp_path)
    write_fake_contact(tmp_path, pid=os.getpid(), port=free_port(),
                       command=psutil.Process().cmdline())
    with WorkflowClient('w/run1', run_dir=tmp_path, timeout=0.2) as client, \
            pytest.raises(ClientTimeout):
        client.request('ping')
    assert os.path.exists(contact_file_path(tmp_path))


def test_missing_keys_are_a_clear_error(tmp_path: Path) -> None:
    write_fake_contact(tmp_path, pid=os.getpid(), port=free_port())
    with pytest.raises(ServiceFileError, match='key file not found'):
        WorkflowClient('w/run1', run_dir=tmp_path)


def test_run_dir_comes_from_home_or_the_job_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv('HOME', str(tmp_path))
    monkeypatch.delenv('CYLC_WORKFLOW_RUN_DIR', raising=False)
    expected = str(tmp_path / 'cylc-run' / 'a' / 'run1')
    assert workflow_run_dir('a/run1') == expected
    assert workflow_run_dir('~me/a/run1//1/foo') == expected
    monkeypatch.setenv('CYLC_WORKFLOW_RUN_DIR', '/job/view')
    monkeypatch.setenv('CYLC_WORKFLOW_ID', 'a/run1')
    assert workflow_run_dir('a/run1') == '/job/view'
    assert workflow_run_dir('b/run1') == str(tmp_path / 'cylc-run' / 'b' / 'run1')


def test_subscriber_removes_a_stale_contact_file_like_the_client(
        tmp_path: Path) -> None:
    from cylc_flow.network.subscriber import WorkflowSubscriber

    ensure_keys(tmp_path)
    write_fake_contact(tmp_path, pid=dead_pid(), port=free_port())
    with pytest.raises(ContactFileStale):
        WorkflowSubscriber('w/run1', run_dir=tmp_path)
    assert not os.path.exists(contact_file_path(tmp_path))


def test_subscriber_timeout_is_explained_like_the_client_one(
        tmp_path: Path) -> None:
    import asyncio

    from cylc_flow.network.subscriber import WorkflowSubscriber

    ensure_keys(tmp_path)
    port = free_port()
    write_fake_contact(tmp_path, pid=os.getpid(), port=port,
                       command=psutil.Process().cmdline())
    subscriber = WorkflowSubscriber('w/run1', run_dir=tmp_path, timeout=0.2)
    try:
        with pytest.raises(ClientTimeout, match=(
                rf'waiting for workflow w/run1 at localhost:{port}'
                r' \(try a longer --comms-timeout')):
            asyncio.run(subscriber.request('ping'))
    finally:
        subscriber.close()
