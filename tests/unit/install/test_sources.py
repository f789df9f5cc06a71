"""Finding and checking source directories."""

from __future__ import annotations

from pathlib import Path

import pytest

from cylc_flow.exceptions import InputError, WorkflowFilesError
from cylc_flow.install.sources import (
    check_flow_file,
    source_location,
    source_workflow_name,
    validate_source_dir,
)


def test_no_argument_is_the_current_directory(home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert source_location(None) == tmp_path


def test_explicit_relative_and_absolute_paths_are_paths(home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert source_location('./a/b') == tmp_path / 'a/b'
    assert source_location('/x/y') == Path('/x/y')
    assert source_location('~/z') == home / 'z'


def test_a_bare_name_is_looked_up_in_source_dirs(global_config, make_source, tmp_path):
    make_source('dogs/fido', parent=tmp_path / 'second')
    global_config(f'[install]\n    source dirs = {tmp_path}/first, {tmp_path}/second\n')
    assert source_location('dogs/fido') == tmp_path / 'second/dogs/fido'


def test_a_missing_name_lists_the_source_dirs(global_config, tmp_path):
    global_config(f'[install]\n    source dirs = {tmp_path}/a, {tmp_path}/b\n')
    with pytest.raises(WorkflowFilesError) as info:
        source_location('nope')
    assert str(info.value) == (
        f"Could not find workflow 'nope' in: {tmp_path}/a, {tmp_path}/b"
    )


def test_default_source_dir_is_cylc_src(home, make_source):
    make_source('fido', parent=home / 'cylc-src')
    assert source_location('fido') == home / 'cylc-src/fido'


def test_flow_file_in_the_name_is_refused(home):
    with pytest.raises(InputError, match=r'do not include flow\.cylc'):
        source_location('fido/flow.cylc')


def test_installed_name_is_the_path_below_a_source_dir(home, make_source):
    source = make_source('dogs/fido', parent=home / 'cylc-src')
    assert source_workflow_name(source) == 'dogs/fido'


def test_installed_name_elsewhere_is_the_base_name(home, make_source):
    assert source_workflow_name(make_source('rabbit')) == 'rabbit'


def test_no_flow_file(tmp_path):
    with pytest.raises(WorkflowFilesError, match=r'No flow\.cylc or suite\.rc in '):
        check_flow_file(tmp_path)


def test_both_flow_files_are_refused(tmp_path):
    (tmp_path / 'flow.cylc').write_text('')
    (tmp_path / 'suite.rc').write_text('')
    with pytest.raises(WorkflowFilesError, match=r'Both flow\.cylc and suite\.rc'):
        check_flow_file(tmp_path)


def test_flow_cylc_linked_to_suite_rc_is_allowed(tmp_path):
    (tmp_path / 'suite.rc').write_text('')
    (tmp_path / 'flow.cylc').symlink_to('suite.rc')
    assert check_flow_file(tmp_path) == tmp_path / 'flow.cylc'


def test_suite_rc_alone_is_found(tmp_path):
    (tmp_path / 'suite.rc').write_text('')
    assert check_flow_file(tmp_path) == tmp_path / 'suite.rc'


@pytest.mark.parametrize('reserved', ['log', 'share', 'work', '_cylc-install',
                                      '.service', 'runN'])
def test_reserved_names_in_a_source_are_refused(home, make_source, reserved):
    source = make_source()
    (source / reserved).mkdir()
    with pytest.raises(WorkflowFilesError) as info:
        validate_source_dir(source, 'flow')
    assert str(info.value) == (
        f'flow installation failed - {reserved} exists in source directory.'
    )


def test_source_inside_cylc_run_is_refused(home, make_source):
    source = make_source('x', parent=home / 'cylc-run/src')
    with pytest.raises(WorkflowFilesError, match='Source directory should not be in'):
        validate_source_dir(source, 'x')
