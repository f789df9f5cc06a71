"""Prerequisite.at_own_point matches the general constructor."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cylc_flow.core.prerequisite import Prerequisite
from cylc_flow.graph.model import TaskTrigger


def _dependency(*triggers: TaskTrigger, conditional: bool = False,
                suicide: bool = False) -> SimpleNamespace:
    expression = ('or' if conditional else 'and', list(triggers))
    return SimpleNamespace(triggers=triggers, conditional=conditional,
                           suicide=suicide, expression=expression)


def _state(prereq: Prerequisite) -> tuple:
    return (prereq.conditions, prereq.keys_by_leaf, prereq.is_suicide,
            prereq.is_satisfied, prereq._unsatisfied)


@pytest.mark.parametrize('pre_initial', [False, True])
@pytest.mark.parametrize('conditional', [False, True])
def test_at_own_point_builds_the_same_prerequisite(pre_initial, conditional):
    triggers = (TaskTrigger('a', 'succeeded'), TaskTrigger('b', 'x'),
                TaskTrigger('a', 'succeeded'))
    dependency = _dependency(*triggers, conditional=conditional)
    general = Prerequisite(dependency, lambda _trigger: 5,
                           lambda _point: pre_initial)
    fast = Prerequisite.at_own_point(dependency, 5, pre_initial)
    assert _state(fast) == _state(general)
    assert fast.is_satisfied is pre_initial


def test_at_own_point_prerequisite_counts_satisfied_conditions():
    dependency = _dependency(TaskTrigger('a', 'succeeded'),
                             TaskTrigger('b', 'succeeded'))
    prereq = Prerequisite.at_own_point(dependency, 1, False)
    assert prereq.satisfy((1, 'a', 'succeeded'))
    assert not prereq.is_satisfied
    assert prereq.satisfy((1, 'b', 'succeeded'))
    assert prereq.is_satisfied
    assert sorted(prereq.satisfied_ids()) == ['1/a', '1/b']
