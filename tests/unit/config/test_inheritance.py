"""C3 linearisation of runtime namespaces."""

import pytest

from cylc_flow.config.inheritance import linearise
from cylc_flow.exceptions import WorkflowConfigError


def test_first_parent_wins_over_second_parent():
    parents = {'root': [], 'OBS': ['root'], 'SURFACE': ['root'],
               'obs_land': ['OBS', 'SURFACE']}
    assert linearise('obs_land', parents, {}) == [
        'obs_land', 'OBS', 'SURFACE', 'root']


def test_diamond_inheritance_puts_shared_ancestor_after_both_branches():
    parents = {'root': [], 'A': ['root'], 'B': ['A'], 'C': ['A'],
               'D': ['B', 'C']}
    assert linearise('D', parents, {}) == ['D', 'B', 'C', 'A', 'root']


def test_inconsistent_order_is_an_error():
    parents = {'root': [], 'A': ['root'], 'B': ['A'], 'X': ['A', 'B']}
    with pytest.raises(WorkflowConfigError, match='inconsistent'):
        linearise('X', parents, {})


def test_circular_inheritance_is_an_error():
    parents = {'root': [], 'A': ['B'], 'B': ['A']}
    with pytest.raises(WorkflowConfigError, match='circular'):
        linearise('A', parents, {})


def test_deep_hierarchies_do_not_recurse():
    depth = 2000
    parents = {'root': [], 'n0': ['root']}
    for i in range(1, depth):
        parents[f'n{i}'] = [f'n{i - 1}']
    order = linearise(f'n{depth - 1}', parents, {})
    assert len(order) == depth + 1
    assert order[-1] == 'root'
