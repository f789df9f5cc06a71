"""Parsing workflow state queries from IDs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.exceptions import CylcError, InputError
from cylc_flow.workflow_state.query import (
    QueryMode,
    build_query,
    check_polling_config,
    resolve_mode,
    unquote,
)


def test_full_id_gives_workflow_cycle_task_and_status_selector():
    query = build_query('other//2025/foo:failed')
    assert (query.workflow, query.cycle, query.task, query.selector) == (
        'other', '2025', 'foo', 'failed'
    )
    assert query.mode is QueryMode.STATUS
    assert not query.is_output_query


def test_missing_selector_takes_the_default_status():
    assert build_query('other//1/foo', default_status='succeeded').selector == (
        'succeeded'
    )
    assert build_query('other//1/foo').selector is None


def test_cycle_selector_applies_to_every_task_in_the_cycle():
    query = build_query('other//1:succeeded')
    assert (query.cycle, query.task, query.selector) == ('1', None, 'succeeded')


def test_workflow_only_id_queries_everything():
    query = build_query('a/b')
    assert (query.workflow, query.cycle, query.task) == ('a/b', None, None)


def test_trailing_slash_from_shell_completion_is_ignored():
    assert build_query('other/').workflow == 'other'
    assert build_query('other//1/foo/').task == 'foo'


def test_quoted_selector_is_unquoted():
    query = build_query('other//1/foo:"file ready"', is_message=True)
    assert query.selector == 'file ready'
    assert query.mode is QueryMode.MESSAGE


def test_unknown_selector_is_a_trigger_on_the_command_line():
    assert build_query('w//1/foo:x', infer_trigger=True).mode is QueryMode.TRIGGER
    assert build_query('w//1/foo:finished', infer_trigger=True).mode is (
        QueryMode.TRIGGER
    )


def test_unknown_selector_is_an_error_without_inference():
    with pytest.raises(InputError, match='No such task state "x"'):
        build_query('w//1/foo:x')


def test_trigger_flag_makes_a_status_name_an_output_trigger():
    query = build_query('w//1/foo:succeeded', is_trigger=True)
    assert query.mode is QueryMode.TRIGGER
    assert query.is_output_query


def test_trigger_and_message_together_are_rejected():
    with pytest.raises(InputError, match='both a trigger and a message'):
        resolve_mode('x', True, True, False)


@pytest.mark.parametrize(
    ('text', 'message'),
    [
        ('//1/foo', 'no workflow'),
        ('w:running//1/foo', 'selectors go on the cycle or task'),
        ('w//1/foo/01', 'not a job'),
        ('w//1/foo:""', 'empty selector'),
        ('', 'invalid ID'),
        ('/', 'invalid ID'),
    ],
)
def test_bad_ids_are_input_errors(text, message):
    with pytest.raises(InputError, match=message):
        build_query(text)


def test_bad_flow_number_and_offset_are_input_errors():
    with pytest.raises(InputError, match='flow number'):
        build_query('w//1/foo', flow_num='2')  # type: ignore[arg-type]
    with pytest.raises(InputError, match='invalid offset'):
        build_query('w//1/foo', offset='  ')


def test_condition_writes_the_query_back_as_an_id():
    assert build_query('~me/w//1/foo:x', infer_trigger=True).condition == (
        '~me/w//1/foo:x'
    )
    assert build_query('w').condition == 'w'


@pytest.mark.parametrize(
    ('text', 'expected'),
    [('"a b"', 'a b'), ("'a'", 'a'), ('"a', '"a'), ("'tis", "'tis"), ('"', '"')],
)
def test_unquote_strips_one_matching_pair(text, expected):
    assert unquote(text) == expected


@pytest.mark.parametrize(
    ('selector', 'message'),
    [
        ('waiting', 'Cannot poll for the "waiting" task state'),
        ('preparing', 'Cannot poll for the "preparing" task state'),
        ('submitted', 'poll for the "submitted" trigger instead'),
        ('running', 'poll for the "started" trigger instead'),
        ('bogus', 'No such task state "bogus"'),
    ],
)
def test_unreliable_status_polls_are_rejected(selector, message):
    with pytest.raises(InputError, match=message):
        check_polling_config(selector, QueryMode.STATUS)


@pytest.mark.parametrize(
    'selector', ['succeeded', 'failed', 'expired', 'submit-failed']
)
def test_final_statuses_can_be_polled(selector):
    check_polling_config(selector, QueryMode.STATUS)


def test_polling_checks_do_not_apply_to_outputs():
    check_polling_config('running', QueryMode.TRIGGER)
    check_polling_config('anything', QueryMode.MESSAGE)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet='ab/:*~."\' 1-', max_size=24),
    is_trigger=st.booleans(),
    infer=st.booleans(),
)
def test_any_text_parses_or_raises_a_user_error(text, is_trigger, infer):
    try:
        query = build_query(text, is_trigger=is_trigger, infer_trigger=infer)
    except CylcError:
        return
    assert query.workflow
    assert isinstance(query.condition, str)
