"""The contact file: round trip, parsing and stale detection."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cylc_flow import API, __version__
from cylc_flow.network import contact
from cylc_flow.network.errors import ContactFileMissing, ServiceFileError


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen]:
    """A live child process (killed at the end)."""
    process = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def fields_for(pid: int, command: list[str], host: str = 'localhost') -> dict[str, str]:
    return contact.scheduler_contact_fields(
        'flow/run1', '/somewhere/flow/run1', port=43001, publish_port=43002,
        uuid='abc', host=host, pid=pid, command=command,
    )


def test_contact_file_round_trip(tmp_path: Path) -> None:
    fields = fields_for(1234, ['cylc', 'play', 'flow/run1'])
    contact.write_contact(tmp_path, fields)
    assert contact.load_contact(tmp_path) == fields
    path = Path(contact.contact_file_path(tmp_path))
    assert path == tmp_path / '.service' / 'contact'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = path.read_text().splitlines()
    assert lines == sorted(lines)


def test_scheduler_fields_are_the_cylc_8_set(tmp_path: Path) -> None:
    fields = fields_for(1234, ['cylc', 'play', 'flow/run1'])
    assert set(fields) == set(contact.FIELDS) == {
        'CYLC_API', 'CYLC_VERSION', 'CYLC_WORKFLOW_COMMAND', 'CYLC_WORKFLOW_HOST',
        'CYLC_WORKFLOW_ID', 'CYLC_WORKFLOW_OWNER', 'CYLC_WORKFLOW_PID',
        'CYLC_WORKFLOW_PORT', 'CYLC_WORKFLOW_PUBLISH_PORT',
        'CYLC_WORKFLOW_RUN_DIR_ON_WORKFLOW_HOST', 'CYLC_WORKFLOW_UUID',
        'SCHEDULER_CYLC_PATH', 'SCHEDULER_SSH_COMMAND', 'SCHEDULER_USE_LOGIN_SHELL',
    }
    assert fields['CYLC_API'] == str(API)
    assert fields['CYLC_VERSION'] == __version__
    assert fields['CYLC_WORKFLOW_COMMAND'] == 'cylc play flow/run1'
    assert fields['CYLC_WORKFLOW_PORT'] == '43001'
    assert fields['CYLC_WORKFLOW_PUBLISH_PORT'] == '43002'


def test_missing_contact_file_raises_contact_file_missing(tmp_path: Path) -> None:
    with pytest.raises(ContactFileMissing):
        contact.load_contact(tmp_path)


def test_remove_contact_reports_whether_there_was_one(tmp_path: Path) -> None:
    contact.write_contact(tmp_path, {'A': '1'})
    assert contact.remove_contact(tmp_path) is True
    assert contact.remove_contact(tmp_path) is False


def test_malformed_contact_line_names_file_and_line(tmp_path: Path) -> None:
    path = Path(contact.contact_file_path(tmp_path))
    path.parent.mkdir()
    path.write_text('CYLC_API=5\nnonsense\n')
    with pytest.raises(ServiceFileError, match=r'contact:2: not a KEY=value line'):
        contact.load_contact(tmp_path)


def test_cylc_7_suite_names_read_as_workflow_names() -> None:
    data = contact.parse_contact('CYLC_SUITE_HOST=h\nCYLC_SUITE_PORT=1\n')
    assert data == {'CYLC_WORKFLOW_HOST': 'h', 'CYLC_WORKFLOW_PORT': '1'}


@pytest.mark.parametrize('fields', [
    {'A': 'two\nlines'}, {'A=B': 'x'}, {'': 'x'},
])
def test_write_contact_refuses_fields_that_would_corrupt_it(
    tmp_path: Path, fields: dict[str, str]
) -> None:
    with pytest.raises(ServiceFileError):
        contact.write_contact(tmp_path, fields)


@given(st.text())
def test_parse_contact_raises_only_service_file_error(text: str) -> None:
    try:
        data = contact.parse_contact(text)
    except ServiceFileError:
        return
    assert all(isinstance(value, str) for value in data.values())


def test_contact_address_requires_host_and_numeric_port() -> None:
    assert contact.contact_address(
        {'CYLC_WORKFLOW_HOST': 'h', 'CYLC_WORKFLOW_PORT': '43001'}) == ('h', 43001)
    with pytest.raises(ServiceFileError, match='CYLC_WORKFLOW_PORT'):
        contact.contact_address({'CYLC_WORKFLOW_HOST': 'h', 'CYLC_WORKFLOW_PORT': 'x'})
    with pytest.raises(ServiceFileError, match='CYLC_WORKFLOW_HOST'):
        contact.contact_address({'CYLC_WORKFLOW_PORT': '1'})


def test_live_process_with_matching_command_is_not_stale(
    tmp_path: Path, sleeper: subprocess.Popen
) -> None:
    command = psutil.Process(sleeper.pid).cmdline()
    contact.write_contact(tmp_path, fields_for(sleeper.pid, command))
    assert contact.detect_stale(tmp_path) is False


def test_killed_process_makes_the_contact_file_stale(
    tmp_path: Path, sleeper: subprocess.Popen
) -> None:
    command = psutil.Process(sleeper.pid).cmdline()
    contact.write_contact(tmp_path, fields_for(sleeper.pid, command))
    sleeper.kill()
    sleeper.wait()
    assert contact.detect_stale(tmp_path) is True


def test_reused_pid_with_another_command_is_stale(
    tmp_path: Path, sleeper: subprocess.Popen
) -> None:
    contact.write_contact(tmp_path, fields_for(sleeper.pid, ['cylc', 'play', 'x']))
    assert contact.detect_stale(tmp_path) is True


def test_scheduler_on_another_host_is_not_judged_from_here(
    tmp_path: Path, sleeper: subprocess.Popen
) -> None:
    sleeper.kill()
    sleeper.wait()
    contact.write_contact(
        tmp_path, fields_for(sleeper.pid, ['x'], host='elsewhere.invalid'))
    assert contact.detect_stale(tmp_path) is False


def test_no_contact_file_is_not_stale(tmp_path: Path) -> None:
    assert contact.detect_stale(tmp_path) is False


def test_clear_stale_contact_removes_a_dead_schedulers_file(
    tmp_path: Path, sleeper: subprocess.Popen
) -> None:
    contact.write_contact(tmp_path, fields_for(sleeper.pid, ['gone']))
    assert contact.clear_stale_contact(tmp_path, 'flow/run1') is True
    assert not os.path.exists(contact.contact_file_path(tmp_path))


def test_clear_stale_contact_refuses_while_the_workflow_runs(
    tmp_path: Path, sleeper: subprocess.Popen
) -> None:
    command = psutil.Process(sleeper.pid).cmdline()
    contact.write_contact(tmp_path, fields_for(sleeper.pid, command))
    with pytest.raises(
        ServiceFileError, match=r'workflow flow/run1 is already running on localhost'
    ):
        contact.clear_stale_contact(tmp_path, 'flow/run1')
    assert os.path.exists(contact.contact_file_path(tmp_path))


def test_local_host_names_are_recognised() -> None:
    import socket

    assert contact.is_local_host('localhost')
    assert contact.is_local_host(socket.gethostname())
    assert not contact.is_local_host('elsewhere.invalid')
