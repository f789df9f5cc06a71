"""Task and workflow filters."""

from __future__ import annotations

from cylc_flow.core.states import ALL_STATES
from cylc_flow.tui.filters import TaskFilter, WorkflowFilter


def test_default_filter_shows_everything_and_is_not_active():
    task_filter = TaskFilter()
    assert not task_filter.active
    assert all(task_filter.matches(state, ('x',)) for state in ALL_STATES)


def test_only_state_toggle_and_reset():
    task_filter = TaskFilter()
    task_filter.only_state('failed')
    assert task_filter.active and task_filter.states == {'failed'}
    assert task_filter.matches('failed', ('a',))
    assert not task_filter.matches('running', ('a',))
    task_filter.toggle_state('running')
    assert task_filter.states == {'failed', 'running'}
    task_filter.toggle_state('failed')
    assert task_filter.states == {'running'}
    task_filter.set_name('foo')
    task_filter.reset()
    assert not task_filter.active and task_filter.name == ''


def test_name_is_a_case_insensitive_substring_unless_it_has_glob_characters():
    task_filter = TaskFilter(name='OO')
    assert task_filter.active
    assert task_filter.matches_name(('food',))
    task_filter.set_name('f*d')
    assert task_filter.matches_name(('FOOD',))
    assert not task_filter.matches_name(('xfood',))
    task_filter.set_name('[')  # an unclosed bracket is still safe
    assert task_filter.matches_name(('[',)) in (True, False)
    task_filter.set_name('  ')
    assert not task_filter.active and task_filter.matches_name(('anything',))


def test_regex_characters_in_a_substring_are_literal():
    task_filter = TaskFilter(name='a.b+')
    assert task_filter.matches_name(('xa.b+y',))
    assert not task_filter.matches_name(('aXbb',))


def test_workflow_filter_by_status_and_name():
    workflow_filter = WorkflowFilter()
    assert not workflow_filter.active
    assert workflow_filter.matches('a', 'stopped')
    workflow_filter.only_active()
    assert workflow_filter.active
    assert not workflow_filter.matches('a', 'stopped')
    assert workflow_filter.matches('a', 'paused')
    workflow_filter.reset()
    assert workflow_filter.matches('a', 'stopped')
    assert not WorkflowFilter(workflow='b').matches('a', 'running')
