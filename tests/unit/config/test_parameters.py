"""Task parameters: values, default and custom templates, name expansion."""

from __future__ import annotations

import pytest

from cylc_flow.config.parameters import Parameters, default_template
from cylc_flow.exceptions import ParamExpandError


@pytest.fixture
def parameters() -> Parameters:
    return Parameters({
        'm': [1, 2, 3, 4],
        'n': list(range(1, 11)),
        'side': ['port', 'starboard'],
        'level': [-5, 0, 5],
    })


@pytest.mark.parametrize(('values', 'template'), [
    ([1, 2, 3, 4], '_m%(m)01d'),
    ([1, 10], '_m%(m)02d'),
    ([0, 100], '_m%(m)03d'),
    ([-1, 0, 1], '_m%(m)+02d'),
    ([-10, 5], '_m%(m)+03d'),
    (['a', 'bb'], '_%(m)s'),
])
def test_default_templates_follow_cylc(values, template):
    assert default_template('m', values) == template


def test_integer_names_are_zero_padded_to_the_widest_value(parameters):
    names = [name for name, _ in parameters.expand_name('x<n>')]
    assert names[0] == 'x_n01'
    assert names[-1] == 'x_n10'


def test_negative_integers_carry_a_sign(parameters):
    assert [name for name, _ in parameters.expand_name('t<level>')] == [
        't_level-5', 't_level+0', 't_level+5',
    ]


def test_expand_name_gives_names_and_values(parameters):
    assert parameters.expand_name('proc<m>') == [
        ('proc_m1', {'m': 1}),
        ('proc_m2', {'m': 2}),
        ('proc_m3', {'m': 3}),
        ('proc_m4', {'m': 4}),
    ]


def test_string_parameter_uses_the_bare_value(parameters):
    assert parameters.expand_name('mirror<side>') == [
        ('mirror_port', {'side': 'port'}),
        ('mirror_starboard', {'side': 'starboard'}),
    ]


def test_selected_value(parameters):
    assert parameters.expand_name('foo<m=2>') == [('foo_m2', {'m': 2})]
    assert parameters.expand_name('foo<side = port>') == [
        ('foo_port', {'side': 'port'})
    ]


def test_two_parameters_give_the_cartesian_product_in_order(parameters):
    assert [name for name, _ in parameters.expand_name('foo<m,side>')][:3] == [
        'foo_m1_port', 'foo_m1_starboard', 'foo_m2_port',
    ]
    assert len(parameters.expand_name('foo<m,side>')) == 8


def test_selection_with_a_free_parameter(parameters):
    assert parameters.expand_name('foo<m=2,side>') == [
        ('foo_m2_port', {'m': 2, 'side': 'port'}),
        ('foo_m2_starboard', {'m': 2, 'side': 'starboard'}),
    ]


def test_parameters_anywhere_in_the_name(parameters):
    assert parameters.expand_name('<side>x<m=1>y') == [
        ('_portx_m1y', {'side': 'port', 'm': 1}),
        ('_starboardx_m1y', {'side': 'starboard', 'm': 1}),
    ]


def test_name_without_parameters_is_itself(parameters):
    assert parameters.expand_name('plain') == [('plain', {})]


def test_expand_heading_splits_on_commas_outside_brackets(parameters):
    names = [name for name, _ in parameters.expand_heading('a<m=1>, b<m,side>')]
    assert names[0] == 'a_m1'
    assert len(names) == 1 + 8


def test_custom_template():
    parameters = Parameters({'run': [1, 2]}, {'run': '_run%(run)03d'})
    assert [name for name, _ in parameters.expand_name('x<run>')] == [
        'x_run001', 'x_run002',
    ]


def test_custom_template_for_a_string_parameter():
    parameters = Parameters({'obs': ['ship', 'buoy']}, {'obs': '-%(obs)s-obs'})
    assert parameters.expand_name('get<obs>')[0][0] == 'get-ship-obs'


def test_expand_parent_uses_the_child_values(parameters):
    assert parameters.expand_parent('FAM<m>', {'m': 3}, 'child_m3') == 'FAM_m3'
    assert parameters.expand_parent('FAM<m=2,side>', {'side': 'port'}, 'c') == (
        'FAM_m2_port'
    )
    assert parameters.expand_parent('PLAIN', {}, 'c') == 'PLAIN'


@pytest.mark.parametrize(('name', 'message'), [
    ('foo<m-1>', 'parameter index offsets are not supported in name expansion: m-1'),
    ('foo<m+1>', 'parameter index offsets are not supported in name expansion: m+1'),
    ('foo<z>', 'parameter z is not defined in <z>: foo<z>'),
    ('foo<m=9>', 'parameter m out of range: <m=9> in foo<m=9>'),
    ('foo<side=bow>', 'parameter side out of range'),
    ('foo<m', 'illegal parameterised name: foo<m'),
    ('foo<>', 'illegal parameter expression <>'),
    ('foo<m,>', 'illegal parameter expression <m,>'),
    ('foo<m>>', 'illegal parameterised name'),
])
def test_bad_names_are_errors(parameters, name, message):
    with pytest.raises(ParamExpandError, match=message.replace('+', r'\+')):
        parameters.expand_name(name)


@pytest.mark.parametrize(('parent', 'values', 'message'), [
    ('FAM<m-1>', {'m': 1}, "parameter offsets illegal here: 'c'"),
    ('FAM<z>', {}, "parameter 'z' undefined in 'c'"),
    ('FAM<m>', {}, "parameter 'm' undefined in 'c'"),
    ('FAM<m=7>', {}, 'parameter m out of range'),
])
def test_bad_parents_are_errors(parameters, parent, values, message):
    with pytest.raises(ParamExpandError, match=message):
        parameters.expand_parent(parent, values, 'c')


@pytest.mark.parametrize(('values', 'templates', 'message'), [
    ({'m': [1, 'a']}, None, 'mixing integer and string values'),
    ({'m': 'abc'}, None, 'values must be a list'),
    ({'bad name': [1]}, None, 'illegal parameter name'),
    ({'m': ['a b']}, None, "illegal parameter value 'a b'"),
    ({'m': [True]}, None, 'illegal parameter value True'),
    ({'m': [1]}, {'m': '_%(other)s'}, 'bad template'),
    ({'m': [1]}, {'m': '_%(m)d%'}, 'bad template'),
    ({'m': ['a']}, {'m': '_%(m)d'}, 'bad template'),
    ({'m': [1]}, {'m': 5}, 'template must be text'),
])
def test_bad_configuration_is_an_error(values, templates, message):
    with pytest.raises(ParamExpandError, match=message):
        Parameters(values, templates)


def test_parameter_with_no_values_counts_as_undefined():
    parameters = Parameters({'m': []})
    assert not parameters.is_defined('m')
    with pytest.raises(ParamExpandError, match='parameter m is not defined'):
        parameters.expand_name('x<m>')


def test_values_may_be_any_sequence():
    parameters = Parameters({'m': range(1, 3)})
    assert [name for name, _ in parameters.expand_name('x<m>')] == ['x_m1', 'x_m2']
