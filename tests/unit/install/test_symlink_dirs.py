"""Symlinked run directories from global.cylc and --symlink-dirs."""

from __future__ import annotations

import pytest

from cylc_flow.exceptions import InputError, WorkflowFilesError
from cylc_flow.install.symlink_dirs import (
    dirs_to_symlink,
    existing_symlink_dirs,
    make_localhost_symlinks,
    parse_cli_symlink_dirs,
)


def test_cli_symlink_dirs_are_parsed_for_localhost(home):
    config = parse_cli_symlink_dirs('log=/a, share = /b ,share/cycle=/c,')
    assert config == {'localhost': {'run': None, 'log': '/a', 'share': '/b',
                                    'share/cycle': '/c'}}


def test_empty_cli_symlink_dirs_disable_links(home):
    assert parse_cli_symlink_dirs('') == {'localhost': {'run': None}}


def test_cli_symlink_dirs_bad_key_is_refused(home):
    with pytest.raises(InputError, match='foo not a valid entry for --symlink-dirs'):
        parse_cli_symlink_dirs('foo=/x')


def test_cli_symlink_dirs_without_equals_is_refused(home):
    with pytest.raises(InputError, match='error in --symlink-dirs option: log'):
        parse_cli_symlink_dirs('log')


def test_dirs_to_symlink_from_global_config(global_config):
    global_config(
        '[install]\n    [[symlink dirs]]\n        [[[localhost]]]\n'
        '            run = /r\n            log = /l\n            work = /r\n'
    )
    assert dirs_to_symlink('localhost', 'w/run1') == {
        'run': '/r/cylc-run/w/run1',
        'log': '/l/cylc-run/w/run1/log',
    }
    assert dirs_to_symlink('elsewhere', 'w/run1') == {}


def test_links_and_targets_are_made(home, tmp_path):
    run_dir = home / 'cylc-run/w/run1'
    config = parse_cli_symlink_dirs(f'run={tmp_path}/r, log={tmp_path}/l')
    made = make_localhost_symlinks(run_dir, 'w/run1', config)
    assert made == [
        (run_dir, tmp_path / 'r/cylc-run/w/run1'),
        (run_dir / 'log', tmp_path / 'l/cylc-run/w/run1/log'),
    ]
    assert run_dir.is_symlink() and (run_dir / 'log').is_symlink()
    assert (tmp_path / 'l/cylc-run/w/run1/log').is_dir()


def test_environment_variables_in_targets_are_expanded(home, tmp_path, monkeypatch):
    monkeypatch.setenv('SCRATCH', str(tmp_path / 'scratch'))
    run_dir = home / 'cylc-run/w/run1'
    run_dir.mkdir(parents=True)
    config = parse_cli_symlink_dirs('work=$SCRATCH')
    make_localhost_symlinks(run_dir, 'w/run1', config)
    assert (run_dir / 'work').resolve() == tmp_path / 'scratch/cylc-run/w/run1/work'


def test_undefined_variable_is_refused(home, monkeypatch):
    monkeypatch.delenv('NOT_SET_ANYWHERE', raising=False)
    config = parse_cli_symlink_dirs('log=$NOT_SET_ANYWHERE/x')
    with pytest.raises(WorkflowFilesError,
                       match=r'undefined variables.*NOT_SET_ANYWHERE'):
        make_localhost_symlinks(home / 'cylc-run/w/run1', 'w/run1', config)


def test_existing_target_is_refused(home, tmp_path):
    (tmp_path / 'l/cylc-run/w/run1/log').mkdir(parents=True)
    config = parse_cli_symlink_dirs(f'log={tmp_path}/l')
    with pytest.raises(WorkflowFilesError, match='Symlink dir target already exists'):
        make_localhost_symlinks(home / 'cylc-run/w/run1', 'w/run1', config)


def test_existing_links_are_found_deepest_first(home, tmp_path):
    run_dir = home / 'cylc-run/w/run1'
    config = parse_cli_symlink_dirs(
        f'log={tmp_path}/l, share={tmp_path}/s, share/cycle={tmp_path}/c'
    )
    run_dir.mkdir(parents=True)
    make_localhost_symlinks(run_dir, 'w/run1', config)
    found = existing_symlink_dirs('w/run1', run_dir)
    assert list(found) == ['share/cycle', 'share', 'log']
    assert found['log'] == tmp_path / 'l/cylc-run/w/run1/log'


def test_link_to_an_unexpected_place_stops_clean(home, tmp_path):
    run_dir = home / 'cylc-run/w/run1'
    run_dir.mkdir(parents=True)
    (tmp_path / 'precious').mkdir()
    (run_dir / 'work').symlink_to(tmp_path / 'precious')
    with pytest.raises(WorkflowFilesError, match='the target should end with'):
        existing_symlink_dirs('w/run1', run_dir)
