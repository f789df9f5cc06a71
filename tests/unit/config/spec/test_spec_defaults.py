"""Filling in defaults."""

from __future__ import annotations

from cylc_flow.config.spec import (
    FLOW_SPEC,
    GLOBAL_SPEC,
    MANY,
    Section,
    expand_defaults,
    validate,
)


def test_unset_items_of_fixed_sections_get_their_defaults():
    dense = expand_defaults({}, FLOW_SPEC)
    assert dense['scheduler']['allow implicit tasks'] is False
    assert dense['scheduler']['UTC mode'] is None
    assert dense['scheduling']['cycling mode'] == 'gregorian'
    assert dense['scheduling']['runahead limit'] == 'P4'
    assert dense['scheduling']['queues']['default'] == {
        'limit': 100, 'members': None,
    }
    assert dense['meta'] == {'title': '', 'description': '', 'URL': ''}


def test_set_values_override_defaults():
    sparse = validate({'scheduling': {'runahead limit': 'P1'}}, FLOW_SPEC,
                      None, 'f')
    dense = expand_defaults(sparse, FLOW_SPEC)
    assert dense['scheduling']['runahead limit'] == 'P1'
    assert dense['scheduling']['cycling mode'] == 'gregorian'


def test_many_sections_are_expanded_only_for_the_keys_present():
    sparse = validate({'runtime': {'foo': {'script': 'true'}}}, FLOW_SPEC,
                      None, 'f')
    dense = expand_defaults(sparse, FLOW_SPEC)
    assert list(dense['runtime']) == ['foo']
    foo = dense['runtime']['foo']
    assert foo['script'] == 'true'
    assert foo['run mode'] == 'live'
    assert foo['simulation']['default run length'] == 10.0
    assert foo['skip']['outputs'] == []
    assert foo['environment'] == {}
    assert foo['events']['failed handlers'] is None


def test_mutable_defaults_are_not_shared():
    dense = expand_defaults({'runtime': {'a': {}, 'b': {}}}, FLOW_SPEC)
    dense['runtime']['a']['skip']['outputs'].append('x')
    assert dense['runtime']['b']['skip']['outputs'] == []
    assert expand_defaults({}, GLOBAL_SPEC)['install']['source dirs'] == [
        '~/cylc-src',
    ]


def test_wildcard_items_are_kept_and_fixed_siblings_filled():
    sparse = validate({'platforms': {'hpc': {'job runner': 'slurm'}}},
                      GLOBAL_SPEC, None, 'g')
    dense = expand_defaults(sparse, GLOBAL_SPEC)
    assert dense['platforms']['hpc']['job runner'] == 'slurm'
    assert dense['platforms']['hpc']['selection']['method'] == 'random'
    assert dense['platforms']['hpc']['hosts'] is None
    localhost = dense['platforms']['localhost']
    assert localhost['hosts'] == ['localhost']
    assert localhost['selection']['method'] == 'definition order'
    assert str(localhost['submission polling intervals'][0]) == 'PT15M'
    assert dense['scheduler']['events']['abort on stall timeout'] is True
    assert str(dense['scheduler']['events']['stall timeout']) == 'PT1H'


def test_skip_many_false_adds_wildcard_defaults():
    dense = expand_defaults({}, GLOBAL_SPEC, skip_many=False)
    assert dense['platforms'][MANY]['job runner'] == 'background'
    assert MANY not in expand_defaults({}, GLOBAL_SPEC)['platforms']


def test_every_fixed_item_appears_in_the_dense_config():
    dense = expand_defaults({}, FLOW_SPEC)

    def check(section: Section, values: dict) -> None:
        for name, node in section.fixed.items():
            assert name in values
            if isinstance(node, Section):
                check(node, values[name])

    check(FLOW_SPEC, dense)
