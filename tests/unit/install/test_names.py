"""Workflow and run names: Cylc 8's rules and messages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cylc_flow.exceptions import WorkflowFilesError
from cylc_flow.install.names import (
    validate_run_name,
    validate_workflow_name,
)


@pytest.mark.parametrize('name', ['foo', 'foo/bar', 'a.b-c_d+e@f', 'Ünïcode', 'x/y/z'])
def test_good_names_are_accepted(name):
    validate_workflow_name(name, check_reserved=True)


@pytest.mark.parametrize(('name', 'message'), [
    ('', 'must be between 1 and 254 characters long'),
    ('x' * 255, 'must be between 1 and 254 characters long'),
    ('.hidden', 'cannot start with: `.`, `-`, numbers'),
    ('-dash', 'cannot start with: `.`, `-`, numbers'),
    ('1abc', 'cannot start with: `.`, `-`, numbers'),
    ('a b', 'can only contain'),
    ('a:b', 'can only contain'),
])
def test_names_breaking_a_character_rule_are_refused(name, message):
    with pytest.raises(WorkflowFilesError) as info:
        validate_workflow_name(name)
    assert str(info.value).startswith(f"invalid workflow name '{name}' - ")
    assert message in str(info.value)


def test_absolute_name_is_refused():
    with pytest.raises(WorkflowFilesError, match='cannot be an absolute path: /abs'):
        validate_workflow_name('/abs')


@pytest.mark.parametrize('name', ['foo/..', 'foo/../..', 'a/b/../../../c'])
def test_names_leading_to_or_above_cylc_run_are_refused(name):
    with pytest.raises(WorkflowFilesError, match='cylc-run directory or above'):
        validate_workflow_name(name)


@pytest.mark.parametrize('reserved', [
    'log', 'share', 'work', 'runN', '_cylc-install', '.service', 'flow.cylc',
    'suite.rc',
])
def test_reserved_directory_names_are_refused_anywhere_in_the_name(reserved):
    with pytest.raises(WorkflowFilesError) as info:
        validate_workflow_name(f'foo/{reserved}/bar', check_reserved=True)
    assert f"directory named '{reserved}'" in str(info.value)


@pytest.mark.parametrize('name', ['run1', 'foo/run22'])
def test_numbered_run_names_are_reserved(name):
    with pytest.raises(WorkflowFilesError, match="named 'run<number>'"):
        validate_workflow_name(name, check_reserved=True)


def test_reserved_names_are_allowed_without_the_reserved_check():
    validate_workflow_name('foo/run1')


def test_run_name_that_is_a_path_is_refused():
    with pytest.raises(WorkflowFilesError,
                       match=r'Run name cannot be a path. \(You used a/b\)'):
        validate_run_name('flow', 'a/b')


def test_reserved_run_name_is_refused():
    with pytest.raises(WorkflowFilesError, match="'_cylc-install'"):
        validate_run_name('flow', '_cylc-install')


@given(st.text(max_size=40))
def test_any_name_is_accepted_or_refused_with_a_workflow_files_error(name):
    try:
        validate_workflow_name(name, check_reserved=True)
    except WorkflowFilesError as exc:
        assert '\n' not in str(exc).replace(name, '')
