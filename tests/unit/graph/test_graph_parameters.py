"""Task parameters in graph strings: <m>, <m-1>, <m+1>, <m=2>, <m,n>."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cylc_flow.config.parameters import Parameters
from cylc_flow.exceptions import ParamExpandError
from cylc_flow.graph.model import expression_text
from cylc_flow.graph.parser import GraphParser

PARAMETERS = Parameters({
    'm': [1, 2, 3, 4],
    'n': [1, 2],
    'side': ['port', 'starboard'],
})


def parse(graph: str, **kwargs):
    return GraphParser(parameters=PARAMETERS, **kwargs).parse(graph)


def edge_set(graph: str, **kwargs) -> set[tuple[str, str]]:
    return {
        (dep.target, expression_text(dep.expression))
        for dep in parse(graph, **kwargs).dependencies
    }


def test_parameter_expands_the_line_for_every_value():
    assert edge_set('a<m> => b<m>') == {
        (f'b_m{value}', f'a_m{value}:succeeded') for value in range(1, 5)
    }


def test_string_parameter_uses_the_bare_value():
    assert parse('x => mirror<side>').tasks == {'x', 'mirror_port', 'mirror_starboard'}


def test_two_parameters_give_the_cartesian_product():
    assert parse('sim<m,n>').tasks == {
        f'sim_m{m}_n{n}' for m in range(1, 5) for n in (1, 2)
    }


def test_selected_value_names_one_task():
    assert edge_set('seed => proc<m=1>') == {('proc_m1', 'seed:succeeded')}


def test_selected_value_with_a_free_parameter():
    assert edge_set('a<m=2,n> => b') == {
        ('b', 'a_m2_n1:succeeded'), ('b', 'a_m2_n2:succeeded'),
    }


def test_previous_value_chains_the_tasks_and_drops_the_first_edge():
    result = parse('proc<m-1> => proc<m>')
    assert {
        (dep.target, expression_text(dep.expression)) for dep in result.dependencies
    } == {
        ('proc_m2', 'proc_m1:succeeded'),
        ('proc_m3', 'proc_m2:succeeded'),
        ('proc_m4', 'proc_m3:succeeded'),
    }
    assert result.tasks == {'proc_m1', 'proc_m2', 'proc_m3', 'proc_m4'}


def test_next_value_past_the_end_stops_the_chain():
    assert edge_set('a<m> => b<m+1> => c') == {
        ('b_m2', 'a_m1:succeeded'), ('c', 'b_m2:succeeded'),
        ('b_m3', 'a_m2:succeeded'), ('c', 'b_m3:succeeded'),
        ('b_m4', 'a_m3:succeeded'), ('c', 'b_m4:succeeded'),
    }
    # For m=4 only a_m4 is left, as a lone node.
    assert 'a_m4' in parse('a<m> => b<m+1> => c').sequence_tasks


def test_out_of_range_node_is_dropped_from_its_group_only():
    assert edge_set('a<m-1> & b<m> => c<m>', ) >= {('c_m1', 'b_m1:succeeded')}
    assert ('c_m2', 'a_m1:succeeded & b_m2:succeeded') in edge_set(
        'a<m-1> & b<m> => c<m>'
    )


def test_out_of_range_node_inside_parentheses():
    assert ('d_m1', 'b_m1:succeeded & c:succeeded') in edge_set(
        '(a<m-1> | b<m>) & c => d<m>'
    )


def test_out_of_range_on_the_right_drops_only_that_target():
    assert edge_set('x<m> => y<m+1> & z<m>') >= {('z_m4', 'x_m4:succeeded')}
    assert ('y_m5', 'x_m4:succeeded') not in edge_set('x<m> => y<m+1> & z<m>')


def test_parameters_combine_with_qualifiers_offsets_and_markers():
    result = parse('a<m>[-P1]:fail? => b<m>')
    dep = next(dep for dep in result.dependencies if dep.target == 'b_m2')
    assert expression_text(dep.expression) == 'a_m2[-P1]:failed'


def test_parameterised_family_name():
    families = {'FAM_m1': ['f1'], 'FAM_m2': ['f2'], 'FAM_m3': ['f3'], 'FAM_m4': ['f4']}
    assert ('x_m2', 'f2:succeeded') in edge_set(
        'FAM<m>:succeed-all => x<m>', family_members=families
    )


def test_parameter_inside_a_name():
    assert parse('pre<m=1>post').tasks == {'pre_m1post'}


def test_custom_template():
    parameters = Parameters({'m': [1, 2]}, {'m': '_run%(m)03d'})
    result = GraphParser(parameters=parameters).parse('a<m>')
    assert result.tasks == {'a_run001', 'a_run002'}


def test_undefined_parameter_names_the_line():
    with pytest.raises(ParamExpandError, match=r'parameter z is not defined.*foo<z>'):
        parse('foo<z> => bar')


def test_parameter_without_any_parameters_configured():
    with pytest.raises(ParamExpandError, match='parameter m is not defined'):
        GraphParser().parse('foo<m> => bar')


def test_selected_value_out_of_range_is_an_error():
    with pytest.raises(
        ParamExpandError, match='parameter m out of range: <m=9> in a<m=9> => b'
    ):
        parse('a<m=9> => b')


def test_conformance_param_chain_matches_the_reference_log():
    """shared/conformance/11-param-chain: who triggers each task."""
    graph = """
        seed => proc<m=1>
        proc<m-1> => proc<m>
        proc<m> => post<m>
        proc<m=2> => mirror<side>
        mirror<side> => dock
        post<m=4> & dock => gather
    """
    parents: dict[str, set[str]] = {}
    for dep in parse(graph).dependencies:
        parents.setdefault(dep.target, set()).update(
            trigger.task for trigger in _leaves(dep.expression)
        )
    expected = _reference_parents()
    assert {task: parents.get(task, set()) for task in expected} == expected


def _leaves(expression):
    if isinstance(expression, tuple):
        for operand in expression[1]:
            yield from _leaves(operand)
    else:
        yield expression


def _reference_parents() -> dict[str, set[str]]:
    shared = Path(os.environ.get(
        'CYLC_SHARED_DIR', Path(__file__).resolve().parents[4] / 'shared'
    ))
    reference = shared / 'conformance/11-param-chain/reference.log'
    if not reference.exists():
        pytest.skip('conformance workflows not available')
    parents = {}
    for line in reference.read_text().splitlines():
        task_id, _, rest = line.partition(' -triggered off ')
        names = rest.split('[', 1)[1].split(']', 1)[0]
        parents[task_id.split('/')[1]] = {
            item.strip(" '").split('/')[1] for item in names.split(',') if item.strip()
        }
    return parents
