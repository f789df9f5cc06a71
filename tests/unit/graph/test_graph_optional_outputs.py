"""Optional outputs (``?``) and Cylc 8's consistency rules."""

from __future__ import annotations

import pytest

from cylc_flow.exceptions import GraphParseError
from cylc_flow.graph.optional_outputs import merge_output_optional
from cylc_flow.graph.parser import GraphParser

FAMILIES = {'FAM': ['m1', 'm2']}


def optional(graph: str) -> dict[tuple[str, str], bool]:
    return dict(GraphParser(family_members=FAMILIES).parse(graph).output_optional)


def test_every_mentioned_output_is_required_by_default():
    assert optional('a => b:start => c') == {
        ('a', 'succeeded'): False,
        ('b', 'started'): False,
        ('c', 'succeeded'): False,
    }


def test_question_mark_on_the_left_makes_the_output_optional():
    assert optional('a? => b')[('a', 'succeeded')] is True
    assert optional('a:fail? => b')[('a', 'failed')] is True


def test_question_mark_on_the_right_makes_succeeded_optional():
    assert optional('a => b?')[('b', 'succeeded')] is True


def test_question_mark_on_a_right_qualifier_applies_to_that_output():
    assert optional('a => b:x?')[('b', 'x')] is True


def test_optional_marker_in_a_conditional_expression():
    result = optional('(a? | b:fail?) & c => d')
    assert result[('a', 'succeeded')] is True
    assert result[('b', 'failed')] is True
    assert result[('c', 'succeeded')] is False


def test_fail_trigger_without_marker_makes_failed_required():
    # Cylc 8: "a:fail => b" means a is expected to fail.
    result = optional('a:fail => b')
    assert result == {('a', 'failed'): False, ('b', 'succeeded'): False}


def test_finish_makes_succeeded_and_failed_optional():
    assert optional('a:finish => b') == {
        ('a', 'succeeded'): True,
        ('a', 'failed'): True,
        ('b', 'succeeded'): False,
    }


def test_suicide_triggers_do_not_set_optionality():
    assert optional('a? => !b') == {('a', 'succeeded'): True}


def test_offset_references_do_not_set_optionality():
    assert optional('a[-P1]:fail => b') == {('b', 'succeeded'): False}


def test_same_output_required_and_optional_is_an_error():
    with pytest.raises(
        GraphParseError,
        match=r"Output a:succeeded can't be both required and optional"
        r" \(line: a\? => c\)",
    ):
        optional('a => b\na? => c')


def test_optional_then_required_is_an_error_too():
    with pytest.raises(GraphParseError, match="can't be both required and optional"):
        optional('x => a?\na => c')


@pytest.mark.parametrize('graph', [
    'a:fail => b\na => c',
    'a:fail? => b\na => c',
    'a:fail => b\na? => c',
    'a:submit-fail => b\na:submit => c',
])
def test_opposite_outputs_must_both_be_optional(graph):
    with pytest.raises(GraphParseError, match=r'Opposite outputs .* must both be'
                       r' optional if both are used'):
        optional(graph)


def test_opposite_outputs_both_optional_are_fine():
    result = optional('a:fail? => b\na? => c\nx:submit-fail? => y\nx:submit? => z')
    assert result[('a', 'failed')] and result[('a', 'succeeded')]
    assert result[('x', 'submit-failed')] and result[('x', 'submitted')]


def test_optional_finish_is_an_error():
    with pytest.raises(
        GraphParseError, match="Pseudo-output a:finished can't be optional"
    ):
        optional('a:finish? => b')


def test_task_reference_overrides_a_family_default():
    result = optional('FAM:succeed-all => x\nm1? => y')
    assert result[('m1', 'succeeded')] is True
    assert result[('m2', 'succeeded')] is False


def test_family_default_does_not_override_a_task_reference():
    result = optional('m1? => y\nFAM:succeed-all => x')
    assert result[('m1', 'succeeded')] is True


def test_family_opposites_are_reported_as_family_defaults():
    with pytest.raises(GraphParseError, match='via family trigger defaults'):
        optional('FAM:finish-all & FAM:succeed-any => x\nFAM:fail-all => y')


# ---- merging graph strings ---------------------------------------------------
def test_merge_combines_disjoint_outputs():
    merged = merge_output_optional(
        {('a', 'succeeded'): False}, {('b', 'failed'): True}
    )
    assert merged == {('a', 'succeeded'): False, ('b', 'failed'): True}


def test_merge_rejects_required_and_optional():
    with pytest.raises(GraphParseError, match="a:succeeded can't be both"):
        merge_output_optional({('a', 'succeeded'): False}, {('a', 'succeeded'): True})


def test_merge_rejects_required_opposites_across_strings():
    with pytest.raises(GraphParseError, match='Opposite outputs'):
        merge_output_optional({('a', 'succeeded'): False}, {('a', 'failed'): False})


def test_merge_keeps_family_defaults_overridable():
    parser = GraphParser(family_members=FAMILIES)
    first = parser.parse('FAM:succeed-all => x').output_optional
    second = parser.parse('m1? => y').output_optional
    merged = merge_output_optional(merge_output_optional({}, first), second)
    assert merged[('m1', 'succeeded')] is True
    assert merged[('m2', 'succeeded')] is False


def test_merge_checks_family_defaults_against_each_other():
    parser = GraphParser(family_members=FAMILIES)
    first = parser.parse('FAM:succeed-any? => x').output_optional
    second = parser.parse('FAM:succeed-all => y').output_optional
    with pytest.raises(GraphParseError, match="can't default to both"):
        merge_output_optional(first, second)


def test_merge_result_is_a_plain_mapping_of_booleans():
    merged = merge_output_optional({}, optional('a? => b'))
    assert dict(merged) == {('a', 'succeeded'): True, ('b', 'succeeded'): False}


def test_merge_rejects_malformed_keys():
    with pytest.raises(GraphParseError):
        merge_output_optional({'bad': True}, {})
