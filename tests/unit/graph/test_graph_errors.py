"""Malformed graph lines: each raises GraphParseError naming the line."""

from __future__ import annotations

import pytest

from cylc_flow.exceptions import GraphParseError
from cylc_flow.graph.parser import GraphParser

FAMILIES = {'FAM': ['m1', 'm2']}


def error_for(graph: str) -> str:
    with pytest.raises(GraphParseError) as info:
        GraphParser(family_members=FAMILIES).parse(graph)
    message = str(info.value)
    assert '\n' not in message
    return message


@pytest.mark.parametrize(('line', 'reason'), [
    ('foo bar => baz', 'Bad graph node format'),
    ('foo => bar baz', 'Bad graph node format'),
    ('foo +bar => baz', 'Bad graph node format'),
    ('a => b:', 'Bad graph node format'),
    ('a[] => b', 'Bad graph node format'),
    ('a[-P1D => b', 'Bad graph node format'),
    ('a:fail:x => b', 'Bad graph node format'),
    ('a?? => b', 'Bad graph node format'),
    ('@ => b', 'Bad graph node format'),
    ('@x? => b', 'Bad graph node format'),
    ('a! => b', 'Bad graph node format'),
    ('a(b) => c', 'Bad graph node format'),
    ('() => c', 'Bad graph node format'),
    ('a.b => c', 'Bad graph node format'),
    ('a$ => c', 'Bad graph node format'),
    ('a && b => c', "The graph AND operator is '&'"),
    ('a || b => c', "The graph OR operator is '|'"),
    ('a => => b', 'Null task name in graph'),
    ('a & => b', 'Null task name in graph'),
    ('& a => b', 'Leading &'),
    ('a | => b', 'Null task name in graph'),
    ('(a | ) => b', 'Null task name in graph'),
    ('(a => b', 'Mismatched parentheses'),
    ('a) => b', 'Mismatched parentheses'),
    ('a => (b', 'Mismatched parentheses'),
    ('a => b | c', 'Illegal OR on right side'),
    ('!a => b', 'Suicide markers must be on the right of a trigger'),
    ('a => !b => c', 'Suicide markers must be on the right of a trigger'),
    ('!a', 'Suicide markers must be on the right of a trigger'),
    ('a => b[-P1D]', 'Illegal cycle point offset on the right'),
    ('a => @x', "Xtriggers can't be on the right"),
    ('@x | a => b', 'Xtriggers cannot be used in conditional graph expressions'),
    ('@x & a:finish => b', 'Xtriggers cannot be used in conditional graph'),
    ('@x & FAM:succeed-any => b', 'Xtriggers cannot be used in conditional'),
    ('a => a', 'self-edge detected: a:succeeded => a'),
    ('a:fail? | b => a', 'self-edge detected: a:failed => a'),
    ('FAM => x', 'Illegal family trigger in FAM'),
    ('a => FAM:bogus', 'Illegal family trigger: FAM:bogus'),
    ('a:fail-any => b', 'family trigger on non-family namespace'),
    ('a => b:succeed-all', 'family trigger on non-family namespace'),
    ('a:finish? => b', "Pseudo-output a:finished can't be optional"),
    ('a => b\na => !b', "a can't trigger both b and !b"),
])
def test_malformed_line_is_reported_with_the_line(line, reason):
    message = error_for(line)
    assert reason in message
    assert line.splitlines()[-1].strip() in message


def test_leading_arrow():
    assert error_for('=> a') == 'Leading =>: => a'


def test_dangling_arrow():
    assert error_for('a => b\nc =>') == 'Dangling =>: c =>'


def test_dangling_and():
    assert error_for('a & b &') == 'Dangling &: a & b &'


def test_consecutive_continuations():
    message = error_for('a =>\n=> b')
    assert 'Consecutive lines end and start with continuation' in message
    assert 'a =>' in message and '=> b' in message


def test_graph_must_be_text():
    with pytest.raises(GraphParseError, match='graph must be text'):
        GraphParser().parse(None)  # type: ignore[arg-type]


def test_deeply_nested_parentheses_are_refused_cleanly():
    graph = '(' * 500 + 'a' + ')' * 500 + ' => b'
    assert 'nested more than' in error_for(graph)


def test_moderately_nested_parentheses_are_fine():
    graph = '(' * 50 + 'a' + ')' * 50 + ' => b'
    assert GraphParser().parse(graph).dependencies


def test_spaces_around_parameter_offsets_are_allowed():
    from cylc_flow.config.parameters import Parameters

    parser = GraphParser(parameters=Parameters({'m': [1, 2]}))
    assert parser.parse('a<m - 1> => a<m>').dependencies
