"""``cylc install``, ``cylc reinstall`` and ``cylc clean`` end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cylc_flow.cli.commands import BUILTIN_COMMANDS

MODULES = {'install': 'install', 'reinstall': 'reinstall', 'clean': 'clean',
           'cat-log': 'cat_log'}


@pytest.fixture
def cylc(run_cylc, isolated_env, tmp_path):
    """Run ``cylc COMMAND ...`` (in-process main if not yet registered)."""

    def run(command: str, *args: str, cwd: Path | None = None):
        if command in BUILTIN_COMMANDS:
            return run_cylc(command, *args, cwd=cwd)
        code = (
            'import sys\n'
            'from cylc_flow.cli.errors import run_guarded\n'
            f'from cylc_flow.scripts.{MODULES[command]} import main\n'
            'sys.exit(run_guarded(main, sys.argv[1:]))\n'
        )
        return subprocess.run(
            [sys.executable, '-c', code, *args], env=isolated_env,
            cwd=cwd or tmp_path, capture_output=True, text=True, timeout=120,
            stdin=subprocess.DEVNULL,
        )

    return run


@pytest.fixture
def home(isolated_env) -> Path:
    return Path(isolated_env['HOME'])


@pytest.fixture
def source(tmp_path) -> Path:
    directory = tmp_path / 'rabbit'
    (directory / 'bin').mkdir(parents=True)
    (directory / 'flow.cylc').write_text(
        '[scheduling]\n    [[graph]]\n        R1 = foo\n[runtime]\n    [[foo]]\n'
    )
    (directory / 'bin/tool').write_text('#!/bin/sh\n')
    return directory


def test_install_from_cwd_prints_installed_and_links_run_n(cylc, source, home):
    result = cylc('install', cwd=source)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f'INSTALLED rabbit/run1 from {source}']
    run_dir = home / 'cylc-run/rabbit/run1'
    assert (run_dir / 'bin/tool').is_file()
    assert os.readlink(home / 'cylc-run/rabbit/runN') == 'run1'
    again = cylc('install', cwd=source)
    assert again.stdout.splitlines() == [f'INSTALLED rabbit/run2 from {source}']


def test_install_by_source_name_from_cylc_src(cylc, home, tmp_path):
    directory = home / 'cylc-src/dogs/fido'
    directory.mkdir(parents=True)
    (directory / 'flow.cylc').write_text('')
    result = cylc('install', 'dogs/fido')
    assert result.returncode == 0, result.stderr
    assert f'INSTALLED dogs/fido/run1 from {directory}' in result.stdout


@pytest.mark.parametrize(('args', 'error'), [
    (['--run-name=x', '--no-run-name'],
     'InputError: options --no-run-name and --run-name are mutually exclusive.'),
    (['--workflow-name=/abs'],
     'WorkflowFilesError: workflow name cannot be an absolute path: /abs'),
    (['--workflow-name=a/log'],
     "WorkflowFilesError: Workflow/run name cannot contain a directory named"
     " 'log' (that filename is reserved)"),
    (['--run-name=run3'],
     "WorkflowFilesError: Workflow/run name cannot contain a directory named"
     " 'run<number>' (that filename is reserved)"),
    (['--run-name=a/b'],
     'WorkflowFilesError: Run name cannot be a path. (You used a/b)'),
    (['--symlink-dirs=bad=/x'],
     'InputError: bad not a valid entry for --symlink-dirs.'),
])
def test_install_refusals_are_one_line(cylc, source, args, error):
    result = cylc('install', './rabbit', *args, cwd=source.parent)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(error)


def test_install_without_flow_file_is_refused(cylc, tmp_path):
    (tmp_path / 'empty').mkdir()
    result = cylc('install', './empty')
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f'WorkflowFilesError: No flow.cylc or suite.rc in {tmp_path}/empty'
    )


def test_install_with_reserved_dir_in_source_is_refused(cylc, source):
    (source / 'log').mkdir()
    result = cylc('install', cwd=source)
    assert result.stderr.strip() == (
        'WorkflowFilesError: rabbit installation failed - log exists in source'
        ' directory.'
    )


def test_symlink_dirs_option(cylc, source, home, tmp_path):
    result = cylc('install', f'--symlink-dirs=log={tmp_path}/logs', cwd=source)
    assert result.returncode == 0, result.stderr
    link = home / 'cylc-run/rabbit/run1/log'
    assert link.is_symlink()
    assert link.resolve() == tmp_path / 'logs/cylc-run/rabbit/run1/log'


def test_reinstall_updates_and_deletes(cylc, source, home):
    cylc('install', cwd=source)
    (source / 'bin/tool').unlink()
    (source / 'new').write_text('n')
    dry = cylc('reinstall', 'rabbit', '--dry-run')
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == ['del. bin/tool', 'send new']
    run_dir = home / 'cylc-run/rabbit/run1'
    assert (run_dir / 'bin/tool').exists()
    result = cylc('reinstall', 'rabbit')
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        f'REINSTALLED rabbit/run1 from {source}', 'Successfully reinstalled.',
    ]
    assert not (run_dir / 'bin/tool').exists()
    assert (run_dir / 'new').read_text() == 'n'
    up_to_date = cylc('reinstall', 'rabbit/run1', '--dry-run')
    assert up_to_date.stdout.strip() == f'rabbit/run1 up to date with {source}'


def test_reinstall_of_a_workflow_not_installed(cylc, home):
    (home / 'cylc-run/hand/made').mkdir(parents=True)
    (home / 'cylc-run/hand/made/flow.cylc').write_text('')
    result = cylc('reinstall', 'hand/made')
    assert result.returncode == 1
    assert result.stderr.strip() == (
        'WorkflowFilesError: "hand/made" was not installed with cylc install.'
    )


def test_clean_refuses_a_running_workflow(cylc, source, home):
    cylc('install', cwd=source)
    run_dir = home / 'cylc-run/rabbit/run1'
    (run_dir / '.service/contact').write_text(
        f'CYLC_WORKFLOW_HOST=localhost\nCYLC_WORKFLOW_PID={os.getpid()}\n'
    )
    result = cylc('clean', 'rabbit/run1')
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f'ServiceFileError: Cannot clean running workflow rabbit/run1: it is'
        f' running on localhost (PID {os.getpid()}); stop it first with'
        ' "cylc stop rabbit/run1"'
    ]
    assert run_dir.is_dir()


def test_clean_of_several_runs_needs_yes(cylc, source, home):
    cylc('install', cwd=source)
    cylc('install', cwd=source)
    refused = cylc('clean', 'rabbit')
    assert refused.returncode == 1
    assert refused.stdout.splitlines() == [
        'Would clean the following workflows:', '  rabbit/run1', '  rabbit/run2',
    ]
    assert 'Use --yes to remove multiple workflows' in refused.stderr
    result = cylc('clean', 'rabbit', '--yes')
    assert result.returncode == 0, result.stderr
    assert not (home / 'cylc-run/rabbit').exists()


def test_clean_follows_symlink_dirs(cylc, source, home, tmp_path):
    cylc('install', f'--symlink-dirs=run={tmp_path}/r, work={tmp_path}/w',
         cwd=source)
    result = cylc('clean', 'rabbit/run1')
    assert result.returncode == 0, result.stderr
    assert not (home / 'cylc-run/rabbit').exists()
    assert list((tmp_path / 'r/cylc-run').iterdir()) == []
    assert list((tmp_path / 'w/cylc-run').iterdir()) == []
    assert 'INFO - Removing symlink and its target directory' in result.stderr


def test_clean_rm_option(cylc, source, home):
    cylc('install', cwd=source)
    run_dir = home / 'cylc-run/rabbit/run1'
    (run_dir / 'work/1/foo').mkdir(parents=True)
    result = cylc('clean', 'rabbit/run1', '--rm', 'work:bin')
    assert result.returncode == 0, result.stderr
    assert not (run_dir / 'work').exists()
    assert not (run_dir / 'bin').exists()
    assert (run_dir / 'flow.cylc').exists()


def test_clean_of_a_missing_workflow_says_so(cylc):
    result = cylc('clean', 'nothing/here')
    assert result.returncode == 0
    assert 'No directory to clean at' in result.stderr


def test_install_notes_runs_already_active(cylc, source, home):
    cylc('install', cwd=source)
    (home / 'cylc-run/rabbit/run1/.service/contact').write_text(
        f'CYLC_WORKFLOW_HOST=localhost\nCYLC_WORKFLOW_PID={os.getpid()}\n'
    )
    result = cylc('install', '--no-ping', cwd=source)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f'INSTALLED rabbit/run2 from {source}',
        'NOTE: 1 run of "rabbit" is already active:',
        '  rabbit/run1',
        'You can stop it with:',
        '  cylc stop rabbit/run1',
        'See "cylc stop --help" for options.',
    ]


def test_install_suite_rc_warns_about_back_compat(cylc, tmp_path):
    old = tmp_path / 'old'
    old.mkdir()
    (old / 'suite.rc').write_text('')
    result = cylc('install', './old')
    assert result.returncode == 0, result.stderr
    assert 'WARNING - Backward compatibility mode ON' in result.stderr
