"""Family triggers: FAM:succeed-all, FAM:fail-any, families on the right."""

from __future__ import annotations

import pytest

from cylc_flow.exceptions import GraphParseError
from cylc_flow.graph.model import TaskTrigger
from cylc_flow.graph.parser import GraphParser

FAMILIES = {'FAM': ['m1', 'm2'], 'SOLO': ['s1']}


def parse(graph: str):
    return GraphParser(family_members=FAMILIES).parse(graph)


def triggers(output: str, offset: str | None = None) -> tuple[TaskTrigger, ...]:
    return (TaskTrigger('m1', output, offset), TaskTrigger('m2', output, offset))


@pytest.mark.parametrize(('qualifier', 'operator', 'output'), [
    ('succeed-all', 'and', 'succeeded'),
    ('succeed-any', 'or', 'succeeded'),
    ('fail-all', 'and', 'failed'),
    ('fail-any', 'or', 'failed'),
    ('start-all', 'and', 'started'),
    ('start-any', 'or', 'started'),
    ('submit-all', 'and', 'submitted'),
    ('submit-any', 'or', 'submitted'),
    ('submit-fail-all', 'and', 'submit-failed'),
    ('submit-fail-any', 'or', 'submit-failed'),
    ('expire-all', 'and', 'expired'),
    ('expire-any', 'or', 'expired'),
])
def test_family_qualifier_expands_to_members(qualifier, operator, output):
    (dep,) = parse(f'FAM:{qualifier}? => x').dependencies
    assert dep.target == 'x'
    assert dep.expression == (operator, triggers(output))


def test_finish_all_is_every_member_succeeded_or_failed():
    (dep,) = parse('FAM:finish-all => x').dependencies
    assert dep.expression == ('and', (
        ('or', (TaskTrigger('m1', 'succeeded'), TaskTrigger('m1', 'failed'))),
        ('or', (TaskTrigger('m2', 'succeeded'), TaskTrigger('m2', 'failed'))),
    ))


def test_finish_any_is_one_flat_or():
    (dep,) = parse('FAM:finish-any => x').dependencies
    assert dep.expression == ('or', (
        TaskTrigger('m1', 'succeeded'), TaskTrigger('m1', 'failed'),
        TaskTrigger('m2', 'succeeded'), TaskTrigger('m2', 'failed'),
    ))


def test_family_with_an_offset_offsets_every_member():
    (dep,) = parse('FAM[-P1D]:succeed-all => x').dependencies
    assert dep.expression == ('and', triggers('succeeded', '-P1D'))


def test_family_of_one_member_is_just_that_member():
    (dep,) = parse('SOLO:succeed-any => x').dependencies
    assert dep.expression == TaskTrigger('s1', 'succeeded')


def test_family_trigger_inside_a_larger_expression():
    (dep,) = parse('a & FAM:succeed-all => x').dependencies
    assert dep.expression == (
        'and', (TaskTrigger('a', 'succeeded'), *triggers('succeeded'))
    )


def test_family_on_the_right_means_every_member():
    result = parse('a => FAM')
    assert sorted(dep.target for dep in result.dependencies) == ['m1', 'm2']
    assert result.tasks == {'a', 'm1', 'm2'}
    assert result.families == {'FAM': ('m1', 'm2')}


def test_suicide_family_on_the_right_applies_to_every_member():
    result = parse('a:fail? => !FAM')
    assert {(dep.target, dep.suicide) for dep in result.dependencies} == {
        ('m1', True), ('m2', True),
    }
    assert result.sequence_tasks == {'a'}


def test_plain_family_on_the_right_makes_member_success_a_default():
    # A family default can be overridden by a task reference.
    result = parse('a => FAM\nm1? => b')
    assert result.output_optional[('m1', 'succeeded')] is True
    assert result.output_optional[('m2', 'succeeded')] is False


def test_family_optional_marker_makes_member_outputs_optional():
    result = parse('FAM:fail-any? => x')
    assert result.output_optional[('m1', 'failed')] is True
    assert result.output_optional[('m2', 'failed')] is True


def test_family_finish_makes_member_succeeded_and_failed_optional():
    result = parse('FAM:finish-all => x')
    for member in ('m1', 'm2'):
        assert result.output_optional[(member, 'succeeded')] is True
        assert result.output_optional[(member, 'failed')] is True


def test_unqualified_family_on_the_left_is_an_error():
    with pytest.raises(GraphParseError, match='Illegal family trigger in FAM'):
        parse('FAM => x')


def test_task_qualifier_on_a_family_is_an_error():
    with pytest.raises(GraphParseError, match='Illegal family trigger'):
        parse('FAM:succeed => x')


def test_family_qualifier_on_a_task_is_an_error():
    with pytest.raises(GraphParseError, match='family trigger on non-family'):
        parse('a:succeed-all => x')


def test_optional_family_finish_is_an_error():
    with pytest.raises(
        GraphParseError,
        match="Family pseudo-output FAM:finish-all can't be optional",
    ):
        parse('FAM:finish-all? => x')


def test_family_defaults_must_agree():
    with pytest.raises(GraphParseError, match="can't default to both"):
        parse('FAM:succeed-any? => x\nFAM:succeed-all => y')


def test_family_trigger_onto_its_own_member_is_a_self_edge():
    with pytest.raises(GraphParseError, match='self-edge detected'):
        parse('FAM:succeed-all => m1')


def test_family_without_members_is_an_error():
    with pytest.raises(GraphParseError, match='EMPTY has no member tasks'):
        GraphParser(family_members={'EMPTY': []}).parse('a => EMPTY')
