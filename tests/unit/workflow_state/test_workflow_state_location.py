"""Finding the target workflow run and its database."""

from __future__ import annotations

import getpass
import pwd
from pathlib import Path

import pytest

from cylc_flow.exceptions import InputError, WorkflowFilesError
from cylc_flow.workflow_state.location import cylc_run_root, find_workflow


def test_plain_run_directory_is_used_as_is(runs):
    run_dir = runs.run_dir('flat')
    target = find_workflow('flat', runs.root)
    assert target.workflow_id == 'flat'
    assert target.run_dir == run_dir
    assert target.db_path == run_dir / 'log' / 'db'
    assert not target.inferred


def test_runN_resolves_to_the_latest_numbered_run(runs):
    runs.run_dir('numbered', 'run1')
    run2 = runs.run_dir('numbered', 'run2')
    target = find_workflow('numbered', runs.root)
    assert target.workflow_id == 'numbered/run2'
    assert target.run_dir == run2
    assert target.inferred


def test_explicit_runN_resolves_too(runs):
    runs.run_dir('a/b', 'run3')
    target = find_workflow('a/b/runN', runs.root)
    assert target.workflow_id == 'a/b/run3'
    assert target.given_id == 'a/b/runN'


def test_explicit_run_name_is_not_changed(runs):
    run1 = runs.run_dir('numbered', 'run1')
    runs.run_dir('numbered', 'run2')
    target = find_workflow('numbered/run1', runs.root)
    assert (target.workflow_id, target.run_dir) == ('numbered/run1', run1)


def test_missing_workflow_is_none(runs):
    assert find_workflow('ghost', runs.root) is None
    assert find_workflow('ghost/runN', runs.root) is None


def test_broken_runN_link_is_a_files_error(runs):
    base = runs.root / 'broken'
    base.mkdir()
    (base / 'runN').symlink_to('run9')
    with pytest.raises(WorkflowFilesError, match='broken runN link'):
        find_workflow('broken', runs.root)


@pytest.mark.parametrize('workflow', ['../x', 'a/../../x', 'a//b', './a', 'a/.'])
def test_ids_that_escape_cylc_run_are_rejected(runs, workflow):
    with pytest.raises(InputError, match='invalid workflow ID'):
        find_workflow(workflow, runs.root)


def test_default_root_is_cylc_run_in_home(cylc_run):
    assert cylc_run_root() == cylc_run


def test_alternate_root_expands_user_and_variables(
    tmp_path, monkeypatch: pytest.MonkeyPatch, cylc_run
):
    monkeypatch.setenv('OTHER_PLACE', str(tmp_path / 'elsewhere'))
    assert cylc_run_root('$OTHER_PLACE/cylc-run') == (
        tmp_path / 'elsewhere' / 'cylc-run'
    )
    assert cylc_run_root('~/alt') == cylc_run.parent / 'alt'


def test_empty_alternate_root_is_rejected():
    with pytest.raises(InputError, match='empty'):
        cylc_run_root('  ')


def test_own_user_in_id_uses_own_cylc_run(cylc_run):
    assert cylc_run_root(None, getpass.getuser()) == cylc_run


def test_another_users_cylc_run_is_under_their_home(cylc_run):
    other = next(
        entry for entry in pwd.getpwall()
        if entry.pw_name != getpass.getuser()
    )
    assert cylc_run_root(None, other.pw_name) == Path(other.pw_dir, 'cylc-run')


def test_unknown_user_is_an_input_error():
    with pytest.raises(InputError, match='unknown user'):
        cylc_run_root(None, 'no-such-user-xyz')
