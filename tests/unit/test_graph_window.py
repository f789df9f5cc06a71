"""The expanded-graph cycle finder."""

from cylc_flow.graph.window import Edge, find_cycle


def edge(a, b, suicide=False):
    return Edge(1, a, 1, b, suicide, False)


def test_acyclic_graph_has_no_cycle():
    nodes = {(1, name) for name in 'abcd'}
    edges = [edge('a', 'b'), edge('b', 'c'), edge('a', 'c'), edge('c', 'd')]
    assert find_cycle(nodes, edges) is None


def test_cycle_is_reported_as_a_closed_path():
    nodes = {(1, name) for name in 'abcde'}
    edges = [edge('e', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'a'),
             edge('c', 'd')]
    cycle = find_cycle(nodes, edges)
    assert cycle[0] == cycle[-1]
    assert {name for _, name in cycle} == {'a', 'b', 'c'}


def test_suicide_edges_do_not_make_cycles():
    nodes = {(1, 'a'), (1, 'b')}
    assert find_cycle(nodes, [edge('a', 'b'), edge('b', 'a', suicide=True)]) is None


def test_self_loop_is_a_cycle():
    assert find_cycle({(1, 'a')}, [edge('a', 'a')]) == [(1, 'a'), (1, 'a')]
