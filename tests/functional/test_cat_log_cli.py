"""``cylc cat-log`` end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cylc_flow.cli.commands import BUILTIN_COMMANDS


@pytest.fixture
def cat_log(run_cylc, isolated_env, tmp_path):
    def run(*args: str):
        if 'cat-log' in BUILTIN_COMMANDS:
            return run_cylc('cat-log', *args)
        code = (
            'import sys\n'
            'from cylc_flow.cli.errors import run_guarded\n'
            'from cylc_flow.scripts.cat_log import main\n'
            'sys.exit(run_guarded(main, sys.argv[1:]))\n'
        )
        return subprocess.run(
            [sys.executable, '-c', code, *args], env=isolated_env, cwd=tmp_path,
            capture_output=True, text=True, timeout=60,
        )

    return run


@pytest.fixture
def run_dir(isolated_env) -> Path:
    """An installed-looking run with scheduler and job logs."""
    workflow = Path(isolated_env['HOME'], 'cylc-run/flow')
    run = workflow / 'run1'
    (run / 'log/scheduler').mkdir(parents=True)
    (run / 'log/scheduler/01-start-01.log').write_text('first start\n')
    (run / 'log/scheduler/02-restart-02.log').write_text('restart\n')
    (run / 'log/scheduler/log').symlink_to('02-restart-02.log')
    (run / 'log/install').mkdir()
    (run / 'log/install/01-install.log').write_text('installed\n')
    for number, text in (('01', 'try one'), ('02', 'try two')):
        job = run / 'log/job/20200101T0000Z/model' / number
        job.mkdir(parents=True)
        (job / 'job.out').write_text(f'{text} out\n')
        (job / 'job.err').write_text(f'{text} err\n')
        (job / 'job.status').write_text('CYLC_JOB_EXIT=SUCCEEDED\n')
    os.symlink('02', run / 'log/job/20200101T0000Z/model/NN')
    os.symlink('run1', workflow / 'runN')
    (run / 'flow.cylc').write_text('')
    return run


def test_scheduler_log_is_the_default_and_run_n_is_inferred(cat_log, run_dir):
    result = cat_log('flow')
    assert result.returncode == 0, result.stderr
    assert result.stdout == 'restart\n'


def test_rotation_picks_older_scheduler_logs(cat_log, run_dir):
    assert cat_log('flow', '-r', '1').stdout == 'first start\n'
    result = cat_log('flow', '-r', '5')
    assert result.returncode == 1
    assert result.stderr.strip() == 'InputError: max rotation 1'


def test_install_log_and_listing(cat_log, run_dir):
    assert cat_log('flow', '-f', 'i').stdout == 'installed\n'
    listing = cat_log('flow', '-m', 'l')
    assert listing.stdout.splitlines() == [
        'install/01-install.log', 'scheduler/01-start-01.log',
        'scheduler/02-restart-02.log',
    ]


def test_job_logs_latest_and_by_submit_number(cat_log, run_dir):
    assert cat_log('flow//20200101T0000Z/model').stdout == 'try two out\n'
    assert cat_log('flow//20200101T0000Z/model/01', '-f', 'e').stdout == (
        'try one err\n'
    )
    assert cat_log('flow//20200101T0000Z/model', '-s', '1').stdout == (
        'try one out\n'
    )
    assert cat_log('flow//20200101T0000Z/model', '-f', 's').stdout == (
        'CYLC_JOB_EXIT=SUCCEEDED\n'
    )


def test_print_modes(cat_log, run_dir):
    job_dir = run_dir / 'log/job/20200101T0000Z/model'
    assert cat_log('flow//20200101T0000Z/model', '-m', 'p').stdout.strip() == (
        str(job_dir / 'NN/job.out')
    )
    assert cat_log('flow//20200101T0000Z/model/02', '-m', 'd').stdout.strip() == (
        str(job_dir / '02')
    )
    assert cat_log('flow//20200101T0000Z/model', '-m', 'l').stdout.splitlines() == [
        'job.err', 'job.out', 'job.status',
    ]


def test_tail_mode_prints_the_file(cat_log, run_dir, isolated_env):
    Path(isolated_env['CYLC_CONF_PATH'], 'global.cylc').write_text(
        '[platforms]\n    [[localhost]]\n'
        '        tail command template = tail -n +1 %(filename)s\n'
    )
    result = cat_log('flow//20200101T0000Z/model', '-m', 't')
    assert result.returncode == 0, result.stderr
    assert result.stdout == 'try two out\n'


def test_prepend_path(cat_log, run_dir):
    result = cat_log('flow//20200101T0000Z/model', '--prepend-path')
    first, second = result.stdout.splitlines()
    assert first.startswith('# ') and first.endswith(
        f'{run_dir}/log/job/20200101T0000Z/model/NN/job.out'
    )
    assert second == 'try two out'


def test_missing_job_log_is_one_line_and_exit_1(cat_log, run_dir):
    result = cat_log('flow//20200101T0000Z/model', '-f', 'x')
    assert result.returncode == 1
    assert result.stderr.strip() == (
        'file not found: '
        f'{run_dir}/log/job/20200101T0000Z/model/NN/job.xtrace'
    )


def test_cycle_without_task_is_refused(cat_log, run_dir):
    result = cat_log('flow//20200101T0000Z')
    assert result.returncode == 1
    assert result.stderr.strip() == 'Please provide a workflow, task or job ID'


def test_unknown_workflow(cat_log, isolated_env):
    result = cat_log('nope')
    assert result.returncode == 1
    assert result.stderr.startswith('InputError: Workflow ID not found: nope')


def test_paths_outside_the_log_directory_are_refused(cat_log, run_dir):
    result = cat_log('flow//20200101T0000Z/model', '-f', '../../../../flow.cylc')
    assert result.returncode == 1
    assert 'File paths must be relative to the job log directory' in result.stderr


def test_job_logs_are_not_rotated(cat_log, run_dir):
    result = cat_log('flow//20200101T0000Z/model', '-r', '1')
    assert result.stderr.strip() == (
        'InputError: only workflow (not job) logs get rotated'
    )
