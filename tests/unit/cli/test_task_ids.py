"""Command-line IDs grouped by workflow (Cylc 8's universal ID forms)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cylc_flow.cli.task_ids import (
    MIXED,
    TASKS,
    WORKFLOWS,
    group_ids,
    matching_workflows,
)
from cylc_flow.exceptions import CylcError, InputError


def grouped(ids, **options):
    return [(group.workflow, group.tasks) for group in group_ids(ids, **options)]


def test_absolute_task_id_names_its_workflow_and_task():
    assert grouped(['flow//1/foo']) == [('flow', ['1/foo'])]


def test_relative_ids_follow_the_workflow_before_them():
    assert grouped(['flow//1/foo', '//2/bar', '//3']) == [
        ('flow', ['1/foo', '2/bar', '3'])]


def test_cycle_only_id_is_kept_as_a_cycle():
    assert grouped(['flow/run2//20000101T00Z']) == [
        ('flow/run2', ['20000101T00Z'])]


def test_globs_and_selectors_are_passed_on_unchanged():
    assert grouped(['flow//*/foo', '//1:failed', '//2/f*:running']) == [
        ('flow', ['*/foo', '1:failed', '2/f*:running'])]


def test_several_workflows_are_grouped_in_order():
    assert grouped(['one//1', 'two//1/foo', '//2', 'one//3']) == [
        ('one', ['1', '3']), ('two', ['1/foo', '2'])]


def test_cylc7_style_workflow_then_tasks():
    assert grouped(['flow', '1/foo', 'bar.2']) == [
        ('flow', ['1/foo', '2/bar'])]


def test_workflow_with_double_slash_and_no_tasks_is_allowed_when_mixed():
    assert grouped(['flow//'], constraint=MIXED) == [('flow', [])]


def test_task_commands_need_a_task_id():
    with pytest.raises(InputError, match='at least one cycle or task'):
        group_ids(['flow'], constraint=TASKS)


def test_workflow_commands_refuse_task_ids():
    with pytest.raises(InputError, match='must be workflows'):
        group_ids(['flow//1/foo'], constraint=WORKFLOWS)


def test_workflow_commands_take_several_plain_workflow_ids():
    assert grouped(['one', 'two'], constraint=WORKFLOWS) == [
        ('one', []), ('two', [])]


def workflow_ids(ids):
    return [group.workflow for group in group_ids(ids, constraint=WORKFLOWS)]


def test_workflow_ids_accepts_workflows_and_drops_duplicates():
    assert workflow_ids(['a/b', 'a/b//', 'c']) == ['a/b', 'c']


@pytest.mark.parametrize('ids', [[], ['a//1/foo'], ['//1'], ['']])
def test_workflow_ids_rejects_anything_else(ids):
    with pytest.raises(InputError):
        workflow_ids(ids)


def test_relative_id_first_is_an_error():
    with pytest.raises(InputError, match='must follow a workflow'):
        group_ids(['//1/foo'])


def test_job_ids_are_refused():
    with pytest.raises(InputError, match='not a job'):
        group_ids(['flow//1/foo/01'])


def test_max_tasks_limits_the_ids_per_workflow():
    assert grouped(['flow//1/foo'], constraint=MIXED, max_tasks=1) == [
        ('flow', ['1/foo'])]
    with pytest.raises(InputError, match='at most 1'):
        group_ids(['flow//1', '//2'], constraint=MIXED, max_tasks=1)


def test_workflow_globs_match_running_workflows_with_or_without_run_name():
    running = ['a/run1', 'ab/run2', 'b/run1']
    assert matching_workflows('a*', running) == ['a/run1', 'ab/run2']
    assert matching_workflows('b/run1', running) == ['b/run1']
    assert matching_workflows('c*', running) == []


@given(st.lists(st.text(max_size=20), min_size=1, max_size=4))
def test_any_ids_either_group_or_raise_a_one_line_user_error(ids):
    try:
        groups = group_ids(ids, constraint=MIXED)
    except CylcError as error:
        assert '\n' not in str(error)
    else:
        assert groups and all(group.workflow for group in groups)
