"""cylc dump's text: workflow key=value lines and task lines."""

from __future__ import annotations

import json

from cylc_flow.cli.info.dump_format import global_lines, spaced_name, task_lines
from cylc_flow.cli.info.dump_run import DumpOptions, dump_lines


def proxy(name: str, cycle: str, state: str = 'waiting', **flags) -> dict:
    return {'name': name, 'cyclePoint': cycle, 'state': state,
            'isHeld': False, 'isQueued': False, 'isRunahead': False,
            'flowNums': '[1]', **flags}


PROXIES = [proxy('b', '10'), proxy('a', '2', 'running'),
           proxy('a', '10', isHeld=True, isQueued=True, isRunahead=True,
                 flowNums='[1, 2]')]


def test_task_lines_are_id_state_and_attributes_sorted_by_name():
    assert task_lines(PROXIES, flows=False, by_cycle=False, legacy=False) == [
        '2/a:running', '10/a:waiting (held,queued,runahead)', '10/b:waiting']


def test_sort_by_cycle_and_flow_numbers():
    assert task_lines(PROXIES, flows=True, by_cycle=True, legacy=False) == [
        '2/a:running flows=[1]',
        '10/a:waiting (held,queued,runahead) flows=[1,2]',
        '10/b:waiting flows=[1]',
    ]


def test_legacy_task_lines_are_comma_separated_flags():
    assert task_lines(PROXIES[:1], flows=False, by_cycle=False,
                      legacy=True) == [
        'b, 10, waiting, not-held, not-queued, not-runahead']
    assert task_lines(PROXIES[2:], flows=True, by_cycle=True, legacy=True) == [
        '10, a, waiting, held, queued, runahead, [1,2]']


def test_full_ids_print_workflow_and_task_only():
    assert task_lines(PROXIES, flows=True, by_cycle=False, legacy=False,
                      full_ids='wf/run1') == [
        'wf/run1//2/a', 'wf/run1//10/a', 'wf/run1//10/b']


SUMMARY = {
    'name': 'wf', 'status': 'running', 'statusMsg': '',
    'namespaceDefinitionOrder': ['foo', 'root'],
    'stateTotals': {'waiting': 1}, 'lastUpdated': None,
    'meta': {'URL': 'http://wf/'},
    'tasks': [{'name': 'foo', 'meta': {'URL': 'http://foo/'}}],
    'families': [{'name': 'root', 'meta': {'URL': ''}}],
    'taskProxies': [proxy('foo', '1')],
}


def test_global_lines_are_sorted_spaced_keys_with_workflow_urls():
    assert global_lines(SUMMARY) == [
        'last updated=None',
        'name=wf',
        "namespace definition order=['foo', 'root']",
        "state totals={'waiting': 1}",
        'status=running',
        'status msg=',
        "workflow urls={'foo': 'http://foo/', 'root': '',"
        " 'workflow_id': 'http://wf/'}",
    ]


def test_spaced_name_splits_camel_case():
    assert spaced_name('oldestActiveCyclePoint') == 'oldest active cycle point'


def test_dump_default_prints_global_lines_then_tasks():
    lines = dump_lines(SUMMARY, DumpOptions(), 'wf')
    assert lines[0] == 'last updated=None'
    assert lines[-1] == '1/foo:waiting'
    assert dump_lines(SUMMARY, DumpOptions(form='tasks'), 'wf') == \
        ['1/foo:waiting']
    assert '1/foo:waiting' not in dump_lines(SUMMARY,
                                             DumpOptions(form='global'), 'wf')


def test_dump_raw_is_json_and_pretty_indents_it():
    (compact,) = dump_lines(SUMMARY, DumpOptions(form='raw'), 'wf')
    (pretty,) = dump_lines(SUMMARY, DumpOptions(form='raw', pretty=True), 'wf')
    assert json.loads(compact) == json.loads(pretty) == SUMMARY
    assert '\n' not in compact
    assert '\n    "name": "wf"' in pretty
