"""Run numbering, runN, named runs, nesting and ID lookup."""

from __future__ import annotations

import pytest

from cylc_flow.exceptions import InputError, WorkflowFilesError
from cylc_flow.install.run_dirs import (
    check_nested_dirs,
    contained_workflows,
    infer_latest_run,
    installed_run_dir,
    link_run_n,
    next_run_number,
    plan_run_dir,
)


def make_run(path, flow=True):
    path.mkdir(parents=True)
    if flow:
        (path / 'flow.cylc').write_text('')
    return path


def test_first_run_is_run1(run_root):
    assert next_run_number(run_root / 'new') == 1


def test_next_number_follows_run_n(run_root):
    make_run(run_root / 'w/run1')
    make_run(run_root / 'w/run5')
    link_run_n(run_root / 'w/run1')
    assert next_run_number(run_root / 'w') == 2


def test_next_number_without_run_n_is_one_above_the_highest(run_root):
    make_run(run_root / 'w/run2')
    make_run(run_root / 'w/run10')
    assert next_run_number(run_root / 'w') == 11


def test_run_n_is_relative_and_replaced(run_root):
    make_run(run_root / 'w/run1')
    link_run_n(run_root / 'w/run1')
    make_run(run_root / 'w/run2')
    link_run_n(run_root / 'w/run2')
    run_n = run_root / 'w/runN'
    assert run_n.is_symlink()
    assert run_n.readlink().as_posix() == 'run2'


def test_plan_numbered_named_and_unnamed(run_root):
    numbered = plan_run_dir(run_root / 'w', None, False)
    assert (numbered.run_dir.name, numbered.run_number, numbered.relink) == (
        'run1', 1, True)
    named = plan_run_dir(run_root / 'w', 'paws', False)
    assert (named.run_dir.name, named.relink) == ('paws', False)
    bare = plan_run_dir(run_root / 'w', None, True)
    assert bare.run_dir == run_root / 'w'


def test_named_run_refused_beside_numbered_runs(run_root):
    make_run(run_root / 'w/run1')
    with pytest.raises(WorkflowFilesError,
                       match=r"--run-name option not allowed as '.*' contains"):
        plan_run_dir(run_root / 'w', 'paws', False)


def test_numbered_run_refused_beside_named_runs(run_root):
    make_run(run_root / 'w/paws')
    with pytest.raises(WorkflowFilesError, match='contains an installed workflow'):
        plan_run_dir(run_root / 'w', None, False)


def test_install_inside_a_run_dir_is_refused(run_root):
    (run_root / 'outer/.service').mkdir(parents=True)
    with pytest.raises(WorkflowFilesError) as info:
        check_nested_dirs(run_root / 'outer/inner/run1', run_root / 'outer/inner')
    assert str(info.value) == (
        'Nested run directories not allowed - cannot install workflow in'
        f" '{run_root}/outer/inner/run1' as '{run_root}/outer' is already a"
        ' valid run directory.'
    )


def test_install_below_another_installation_is_refused(run_root):
    (run_root / 'a/_cylc-install').mkdir(parents=True)
    with pytest.raises(WorkflowFilesError, match='Nested install directories'):
        check_nested_dirs(run_root / 'a/b/run1', run_root / 'a/b')


def test_install_above_another_installation_is_refused(run_root):
    (run_root / 'a/b/_cylc-install').mkdir(parents=True)
    with pytest.raises(WorkflowFilesError, match='Nested install directories'):
        check_nested_dirs(run_root / 'a/run1', run_root / 'a')


def test_infer_latest_run_follows_run_n(run_root):
    make_run(run_root / 'w/run1')
    make_run(run_root / 'w/run2')
    link_run_n(run_root / 'w/run2')
    assert infer_latest_run(run_root / 'w') == (run_root / 'w/run2', 'w/run2')
    assert infer_latest_run(run_root / 'w/runN') == (run_root / 'w/run2', 'w/run2')
    assert infer_latest_run(run_root / 'w/run1') == (run_root / 'w/run1', 'w/run1')


def test_explicit_run_n_is_followed_even_without_implicit_inference(run_root):
    make_run(run_root / 'w/run3')
    link_run_n(run_root / 'w/run3')
    _path, workflow_id = infer_latest_run(run_root / 'w/runN', implicit_run_n=False)
    assert workflow_id == 'w/run3'
    assert infer_latest_run(run_root / 'w', implicit_run_n=False)[1] == 'w'


def test_missing_workflow_id_is_an_input_error(run_root):
    with pytest.raises(InputError, match='Workflow ID not found: nope'):
        installed_run_dir('nope')


def test_bad_run_n_target_is_refused(run_root):
    make_run(run_root / 'w/other')
    (run_root / 'w/runN').symlink_to('other')
    with pytest.raises(WorkflowFilesError, match='symlink target not valid: other'):
        infer_latest_run(run_root / 'w')


def test_contained_workflows_finds_runs_not_their_insides(run_root):
    make_run(run_root / 'w/run1')
    make_run(run_root / 'w/run2')
    make_run(run_root / 'w/run1/sub')  # inside a run: not a separate workflow
    link_run_n(run_root / 'w/run2')
    (run_root / 'w/_cylc-install').mkdir()
    found = contained_workflows(run_root / 'w', 5)
    assert [path.name for path in found] == ['run1', 'run2']
