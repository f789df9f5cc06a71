"""Cleaning runs: refusing running ones, following symlinked directories."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cylc_flow.exceptions import InputError
from cylc_flow.install.cleaner import (
    ServiceFileError,
    check_not_running,
    clean_run,
    glob_in_run_dir,
    parse_rm_dirs,
)
from cylc_flow.install.installer import install_workflow
from cylc_flow.install.symlink_dirs import parse_cli_symlink_dirs


def write_contact(run_dir, pid, host='localhost'):
    service = run_dir / '.service'
    service.mkdir(exist_ok=True)
    (service / 'contact').write_text(
        f'CYLC_WORKFLOW_HOST={host}\nCYLC_WORKFLOW_PID={pid}\n'
        'CYLC_WORKFLOW_PORT=43001\n'
    )


def dead_pid():
    process = subprocess.Popen([sys.executable, '-c', ''])
    process.wait()
    return process.pid


def test_running_workflow_is_refused(run_root, make_source):
    result = install_workflow(make_source('fido'))
    write_contact(result.run_dir, os.getpid())
    with pytest.raises(ServiceFileError) as info:
        check_not_running('fido/run1', result.run_dir, print)
    assert 'Cannot clean running workflow fido/run1' in str(info.value)
    assert '\n' not in str(info.value)
    assert (result.run_dir / '.service/contact').exists()


def test_stale_contact_file_is_removed(run_root, make_source):
    result = install_workflow(make_source('fido'))
    write_contact(result.run_dir, dead_pid())
    messages = []
    check_not_running('fido/run1', result.run_dir, messages.append)
    assert not (result.run_dir / '.service/contact').exists()
    assert messages == [
        'Removed contact file for fido/run1 (workflow no longer running).'
    ]


def test_clean_removes_run_and_tidies_up(run_root, make_source):
    source = make_source('fido')
    install_workflow(source)
    second = install_workflow(source)
    clean_run('fido/run2', second.run_dir)
    assert not second.run_dir.exists()
    assert not (run_root / 'fido/runN').is_symlink()  # pointed at run2
    assert (run_root / 'fido/run1').is_dir()
    assert (run_root / 'fido/_cylc-install').is_dir()
    clean_run('fido/run1', run_root / 'fido/run1')
    assert not (run_root / 'fido').exists()
    assert run_root.is_dir()


def test_clean_removes_symlink_targets_and_their_empty_parents(
    run_root, make_source, tmp_path
):
    config = parse_cli_symlink_dirs(
        f'run={tmp_path}/r, log={tmp_path}/l, share={tmp_path}/s,'
        f' share/cycle={tmp_path}/c, work={tmp_path}/w'
    )
    result = install_workflow(make_source('fido'), workflow_name='a/fido',
                              cli_symlink_dirs=config)
    (result.run_dir / 'work/1/t').mkdir(parents=True)
    (result.run_dir / 'share/cycle/1').mkdir(parents=True)
    messages = []
    clean_run('a/fido/run1', result.run_dir, report=messages.append)
    for base in 'rlscw':
        assert list((tmp_path / base / 'cylc-run').iterdir()) == [], base
    assert not (run_root / 'a').exists()
    assert any(message.startswith('Removing symlink and its target directory: ')
               for message in messages)


def test_targeted_clean_removes_only_matching_paths(run_root, make_source, tmp_path):
    config = parse_cli_symlink_dirs(f'work={tmp_path}/w')
    result = install_workflow(make_source('fido', {'flow.cylc': '', 'a.csv': '',
                                                   'sub/b.csv': '', 'keep': ''}),
                              cli_symlink_dirs=config)
    (result.run_dir / 'work/1').mkdir(parents=True)
    clean_run('fido/run1', result.run_dir, parse_rm_dirs(['work:**/*.csv']))
    assert not (result.run_dir / 'work').exists()
    assert not (tmp_path / 'w/cylc-run/fido/run1/work').exists()
    assert not (result.run_dir / 'a.csv').exists()
    assert not (result.run_dir / 'sub/b.csv').exists()
    assert (result.run_dir / 'keep').exists()
    assert (result.run_dir / 'flow.cylc').exists()


def test_targeted_clean_of_a_parent_also_removes_nested_link_targets(
    run_root, make_source, tmp_path
):
    config = parse_cli_symlink_dirs(f'share/cycle={tmp_path}/c')
    result = install_workflow(make_source('fido'), cli_symlink_dirs=config)
    clean_run('fido/run1', result.run_dir, parse_rm_dirs(['share']))
    assert not (result.run_dir / 'share').exists()
    assert not (tmp_path / 'c/cylc-run/fido/run1/share/cycle').exists()


def test_glob_does_not_follow_other_symlinks(tmp_path):
    run_dir = tmp_path / 'run'
    (run_dir / 'real').mkdir(parents=True)
    (run_dir / 'real/x.txt').write_text('')
    outside = tmp_path / 'outside'
    outside.mkdir()
    (outside / 'y.txt').write_text('')
    (run_dir / 'link').symlink_to(outside)
    found = glob_in_run_dir(run_dir, '**/*.txt', [])
    assert found == [run_dir / 'real/x.txt']


@pytest.mark.parametrize(('item', 'message'), [
    ('/abs', 'cannot take absolute paths'),
    ('.', 'run directory or above'),
    ('../x', 'run directory or above'),
])
def test_bad_rm_dirs_are_refused(item, message):
    with pytest.raises(InputError, match=message):
        parse_rm_dirs([item])


def test_rm_dirs_split_on_colons_and_keep_trailing_slashes():
    assert parse_rm_dirs(['log:work/', 'share']) == {'log', 'work/', 'share'}
