"""Graph syntax: chains, operators, qualifiers, offsets, xtriggers, lines."""

from __future__ import annotations

import pytest

from cylc_flow.exceptions import GraphParseError
from cylc_flow.graph.model import (
    Dependency,
    TaskTrigger,
    XtriggerRef,
    expression_text,
)
from cylc_flow.graph.parser import GraphParser


def parse(graph: str, **kwargs):
    return GraphParser(**kwargs).parse(graph)


def edges(graph: str, **kwargs) -> list[tuple[str, str, bool]]:
    """(target, expression text, suicide) for each dependency, in order."""
    return [
        (dep.target, expression_text(dep.expression), dep.suicide)
        for dep in parse(graph, **kwargs).dependencies
    ]


def test_single_arrow_makes_target_depend_on_success():
    result = parse('a => b')
    assert result.dependencies == [
        Dependency('b', TaskTrigger('a', 'succeeded'), False, 'a => b')
    ]
    assert result.tasks == {'a', 'b'}
    assert result.sequence_tasks == {'a', 'b'}


def test_chain_links_each_node_to_the_previous_one():
    assert edges('a => b => c') == [
        ('b', 'a:succeeded', False),
        ('c', 'b:succeeded', False),
    ]


def test_middle_node_qualifier_applies_to_the_next_edge_only():
    assert edges('a => b:fail? => c') == [
        ('b', 'a:succeeded', False),
        ('c', 'b:failed', False),
    ]


def test_and_on_the_left_is_one_expression():
    (dep,) = parse('a & b => c').dependencies
    assert dep.expression == (
        'and', (TaskTrigger('a', 'succeeded'), TaskTrigger('b', 'succeeded'))
    )


def test_and_binds_tighter_than_or():
    (dep,) = parse('a | b & c => d').dependencies
    a, b, c = (TaskTrigger(name, 'succeeded') for name in 'abc')
    assert dep.expression == ('or', (a, ('and', (b, c))))


def test_parentheses_group_on_the_left():
    (dep,) = parse('(a | b) & c => d').dependencies
    a, b, c = (TaskTrigger(name, 'succeeded') for name in 'abc')
    assert dep.expression == ('and', (('or', (a, b)), c))


def test_nested_same_operators_are_flattened():
    (dep,) = parse('(a & (b & c)) & d => e').dependencies
    assert dep.expression[0] == 'and'
    assert [trigger.task for trigger in dep.expression[1]] == ['a', 'b', 'c', 'd']


def test_and_on_the_right_gives_each_task_the_dependency():
    assert edges('a => b & c') == [
        ('b', 'a:succeeded', False),
        ('c', 'a:succeeded', False),
    ]


def test_parentheses_on_the_right_are_allowed_around_and():
    assert edges('a => (b & c)') == edges('a => b & c')


@pytest.mark.parametrize(('qualifier', 'output'), [
    ('succeed', 'succeeded'),
    ('succeeded', 'succeeded'),
    ('fail', 'failed'),
    ('failed', 'failed'),
    ('start', 'started'),
    ('started', 'started'),
    ('submit', 'submitted'),
    ('submitted', 'submitted'),
    ('submit-fail', 'submit-failed'),
    ('submit-failed', 'submit-failed'),
    ('expire', 'expired'),
    ('expired', 'expired'),
    ('custom_out', 'custom_out'),
])
def test_qualifiers_are_normalised_to_output_names(qualifier, output):
    (dep,) = parse(f'a:{qualifier}? => b').dependencies
    assert dep.expression == TaskTrigger('a', output)


@pytest.mark.parametrize('qualifier', ['finish', 'finished'])
def test_finish_means_succeeded_or_failed(qualifier):
    (dep,) = parse(f'a:{qualifier} => b').dependencies
    assert dep.expression == (
        'or', (TaskTrigger('a', 'succeeded'), TaskTrigger('a', 'failed'))
    )


@pytest.mark.parametrize(('offset', 'absolute'), [
    ('-P1D', False),
    ('-P1', False),
    ('+PT6H', False),
    ('-PT6H+P1D', False),
    ('T00', False),
    ('^', True),
    ('^+P6', True),
    ('$', True),
    ('2000', True),
    ('20250101T18Z', True),
    ('2000-01-01T00:00', True),
])
def test_offsets_are_kept_as_written(offset, absolute):
    (dep,) = parse(f'a[{offset}]:fail? => b').dependencies
    assert dep.expression == TaskTrigger('a', 'failed', offset)
    assert dep.expression.is_absolute is absolute


def test_inter_cycle_trigger_on_itself_is_not_a_self_edge():
    (dep,) = parse('a[-P1D] => a').dependencies
    assert dep.expression == TaskTrigger('a', 'succeeded', '-P1D')


def test_task_used_only_with_an_offset_is_not_on_the_sequence():
    result = parse('a[-P1D] => b')
    assert result.tasks == {'a', 'b'}
    assert result.sequence_tasks == {'b'}


def test_offset_in_the_middle_of_a_chain_drops_the_edge_into_it():
    # Cylc 8 ignores "a => b[-P1D]" but keeps "b[-P1D] => c".
    assert edges('a => b[-P1D] => c') == [('c', 'b[-P1D]:succeeded', False)]


def test_lone_task_is_in_the_graph_without_dependencies():
    result = parse('foo')
    assert result.dependencies == []
    assert result.tasks == result.sequence_tasks == {'foo'}
    assert result.output_optional == {('foo', 'succeeded'): False}


def test_suicide_marks_the_dependency_and_not_the_sequence():
    result = parse('a => !b')
    assert [(dep.target, dep.suicide) for dep in result.dependencies] == [('b', True)]
    assert result.sequence_tasks == {'a'}
    assert ('b', 'succeeded') not in result.output_optional


def test_xtrigger_is_part_of_the_expression_and_listed_per_task():
    result = parse('@clock & a => b')
    (dep,) = result.dependencies
    assert dep.expression == (
        'and', (XtriggerRef('clock'), TaskTrigger('a', 'succeeded'))
    )
    assert result.xtriggers == {'b': {'clock'}}


def test_xtrigger_alone_on_the_left():
    result = parse('@wall_clock => foo')
    assert result.dependencies[0].expression == XtriggerRef('wall_clock')
    assert result.xtriggers == {'foo': {'wall_clock'}}
    assert result.tasks == {'foo'}


def test_duplicate_lines_give_one_dependency():
    assert len(parse('a => b\na => b\na:succeeded => b').dependencies) == 1


def test_dependency_records_the_line_as_written():
    (dep,) = parse('   a   =>   b   # comment').dependencies
    assert dep.line == 'a   =>   b'


def test_comments_and_blank_lines_are_ignored():
    graph = """
        # a comment
        a => b  # trailing comment

        b => c
    """
    assert edges(graph) == [('b', 'a:succeeded', False), ('c', 'b:succeeded', False)]


@pytest.mark.parametrize('graph', [
    'a =>\nb',
    'a\n=> b',
    'a &\nb => c',
    'a\n& b => c',
    'a |\nb => c',
    'a\n| b => c',
])
def test_lines_continue_after_or_before_an_operator(graph):
    assert parse(graph).dependencies


def test_continued_lines_are_joined_in_the_recorded_line():
    (dep, _) = parse('a =>\n   b => c').dependencies
    assert dep.line == 'a => b => c'


def test_names_may_contain_dashes_plus_percent_and_at():
    result = parse('my-task+1 => x%y => a@b')
    assert result.tasks == {'my-task+1', 'x%y', 'a@b'}


def test_unicode_word_characters_are_names():
    assert parse('café => naïve').tasks == {'café', 'naïve'}


def test_results_are_independent_between_calls():
    parser = GraphParser()
    first = parser.parse('a => b')
    second = parser.parse('c => d')
    assert first.tasks == {'a', 'b'}
    assert second.tasks == {'c', 'd'}


def test_undefined_custom_output_is_an_error_when_outputs_are_known():
    parser = GraphParser(task_output_names={'a': ['ready']})
    assert parser.parse('a:ready => b').dependencies
    with pytest.raises(GraphParseError, match='Undefined custom output: a:nope'):
        parser.parse('a:nope => b')
    with pytest.raises(GraphParseError, match='Undefined custom output: c:x'):
        parser.parse('c:x => b')


def test_custom_outputs_are_not_checked_without_output_names():
    assert parse('a:anything => b').dependencies[0].expression == TaskTrigger(
        'a', 'anything'
    )
