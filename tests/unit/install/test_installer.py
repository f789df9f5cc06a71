"""install_workflow and reinstall_workflow."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from cylc_flow.exceptions import WorkflowFilesError
from cylc_flow.install.installer import (
    SUITE_RC_WARNING,
    install_workflow,
    reinstall_workflow,
)
from cylc_flow.install.symlink_dirs import parse_cli_symlink_dirs


def test_numbered_installs_and_run_n(run_root, make_source):
    source = make_source('fido')
    first = install_workflow(source)
    second = install_workflow(source)
    assert (first.workflow_id, second.workflow_id) == ('fido/run1', 'fido/run2')
    assert os.readlink(run_root / 'fido/runN') == 'run2'
    assert (run_root / 'fido/run2/flow.cylc').is_file()
    assert (run_root / 'fido/run2/.service').is_dir()
    assert os.readlink(run_root / 'fido/_cylc-install/source') == str(source)


def test_named_and_unnamed_installs(run_root, make_source):
    source = make_source('cats')
    named = install_workflow(source, run_name='paws')
    assert named.run_dir == run_root / 'cats/paws'
    assert not (run_root / 'cats/runN').exists()
    bare = install_workflow(source, workflow_name='solo', no_run_name=True)
    assert bare.workflow_id == 'solo'
    assert (run_root / 'solo/_cylc-install/source').is_symlink()


def test_workflow_name_option_overrides_the_source_name(run_root, make_source):
    result = install_workflow(make_source('rabbit'), workflow_name='a/b')
    assert result.workflow_id == 'a/b/run1'


def test_excluded_and_ignored_files_are_not_copied(run_root, make_source):
    source = make_source('fido', {
        'flow.cylc': '', 'bin/x': 'x', '.git/HEAD': 'h', '.svn/e': 'e',
        'data1/a': 'a', 'extra/b': 'b', 'file2': '2', 'sub/.git/keep': 'k',
        '.cylcignore': 'data*\nextra\nfile2\n',
    })
    result = install_workflow(source, no_run_name=True)
    installed = sorted(
        str(path.relative_to(result.run_dir))
        for path in result.run_dir.rglob('*')
        if not str(path.relative_to(result.run_dir)).startswith('log')
    )
    assert installed == [
        '.service', '_cylc-install', '_cylc-install/source', 'bin', 'bin/x',
        'flow.cylc', 'sub', 'sub/.git', 'sub/.git/keep',
    ]


def test_install_log_records_the_install(run_root, make_source):
    result = install_workflow(make_source('fido'))
    logs = sorted((result.run_dir / 'log/install').iterdir())
    assert [log.name for log in logs] == ['01-install.log']
    text = logs[0].read_text()
    assert 'send flow.cylc' in text
    assert f'INFO - INSTALLED fido/run1 from {result.source}' in text


def test_existing_run_is_refused(run_root, make_source):
    source = make_source('fido')
    install_workflow(source, run_name='olaf')
    with pytest.raises(WorkflowFilesError, match=r"already exists\. To reinstall, use"):
        install_workflow(source, run_name='olaf')


def test_install_from_a_different_source_is_refused(run_root, make_source, tmp_path):
    install_workflow(make_source('fido'))
    other = make_source('fido', parent=tmp_path / 'elsewhere')
    with pytest.raises(WorkflowFilesError, match='previous installations were from'):
        install_workflow(other)
    assert not (run_root / 'fido/run2').exists()


def test_broken_source_link_is_refused(run_root, make_source, tmp_path):
    source = make_source('fido')
    install_workflow(source)
    moved = tmp_path / 'moved'
    shutil.move(source, moved)
    with pytest.raises(WorkflowFilesError, match='Symlink broken'):
        install_workflow(moved, workflow_name='fido')


def test_suite_rc_installs_with_a_warning(run_root, make_source):
    result = install_workflow(make_source('old', {'suite.rc': ''}))
    assert SUITE_RC_WARNING in result.warnings
    assert (result.run_dir / 'suite.rc').is_file()


def test_max_depth_is_enforced(global_config, make_source):
    global_config('[install]\n    max depth = 2\n')
    with pytest.raises(WorkflowFilesError, match="'a/b/run1' would exceed"):
        install_workflow(make_source('x'), workflow_name='a/b')


def test_symlink_dirs_are_made_before_files_are_copied(run_root, make_source, tmp_path):
    config = parse_cli_symlink_dirs(f'run={tmp_path}/r, log={tmp_path}/l')
    result = install_workflow(make_source('fido'), cli_symlink_dirs=config)
    assert result.run_dir.is_symlink()
    assert (tmp_path / 'r/cylc-run/fido/run1/flow.cylc').is_file()
    assert (tmp_path / 'l/cylc-run/fido/run1/log/install/01-install.log').is_file()


def test_global_symlink_dirs_apply_unless_disabled(
    global_config, make_source, tmp_path
):
    global_config(
        '[install]\n    [[symlink dirs]]\n        [[[localhost]]]\n'
        f'            work = {tmp_path}/w\n'
    )
    linked = install_workflow(make_source('a'))
    assert (linked.run_dir / 'work').is_symlink()
    disabled = parse_cli_symlink_dirs('')
    plain = install_workflow(make_source('b'), cli_symlink_dirs=disabled)
    assert not (plain.run_dir / 'work').exists()


@pytest.mark.skipif(shutil.which('git') is None, reason='git is not installed')
def test_git_source_records_version_control_info(run_root, make_source):
    source = make_source('repo')
    env = {**os.environ, 'GIT_AUTHOR_NAME': 't', 'GIT_AUTHOR_EMAIL': 't@t',
           'GIT_COMMITTER_NAME': 't', 'GIT_COMMITTER_EMAIL': 't@t'}
    for command in (['git', 'init', '-q'], ['git', 'add', '.'],
                    ['git', 'commit', '-q', '-m', 'x']):
        subprocess.run(command, cwd=source, env=env, check=True)
    (source / 'flow.cylc').write_text('# changed\n')
    result = install_workflow(source)
    info = json.loads((result.run_dir / 'log/version/vcs.json').read_text())
    assert info['version control system'] == 'git'
    assert info['repository version'].endswith('-dirty')
    assert info['status'] == [' M flow.cylc']
    diff = (result.run_dir / 'log/version/uncommitted.diff').read_text()
    assert '+# changed' in diff


def test_reinstall_adds_updates_and_removes_files(run_root, make_source):
    source = make_source('fido', {'flow.cylc': 'v1', 'old': 'o'})
    result = install_workflow(source)
    (source / 'flow.cylc').write_text('v2')
    (source / 'old').unlink()
    (source / 'new').write_text('n')
    (result.run_dir / 'share/data').parent.mkdir()
    (result.run_dir / 'share/data').write_text('kept')
    (result.run_dir / 'work').mkdir()
    changes = reinstall_workflow(source, 'fido/run1', result.run_dir)
    assert [str(change) for change in changes] == [
        'del. old', 'send flow.cylc', 'send new',
    ]
    assert (result.run_dir / 'flow.cylc').read_text() == 'v2'
    assert not (result.run_dir / 'old').exists()
    assert (result.run_dir / 'share/data').read_text() == 'kept'
    assert (result.run_dir / 'work').is_dir()
    assert (result.run_dir / '.service').is_dir()
    logs = sorted(path.name for path in (result.run_dir / 'log/install').iterdir())
    assert logs == ['01-install.log', '02-reinstall.log']


def test_reinstall_keeps_cylcignored_files_in_the_run(run_root, make_source):
    source = make_source('fido', {'flow.cylc': '', '.cylcignore': '*.csv\n'})
    result = install_workflow(source)
    (result.run_dir / 'results.csv').write_text('r')
    assert reinstall_workflow(source, 'fido/run1', result.run_dir) == []
    assert (result.run_dir / 'results.csv').exists()


def test_reinstall_dry_run_changes_nothing(run_root, make_source):
    source = make_source('fido', {'flow.cylc': 'v1'})
    result = install_workflow(source)
    (source / 'flow.cylc').write_text('v2')
    changes = reinstall_workflow(source, 'fido/run1', result.run_dir, dry_run=True)
    assert [str(change) for change in changes] == ['send flow.cylc']
    assert (result.run_dir / 'flow.cylc').read_text() == 'v1'
    assert len(list((result.run_dir / 'log/install').iterdir())) == 1
