"""Validation of whole configs against the flow.cylc and global.cylc specs."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.config.spec import (
    FLOW_SPEC,
    GLOBAL_SPEC,
    DurationFloat,
    Item,
    Section,
    get_item_spec,
    validate,
)
from cylc_flow.exceptions import IllegalItemError, IllegalValueError


@dataclass(frozen=True)
class Origin:
    file: str
    line: int


def test_valid_config_is_coerced_into_a_new_dict():
    data = {
        'scheduler': {'UTC mode': 'True', 'events': {'stall timeout': 'PT2H'}},
        'scheduling': {
            'initial cycle point': '2000',
            'graph': {'P1D': 'a => b'},
        },
        'runtime': {'a, b': {'execution retry delays': '2*PT1M',
                             'environment': {'X': ' 1 '}}},
    }
    original = copy.deepcopy(data)
    result = validate(data, FLOW_SPEC, None, 'flow.cylc')
    assert data == original  # the input is left alone
    assert result['scheduler']['UTC mode'] is True
    assert result['scheduler']['events']['stall timeout'] == 7200.0
    assert result['runtime']['a, b']['execution retry delays'] == [60.0, 60.0]
    assert result['runtime']['a, b']['environment'] == {'X': '1'}
    assert result['scheduling']['graph'] == {'P1D': 'a => b'}


def test_unknown_item_suggests_the_closest_name_with_file_and_line():
    data = {'scheduling': {'cycling mod': 'integer'}}
    origins = {('scheduling', 'cycling mod'): Origin('flow.cylc', 7)}
    with pytest.raises(IllegalItemError) as info:
        validate(data, FLOW_SPEC, origins, 'flow.cylc')
    assert str(info.value) == (
        'flow.cylc:7: illegal item: [scheduling]cycling mod '
        '(did you mean "cycling mode"?)'
    )


def test_unknown_section_is_named_with_brackets():
    with pytest.raises(IllegalItemError) as info:
        validate({'schedulin': {}}, FLOW_SPEC, None, 'flow.cylc')
    assert 'illegal item: [schedulin] (did you mean "scheduling"?)' in str(
        info.value
    )


def test_unknown_item_without_close_match_has_no_suggestion():
    with pytest.raises(IllegalItemError) as info:
        validate({'runtime': {'foo': {'zzzzzz': 'x'}}}, FLOW_SPEC, None, 'f')
    assert str(info.value) == 'f: illegal item: [runtime][foo]zzzzzz'


def test_error_uses_the_included_file_from_origins():
    data = {'runtime': {'foo': {'execution time limit': 'an hour'}}}
    origins = {
        ('runtime', 'foo'): Origin('flow.cylc', 3),
        ('runtime', 'foo', 'execution time limit'): Origin('inc/foo.cylc', 12),
    }
    with pytest.raises(IllegalValueError) as info:
        validate(data, FLOW_SPEC, origins, 'flow.cylc')
    assert info.value.filename == 'inc/foo.cylc'
    assert info.value.line_num == 12
    assert '[runtime][foo]execution time limit = "an hour"' in str(info.value)
    assert 'expected an ISO 8601 duration' in str(info.value)


def test_error_falls_back_to_the_parent_section_line():
    data = {'scheduler': {'UTC mode': 'maybe'}}
    origins = {('scheduler',): Origin('flow.cylc', 2)}
    with pytest.raises(IllegalValueError) as info:
        validate(data, FLOW_SPEC, origins, 'flow.cylc')
    assert str(info.value) == (
        'flow.cylc:2: illegal value for [scheduler]UTC mode = "maybe" '
        '(expected a boolean)'
    )


def test_section_given_as_setting_is_an_error():
    with pytest.raises(IllegalItemError, match='should be a \\[section\\]'):
        validate({'scheduling': {'graph': 'a => b'}}, FLOW_SPEC, None, 'f')


def test_setting_given_as_section_is_an_error():
    with pytest.raises(IllegalItemError, match='should be a setting'):
        validate({'scheduling': {'cycling mode': {}}}, FLOW_SPEC, None, 'f')
    with pytest.raises(IllegalItemError, match='should be a setting'):
        validate({'runtime': {'a': {'environment': {'X': {}}}}}, FLOW_SPEC,
                 None, 'f')


def test_top_level_setting_is_an_error():
    with pytest.raises(IllegalItemError):
        validate({'title': 'x'}, FLOW_SPEC, None, 'f')


def test_options_are_enforced():
    assert validate({'scheduling': {'cycling mode': '360day'}}, FLOW_SPEC,
                    None, 'f')['scheduling']['cycling mode'] == '360day'
    with pytest.raises(IllegalValueError, match='must be one of gregorian'):
        validate({'scheduling': {'cycling mode': 'julian'}}, FLOW_SPEC, None, 'f')
    with pytest.raises(IllegalValueError, match='must be one of live, skip'):
        validate({'runtime': {'a': {'run mode': 'dummy'}}}, FLOW_SPEC, None, 'f')


def test_wildcard_items_reject_consecutive_spaces_except_in_graph():
    with pytest.raises(IllegalItemError, match='consecutive spaces'):
        validate({'runtime': {'a': {'environment': {'A  B': '1'}}}},
                 FLOW_SPEC, None, 'f')
    result = validate({'scheduling': {'graph': {'R1  ': 'a'}}}, FLOW_SPEC,
                      None, 'f')
    assert result['scheduling']['graph'] == {'R1  ': 'a'}


def test_repeated_graph_strings_given_as_a_list_are_joined():
    result = validate({'scheduling': {'graph': {'R1': ['a => b', 'c => d']}}},
                      FLOW_SPEC, None, 'f')
    assert result['scheduling']['graph']['R1'] == 'a => b\nc => d'


def test_list_for_a_non_string_item_is_an_error():
    with pytest.raises(IllegalValueError, match='expected one value'):
        validate({'scheduler': {'UTC mode': ['True', 'False']}}, FLOW_SPEC,
                 None, 'f')


def test_many_sections_accept_any_name_and_validate_their_items():
    result = validate({
        'platforms': {'hpc\\d+': {'job runner': 'slurm', 'hosts': 'a, b'}},
        'platform groups': {'g': {'platforms': 'hpc1, hpc2'}},
        'install': {'symlink dirs': {'hpc': {'share/cycle': '/data'}}},
    }, GLOBAL_SPEC, None, 'global.cylc')
    assert result['platforms']['hpc\\d+']['hosts'] == ['a', 'b']
    assert result['platform groups']['g']['platforms'] == ['hpc1', 'hpc2']
    assert result['install']['symlink dirs']['hpc'] == {'share/cycle': '/data'}
    with pytest.raises(IllegalItemError, match='\\[platforms\\]\\[x\\]jobrunner'):
        validate({'platforms': {'x': {'jobrunner': 'at'}}}, GLOBAL_SPEC, None,
                 'g')


def test_fixed_sections_beside_a_wildcard_keep_their_own_items():
    result = validate(
        {'scheduling': {'queues': {'default': {'limit': '3'},
                                   'big': {'limit': '1', 'members': 'a'}}}},
        FLOW_SPEC, None, 'f',
    )
    assert result['scheduling']['queues'] == {
        'default': {'limit': 3}, 'big': {'limit': 1, 'members': ['a']},
    }


def test_global_config_items_validate():
    result = validate({
        'scheduler': {
            'run hosts': {'ports': '43001 .. 43005'},
            'mail': {'smtp': 'smtp.example.com'},
            'main loop': {'plugins': 'health check', 'log memory':
                          {'interval': 'PT1M'}},
        },
        'hub': {'url': 'https://hub/'},
        'task events': {'handler retry delays': 'PT1M'},
    }, GLOBAL_SPEC, None, 'global.cylc')
    assert tuple(result['scheduler']['run hosts']['ports']) == (43001, 43005)
    assert result['scheduler']['main loop']['log memory']['interval'] == 60.0
    assert result['task events']['handler retry delays'] == [DurationFloat(60)]
    with pytest.raises(IllegalItemError):
        validate({'scheduler': {'mail': {'smtp': 'x'}}}, FLOW_SPEC, None, 'f')


def test_non_dict_input_is_a_user_error():
    with pytest.raises(IllegalItemError):
        validate(['not', 'a', 'dict'], FLOW_SPEC, None, 'f')  # type: ignore


def test_get_item_spec_resolves_wildcards():
    node = get_item_spec(FLOW_SPEC, ['runtime', 'foo', 'script'])
    assert isinstance(node, Item) and node.name == 'script'
    node = get_item_spec(FLOW_SPEC, ['runtime', '<namespace>', 'environment'])
    assert isinstance(node, Section) and node.many is not None
    assert get_item_spec(GLOBAL_SPEC, ['platforms', 'localhost', 'hosts']).default \
        == ['localhost']
    with pytest.raises(IllegalItemError, match='did you mean "script"'):
        get_item_spec(FLOW_SPEC, ['runtime', 'foo', 'scrip'])
    with pytest.raises(IllegalItemError):
        get_item_spec(FLOW_SPEC, ['runtime', 'foo', 'script', 'deeper'])


_KEYS = st.sampled_from([
    'scheduler', 'scheduling', 'runtime', 'graph', 'R1', 'foo', 'script',
    'environment', 'UTC mode', 'queues', 'limit', 'events', 'meta', 'x',
])
_CONFIGS = st.recursive(
    st.text(max_size=12),
    lambda children: st.dictionaries(_KEYS, children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(data=st.dictionaries(_KEYS, _CONFIGS, max_size=4))
def test_random_configs_validate_or_raise_user_errors(data):
    try:
        result = validate(data, FLOW_SPEC, {}, 'flow.cylc')
    except (IllegalItemError, IllegalValueError) as exc:
        assert str(exc).startswith('flow.cylc: illegal ')
        assert '\n' not in str(exc)
        return
    assert list(result) == list(data)
