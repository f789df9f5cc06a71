"""cylc scan's output formats and the tree drawing."""

from __future__ import annotations

import json
from pathlib import Path

from cylc_flow.cli.info.scan_format import (
    format_plain,
    format_rich,
    format_state_totals,
    render,
    sort_key,
    state_totals_text,
)
from cylc_flow.cli.info.tree import insert_path, render_tree


def running(name: str, **extra) -> dict:
    return {'name': name, 'path': Path('/run', name),
            'contact': Path('/run', name, '.service/contact'),
            'CYLC_WORKFLOW_HOST': 'myhost', 'CYLC_WORKFLOW_PORT': '4321',
            'CYLC_WORKFLOW_PID': '99', **extra}


def stopped(name: str) -> dict:
    return {'name': name, 'path': Path('/run', name)}


def test_plain_shows_host_port_and_pid_of_running_and_name_of_stopped():
    assert format_plain(running('foo')) == 'foo myhost:4321 99'
    assert format_plain(stopped('bar')) == 'bar'


def test_plain_leaves_out_a_contact_file_without_the_address_fields():
    flow = running('foo')
    del flow['CYLC_WORKFLOW_PORT']
    assert format_plain(flow) is None
    assert render([flow], 'plain', sort=False) == []


def test_name_format_lists_names_in_natural_order():
    flows = [stopped('run10'), stopped('run2'), running('a')]
    assert render(flows, 'name', sort=False) == ['a', 'run2', 'run10']


def test_sort_puts_running_and_paused_first_then_other_active_then_stopped():
    flows = [stopped('a'), running('b'), running('c', status='paused'),
             running('d', status='running')]
    ordered = sorted(flows, key=sort_key)
    assert [flow['name'] for flow in ordered] == ['c', 'd', 'b', 'a']


def test_json_lists_every_field_with_paths_as_strings():
    (text,) = render([running('foo')], 'json', sort=False)
    data = json.loads(text)
    assert data[0]['name'] == 'foo'
    assert data[0]['path'] == '/run/foo'
    assert data[0]['CYLC_WORKFLOW_PORT'] == '4321'


def test_tree_nests_runs_under_their_workflow_names():
    flows = [running('foo/run1'), stopped('foo/run2'), stopped('bar'),
             stopped('deep/a/b')]
    (text,) = render(flows, 'tree', sort=False)
    assert text.splitlines() == [
        'bar',
        'deep',
        ' └─ a',
        '   └─ b',
        'foo',
        ' ├─ run1 myhost:4321 99',
        ' └─ run2',
    ]


def test_tree_of_nothing_prints_nothing():
    assert render([], 'tree', sort=False) == []


def test_render_tree_draws_bars_for_siblings_below_an_open_branch():
    tree: dict = {}
    insert_path(tree, ['a', 'b'], 'c')
    insert_path(tree, ['a'], 'd')
    assert render_tree(tree) == ['a', ' ├─ b', ' │ └─ c', ' └─ d']


def test_state_totals_lists_job_states_with_tasks_in_cylc_order():
    totals = {'running': 2, 'submitted': 1, 'waiting': 5, 'failed': 0}
    assert state_totals_text(totals) == 'submitted:1 running:2'
    assert state_totals_text(None) == ''


def test_state_totals_format_shows_status_and_totals():
    flow = running('foo', status='paused', stateTotals={'succeeded': 3})
    assert format_state_totals(flow) == 'foo (paused) (succeeded:3)'
    assert format_state_totals(stopped('bar')) == 'bar (stopped)'


def test_rich_format_aligns_keys_and_indents_multi_line_values():
    flow = running('foo', status='running', stateTotals={'running': 1},
                   cylcVersion='8.6.0',
                   meta={'title': 'T', 'description': 'line1\nline2'})
    lines = format_rich(flow).splitlines()
    assert lines[0] == 'foo (running)'
    assert lines[1] == '    state totals   running:1'
    assert lines[3] == '    description    line1'
    assert lines[4] == ' ' * 19 + 'line2'
    assert '    PID            99' in lines
    assert format_rich(stopped('bar')) == 'bar (stopped)'
