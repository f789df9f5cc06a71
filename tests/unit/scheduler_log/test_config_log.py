"""Config logs: log/config/NN-<start|restart|reload>-RR.cylc."""

from __future__ import annotations

from pathlib import Path

import pytest

from cylc_flow import __version__
from cylc_flow.exceptions import WorkflowFilesError
from cylc_flow.scheduler_log import write_config_log


def test_a_start_writes_01_start_01_with_the_version_first(run_dir: Path):
    path = write_config_log(run_dir, '[scheduler]\n    allow implicit tasks = True')
    assert path == run_dir / 'log' / 'config' / '01-start-01.cylc'
    assert path.read_text() == (
        f'# cylc-version: {__version__}\n'
        '[scheduler]\n    allow implicit tasks = True\n'
    )


def test_restart_and_reload_follow_the_scheduler_log(run_dir: Path, open_log):
    open_log().close()
    write_config_log(run_dir, 'a')
    open_log(is_restart=True)
    restart = write_config_log(run_dir, 'b', is_restart=True)
    reload = write_config_log(run_dir, 'c', is_reload=True)
    assert restart.name == '02-restart-02.cylc'
    assert reload.name == '03-reload-02.cylc'


def test_a_restart_without_a_scheduler_log_counts_from_the_config_logs(
    run_dir: Path,
):
    write_config_log(run_dir, 'a')
    assert write_config_log(run_dir, 'b', is_restart=True).name == (
        '02-restart-02.cylc'
    )


def test_a_first_reload_is_start_number_one(run_dir: Path):
    assert write_config_log(run_dir, 'a', is_reload=True).name == '01-reload-01.cylc'


def test_an_explicit_start_number_is_used(run_dir: Path):
    path = write_config_log(run_dir, 'a', is_restart=True, start_number=5)
    assert path.name == '01-restart-05.cylc'


def test_an_unwritable_config_log_is_a_workflow_files_error(tmp_path: Path):
    (tmp_path / 'log').write_text('not a directory')
    with pytest.raises(WorkflowFilesError, match='cannot write the config log'):
        write_config_log(tmp_path, 'x')
