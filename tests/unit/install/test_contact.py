"""Reading contact files and deciding whether a scheduler is alive."""

from __future__ import annotations

import os

from cylc_flow.install.contact import (
    read_contact_file,
    remove_stale_contact_file,
    running_scheduler,
)


def write(run_dir, text):
    (run_dir / '.service').mkdir(parents=True, exist_ok=True)
    (run_dir / '.service/contact').write_text(text)


def test_fields_are_read_and_old_suite_names_upgraded(tmp_path):
    write(tmp_path, 'CYLC_SUITE_HOST=h\nCYLC_WORKFLOW_PID=12\nJUNK\nA=b=c\n')
    contact = read_contact_file(tmp_path)
    assert contact.fields == {'CYLC_WORKFLOW_HOST': 'h', 'CYLC_WORKFLOW_PID': '12',
                              'A': 'b=c'}
    assert contact.pid == 12


def test_no_contact_file_means_not_running(tmp_path):
    assert read_contact_file(tmp_path) is None
    assert running_scheduler(tmp_path) is None


def test_live_local_pid_is_running(tmp_path):
    write(tmp_path, f'CYLC_WORKFLOW_HOST=localhost\nCYLC_WORKFLOW_PID={os.getpid()}\n')
    assert running_scheduler(tmp_path) is not None
    assert not remove_stale_contact_file(tmp_path)


def test_contact_without_pid_is_stale(tmp_path):
    write(tmp_path, 'CYLC_WORKFLOW_HOST=localhost\n')
    assert running_scheduler(tmp_path) is None
    assert remove_stale_contact_file(tmp_path)
    assert not (tmp_path / '.service/contact').exists()


def test_reused_pid_running_another_command_is_stale(tmp_path):
    write(tmp_path, f'CYLC_WORKFLOW_HOST=localhost\nCYLC_WORKFLOW_PID={os.getpid()}\n'
                    'CYLC_WORKFLOW_COMMAND=cylc play something-else\n')
    assert running_scheduler(tmp_path) is None


def test_scheduler_on_another_host_counts_as_running(tmp_path):
    write(tmp_path, 'CYLC_WORKFLOW_HOST=elsewhere.invalid\nCYLC_WORKFLOW_PID=1\n')
    assert running_scheduler(tmp_path) is not None
