"""Fuzzing: any text either parses or raises a CylcError, never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylc_flow.config.parameters import Parameters
from cylc_flow.exceptions import CylcError
from cylc_flow.graph.model import TaskTrigger, XtriggerRef
from cylc_flow.graph.parser import GraphParser

PARSER = GraphParser(
    family_members={'FAM': ['m1', 'm2'], 'ONE': ['solo']},
    parameters=Parameters({'m': [1, 2, 3], 's': ['x', 'y']}),
)
CHECKED_PARSER = GraphParser(
    family_members={'FAM': ['m1', 'm2']},
    task_output_names={'a': ['out1']},
)

VALID_GRAPHS = [
    'a => b => c',
    'a & b:fail? | (c:finish & d[-P1D]) => e & f?',
    'FAM:succeed-any? => x => FAM?\nx => !y',
    '@clock & a<m> => b<m> => c<m+1>',
    'proc<m-1> => proc<m>\nproc<m=2> => mirror<s>',
    'a |\n  b & # comment\n  c => d\n=> e',
    'ONE:finish-all & a[^]:start => z:submit-fail?',
]

GRAPH_CHARACTERS = st.sampled_from(list('abFAMmsx_-+%@!?:&|()[]<>=^$#,.P1D\n \t'))
TOKENS = st.sampled_from([
    'a', 'b', 'c', 'FAM', 'ONE', 'm1', ' ', '=>', ' => ', '&', '|', '(', ')',
    ':fail', ':succeed-all', ':finish', ':finish-any', ':x', '?', '!', '@clock',
    '[-P1D]', '[^]', '[2000]', '<m>', '<m-1>', '<m+1>', '<m=2>', '<s>', '<m,s>',
    '<z>', '\n', '#', '&&',
])


def check(parser: GraphParser, graph: str) -> None:
    try:
        result = parser.parse(graph)
    except CylcError as exc:
        assert str(exc)
        return
    for dependency in result.dependencies:
        assert dependency.target in result.tasks
        for leaf in _leaves(dependency.expression):
            assert isinstance(leaf, TaskTrigger | XtriggerRef)
            if isinstance(leaf, TaskTrigger):
                assert leaf.task in result.tasks
    for task, _output in result.output_optional:
        assert task in result.tasks
    assert result.sequence_tasks <= result.tasks


def _leaves(expression):
    stack = [expression]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            operator, operands = item
            assert operator in ('and', 'or')
            assert len(operands) >= 2
            stack.extend(operands)
        else:
            yield item


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_parses_or_raises_a_cylc_error(graph):
    check(PARSER, graph)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(GRAPH_CHARACTERS, max_size=80))
def test_text_of_graph_characters_parses_or_raises_a_cylc_error(graph):
    check(PARSER, graph)
    check(CHECKED_PARSER, graph)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TOKENS, max_size=25).map(''.join))
def test_token_soup_parses_or_raises_a_cylc_error(graph):
    check(PARSER, graph)
    check(CHECKED_PARSER, graph)


@st.composite
def mutated_graphs(draw):
    graph = draw(st.sampled_from(VALID_GRAPHS))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(graph)))
        action = draw(st.sampled_from(['insert', 'delete', 'replace']))
        piece = draw(st.one_of(TOKENS, GRAPH_CHARACTERS))
        if action == 'insert':
            graph = graph[:position] + piece + graph[position:]
        elif action == 'delete':
            graph = graph[:position] + graph[position + len(piece):]
        else:
            graph = graph[:position] + piece + graph[position + len(piece):]
    return graph


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_graphs())
def test_mutated_valid_graphs_parse_or_raise_a_cylc_error(graph):
    check(PARSER, graph)


def test_the_valid_seed_graphs_parse():
    for graph in VALID_GRAPHS:
        assert PARSER.parse(graph).tasks
