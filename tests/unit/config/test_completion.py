"""Completion expressions: defaults, validation rules, fast evaluation."""

from __future__ import annotations

import contextlib
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.config.completion import (
    FINAL_OUTPUT_COMPLETION,
    STANDARD_OUTPUTS,
    apply_default_requirements,
    compile_completion,
    default_completion,
    is_complete,
    parse_completion,
    referenced_outputs,
    validate_completion,
)
from cylc_flow.exceptions import WorkflowConfigError

OUTPUTS = [*STANDARD_OUTPUTS, 'x', 'y', 'file-1']


# --- default_completion -------------------------------------------------


@pytest.mark.parametrize(
    ('required', 'optional', 'expected'),
    [
        (['succeeded'], [], 'succeeded'),
        (['succeeded', 'x'], [], '(succeeded and x)'),
        (['x', 'succeeded', 'y'], [], '(succeeded and x and y)'),
        ([], ['succeeded'], 'succeeded or failed'),
        ([], ['succeeded', 'failed'], 'succeeded or failed'),
        ([], ['failed'], 'succeeded or failed'),
        (['x'], ['succeeded'], '(x and succeeded) or failed'),
        (['x', 'y'], ['succeeded'], '((x and y) and succeeded) or failed'),
        (['succeeded'], ['submit-failed'], 'succeeded or submit_failed'),
        (['succeeded'], ['submitted'], 'succeeded or submit_failed'),
        (['succeeded'], ['expired'], 'succeeded or expired'),
        (
            [], ['succeeded', 'submit-failed', 'expired'],
            'succeeded or failed or submit_failed or expired',
        ),
        (['file-1', 'succeeded'], [], '(file_1 and succeeded)'),
        ([], [], ''),
    ],
)
def test_default_completion_follows_cylc_8_rules(required, optional, expected):
    assert default_completion(required, optional) == expected


def test_default_completion_accepts_a_mapping_of_optional_flags():
    marks = {'succeeded': True, 'x': False, 'expired': True}
    assert default_completion(['x'], marks) == '(x and succeeded) or failed or expired'


def test_success_is_required_by_default_unless_submission_is_optional():
    assert apply_default_requirements({}) == {'succeeded': False}
    assert apply_default_requirements({'x': False}) == {'x': False, 'succeeded': False}
    assert apply_default_requirements({'submit-failed': True}) == {
        'submit-failed': True
    }
    assert apply_default_requirements({'failed': True}) == {'failed': True}


# --- is_complete ----------------------------------------------------------


@pytest.mark.parametrize(
    ('expression', 'completed', 'expected'),
    [
        ('succeeded', {'succeeded'}, True),
        ('succeeded', {'failed'}, False),
        ('succeeded and x', {'succeeded'}, False),
        ('succeeded and x', {'succeeded', 'x'}, True),
        ('(succeeded and x) or failed', {'failed'}, True),
        ('a or b and c', {'a'}, True),
        ('a or b and c', {'b'}, False),
        ('(a or b) and c', {'a'}, False),
        ('(a or b) and c', {'b', 'c'}, True),
        ('succeeded or submit_failed', {'submit-failed'}, True),
        ('succeeded or submit_failed', ['submit_failed'], True),
        ('  ', {'expired'}, True),
        ('', {'started'}, False),
    ],
)
def test_is_complete_evaluates_and_or_and_parentheses(expression, completed, expected):
    assert is_complete(expression, completed) is expected


def test_and_binds_tighter_than_or_like_python():
    names = ['a', 'b', 'c', 'd']
    expression = 'a or b and c or (d and a)'
    for values in itertools.product([False, True], repeat=4):
        scope = dict(zip(names, values, strict=True))
        expected = bool(eval(expression, {}, scope))  # test oracle only
        completed = {name for name, value in scope.items() if value}
        assert is_complete(expression, completed) is expected


def test_blank_expression_means_any_final_outcome():
    for outcome in ('succeeded', 'failed', 'submit_failed', 'expired'):
        assert is_complete('', {outcome})
    assert not is_complete('', {'submitted', 'started'})
    assert FINAL_OUTPUT_COMPLETION == 'succeeded or failed or submit_failed or expired'


def test_compiled_expressions_are_cached_by_text():
    assert compile_completion('succeeded and x') is compile_completion(
        'succeeded and x'
    )


def test_referenced_outputs_lists_the_variables_used():
    assert referenced_outputs('(succeeded and x) or submit_failed') == {
        'succeeded', 'x', 'submit_failed'
    }


def test_deep_nesting_is_rejected_cleanly_not_with_recursion_error():
    deep = '(' * 5000 + 'succeeded' + ')' * 5000
    with pytest.raises(WorkflowConfigError, match='nested too deeply'):
        parse_completion(deep)


def test_long_flat_chain_compiles_and_evaluates():
    expression = ' or '.join(f'o{index}' for index in range(3000))
    assert is_complete(expression, {'o2999'})
    assert not is_complete(expression, {'other'})


# --- validate_completion: syntax -------------------------------------------


@pytest.mark.parametrize(
    ('expression', 'message'),
    [
        ('succeeded and not failed', '"not" is not permitted'),
        ('succeeded + failed', '"\\+" is not permitted'),
        ('succeeded()', 'missing "and" or "or"'),
        ('succeeded failed', 'missing "and" or "or" before "failed"'),
        ('(succeeded', 'unmatched "\\("'),
        ('succeeded)', 'unmatched "\\)"'),
        ('and succeeded', '"and" needs an output before it'),
        ('succeeded or', 'ends without an output'),
        ('True', '"True" is not permitted'),
        ('__import__("os")', 'is not permitted'),
        ('succeeded.x', '"\\." is not permitted'),
        ('1', '"1" is not permitted'),
        ('()', 'unexpected "\\)"'),
    ],
)
def test_validate_rejects_anything_but_outputs_and_or_parentheses(
    expression, message
):
    with pytest.raises(WorkflowConfigError, match=message) as caught:
        validate_completion(expression, 'foo', OUTPUTS, {})
    assert str(caught.value).startswith('Error in [runtime][foo]completion:')
    assert '\n' not in str(caught.value)


def test_hyphenated_submit_failed_gets_the_cylc_hint():
    with pytest.raises(
        WorkflowConfigError,
        match='Use "submit_failed" rather than "submit-failed"',
    ):
        validate_completion('succeeded or submit-failed', 'foo', OUTPUTS, {})


def test_other_hyphens_must_be_underscores():
    with pytest.raises(WorkflowConfigError, match='Replace hyphens with underscores'):
        validate_completion('succeeded and file-1', 'foo', OUTPUTS, {})


def test_custom_outputs_with_hyphens_are_written_with_underscores():
    validate_completion('succeeded and file_1', 'foo', OUTPUTS, {'file-1': False})


def test_unknown_output_name_is_not_defined():
    with pytest.raises(
        WorkflowConfigError,
        match=r"Error in \[runtime\]\[foo\]completion: name 'z' is not defined",
    ):
        validate_completion('succeeded and z', 'foo', OUTPUTS, {})


def test_finished_cannot_be_used():
    with pytest.raises(WorkflowConfigError, match='"finished" output cannot be used'):
        validate_completion('finished', 'foo', OUTPUTS, {})


@pytest.mark.parametrize(
    ('short', 'full'),
    [('succeed', 'succeeded'), ('fail', 'failed'), ('submit_fail', 'submit_failed'),
     ('expire', 'expired'), ('start', 'started'), ('submit', 'submitted')],
)
def test_short_qualifiers_suggest_the_output_name(short, full):
    with pytest.raises(WorkflowConfigError, match=f'Use "{full}" not "{short}"'):
        validate_completion(f'{short} or succeeded', 'foo', OUTPUTS, {})


def test_empty_expression_means_default_and_is_not_checked():
    validate_completion('', 'foo', OUTPUTS, {'x': False})
    validate_completion('   ', 'foo', OUTPUTS, {'x': False})


# --- validate_completion: consistency with the graph --------------------------


def test_consistent_expression_is_accepted():
    validate_completion(
        'succeeded and x', 'foo', OUTPUTS, {'succeeded': False, 'x': False}
    )
    validate_completion(
        '(succeeded and x) or failed', 'foo', OUTPUTS,
        {'succeeded': True, 'failed': True, 'x': True},
    )
    validate_completion(
        'succeeded and (x or y)', 'foo', OUTPUTS, {'x': True, 'y': True}
    )


def test_optional_in_graph_but_required_in_expression():
    with pytest.raises(
        WorkflowConfigError,
        match=(
            r'^foo:x is optional in the graph \(\? symbol\), but required in the'
            r' completion expression: succeeded and x$'
        ),
    ):
        validate_completion('succeeded and x', 'foo', OUTPUTS, {'x': True})


def test_required_in_graph_but_not_referenced():
    with pytest.raises(
        WorkflowConfigError,
        match=r'^foo:x is required in the graph, but not referenced in the'
        r' completion expression: succeeded$',
    ):
        validate_completion('succeeded', 'foo', OUTPUTS, {'x': False})


def test_success_required_by_default_must_be_referenced():
    with pytest.raises(
        WorkflowConfigError, match='foo:succeeded is required in the graph'
    ):
        validate_completion('x', 'foo', OUTPUTS, {'x': False})


def test_required_in_graph_but_optional_in_expression():
    with pytest.raises(
        WorkflowConfigError,
        match=r'^foo:x is required in the graph, but optional in the completion'
        r' expression: succeeded and \(x or y\)$',
    ):
        validate_completion(
            'succeeded and (x or y)', 'foo', OUTPUTS, {'x': False, 'y': True}
        )


def test_optional_expiry_in_graph_must_be_referenced():
    with pytest.raises(
        WorkflowConfigError,
        match=re.escape(
            'foo:expired is permitted in the graph but is not referenced in the'
            ' completion. Try: completion = "succeeded or expired"'
        ),
    ):
        validate_completion(
            'succeeded', 'foo', OUTPUTS, {'succeeded': False, 'expired': True}
        )


def test_optional_submit_failure_in_graph_must_be_referenced():
    with pytest.raises(
        WorkflowConfigError,
        match='foo:submit-failed is permitted in the graph',
    ):
        validate_completion(
            'succeeded', 'foo', OUTPUTS,
            {'succeeded': False, 'submit-failed': True},
        )


def test_pre_execution_outputs_may_be_optional_in_expression_when_required():
    # expired/submit_failed are never "optional" branches of a run
    validate_completion(
        'succeeded or expired', 'foo', OUTPUTS,
        {'succeeded': False, 'expired': True},
    )


def test_failed_is_implicitly_optional_when_succeeded_is():
    validate_completion(
        'succeeded or failed', 'foo', OUTPUTS, {'succeeded': True}
    )


def test_expression_that_can_never_be_satisfied_is_rejected():
    for expression in (
        'succeeded and failed',
        'expired and succeeded',
        'submit_failed and started',
        'succeeded and failed or expired and x',
    ):
        with pytest.raises(WorkflowConfigError, match='can never be satisfied'):
            validate_completion(expression, 'foo', OUTPUTS, {})


# --- fuzzing ----------------------------------------------------------------

_PIECES = st.sampled_from([
    'succeeded', 'failed', 'x', 'y', 'submit_failed', 'expired', 'and', 'or',
    '(', ')', ' ', 'not', 'z', '-', '+', '1', 'finished', '__import__', '"',
    'submit-failed', '\n', '.', 'True', 'lambda', ':', 'succeed',
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14).map(' '.join))
def test_fuzz_token_soup_validates_or_raises_config_error(expression):
    try:
        validate_completion(expression, 'foo', OUTPUTS, {'x': True})
    except WorkflowConfigError as exc:
        assert '\n' not in str(exc)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_fuzz_any_text_validates_or_raises_config_error(expression):
    with contextlib.suppress(WorkflowConfigError):
        validate_completion(expression, 'foo', OUTPUTS, {})
    with contextlib.suppress(WorkflowConfigError):
        is_complete(expression, {'succeeded'})


@pytest.mark.parametrize(
    ('marks'),
    [
        {'succeeded': False},
        {'succeeded': False, 'x': False},
        {'succeeded': True},
        {'succeeded': True, 'x': True},
        {'succeeded': False, 'expired': True},
        {'succeeded': False, 'submit-failed': True},
        {'succeeded': True, 'expired': True, 'submit-failed': True},
    ],
)
def test_default_expression_passes_its_own_validation(marks):
    required = [name for name, flag in marks.items() if not flag]
    expression = default_completion(required, marks)
    validate_completion(expression, 'foo', OUTPUTS, marks)
