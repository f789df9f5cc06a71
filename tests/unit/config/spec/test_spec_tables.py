"""The spec tables themselves: complete, documented and self-consistent."""

from __future__ import annotations

import pytest

from cylc_flow.config.spec import (
    FLOW_SPEC,
    GLOBAL_SPEC,
    Item,
    Section,
    conf,
    format_value,
    get_item_spec,
    item,
)
from cylc_flow.config.spec.value_types import STRING

SPECS = {'flow.cylc': FLOW_SPEC, 'global.cylc': GLOBAL_SPEC}
ALL_NODES = [
    (name, path, node)
    for name, spec in SPECS.items()
    for path, node in spec.walk()
]


@pytest.mark.parametrize(('spec_name', 'path', 'node'), ALL_NODES,
                         ids=[f'{n}:{"/".join(p)}' for n, p, _ in ALL_NODES])
def test_every_item_and_section_has_a_one_line_description(spec_name, path, node):
    assert node.desc.strip(), f'{spec_name} {path} has no description'
    assert '\n' not in node.desc


@pytest.mark.parametrize(('spec_name', 'path', 'node'), [
    entry for entry in ALL_NODES if isinstance(entry[2], Item)
], ids=lambda value: '/'.join(value) if isinstance(value, tuple) else None)
def test_every_default_reads_back_as_itself(spec_name, path, node):
    if node.default is None:
        return
    text = format_value(node.default, node)
    assert node.value_type.coerce(text) == node.default
    if node.options is not None:
        assert node.default in node.options


@pytest.mark.parametrize('path', [
    ('meta', 'URL'),
    ('scheduler', 'cycle point num expanded year digits'),
    ('scheduler', 'main loop', 'log memory', 'interval'),
    ('scheduler', 'events', 'restart timeout'),
    ('scheduler', 'events', 'expected task failures'),
    ('scheduler', 'mail', 'task event batch interval'),
    ('task parameters', 'templates', 'm'),
    ('scheduling', 'stop after cycle point'),
    ('scheduling', 'sequential xtriggers'),
    ('scheduling', 'special tasks', 'clock-expire'),
    ('scheduling', 'queues', 'q', 'members'),
    ('scheduling', 'xtriggers', 'x'),
    ('scheduling', 'graph', 'R1'),
    ('runtime', 'a', 'completion'),
    ('runtime', 'a', 'run mode'),
    ('runtime', 'a', 'work sub-directory'),
    ('runtime', 'a', 'skip', 'outputs'),
    ('runtime', 'a', 'simulation', 'fail try 1 only'),
    ('runtime', 'a', 'environment filter', 'exclude'),
    ('runtime', 'a', 'job', 'batch submit command template'),
    ('runtime', 'a', 'remote', 'retrieve job logs retry delays'),
    ('runtime', 'a', 'events', 'submission retry handlers'),
    ('runtime', 'a', 'events', 'late offset'),
    ('runtime', 'a', 'mail', 'from'),
    ('runtime', 'a', 'workflow state polling', 'max-polls'),
    ('runtime', 'a', 'directives', '--mem'),
    ('runtime', 'a', 'outputs', 'x'),
    ('runtime', 'a', 'parameter environment templates', 'X'),
])
def test_flow_spec_has_cylc8_items(path):
    get_item_spec(FLOW_SPEC, path)


@pytest.mark.parametrize('path', [
    ('hub', 'url'),
    ('scheduler', 'process pool size'),
    ('scheduler', 'process pool timeout'),
    ('scheduler', 'run hosts', 'ports'),
    ('scheduler', 'host self-identification', 'target'),
    ('scheduler', 'mail', 'smtp'),
    ('scheduler', 'main loop', 'plugins'),
    ('scheduler', 'main loop', 'reset bad hosts', 'interval'),
    ('scheduler', 'logging', 'maximum size in bytes'),
    ('install', 'source dirs'),
    ('install', 'symlink dirs', 'hpc', 'share/cycle'),
    ('platforms', 'p', 'meta', 'note'),
    ('platforms', 'p', 'job runner command template'),
    ('platforms', 'p', 'execution time limit polling intervals'),
    ('platforms', 'p', 'retrieve job logs command'),
    ('platforms', 'p', 'tail command template'),
    ('platforms', 'p', 'job name length maximum'),
    ('platforms', 'p', 'clean job submission environment'),
    ('platforms', 'p', 'job submission executable paths'),
    ('platforms', 'p', 'max batch submit size'),
    ('platforms', 'p', 'selection', 'method'),
    ('platforms', 'p', 'directives', '-q'),
    ('platform groups', 'g', 'selection', 'method'),
    ('task events', 'submission timeout'),
])
def test_global_spec_has_cylc8_items(path):
    get_item_spec(GLOBAL_SPEC, path)


def test_task_event_items_are_shared_between_flow_and_global():
    runtime = {node.name: node.value_type for node in get_item_spec(
        FLOW_SPEC, ['runtime', 'a', 'events']).children}
    for node in get_item_spec(GLOBAL_SPEC, ['task events']).children:
        assert runtime[node.name] is node.value_type


def test_builders_make_wildcards_from_angle_bracket_names():
    section = conf('things', 'Things.', [
        item('fixed', STRING, 'x', 'A fixed item.'),
        conf('<thing>', 'Any thing.', [item('size', STRING, None, 'Size.')]),
    ])
    assert isinstance(section.many, Section) and section.many.is_many
    assert section.child('anything') is section.many
    assert section.child('fixed') is section.fixed['fixed']
    with pytest.raises(ValueError, match='two wildcard'):
        conf('bad', 'Bad.', [item('<a>', STRING), item('<b>', STRING)])
