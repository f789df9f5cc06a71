"""Broadcast reports and the --display tree, worded as Cylc 8's."""

from __future__ import annotations

import pytest

from cylc_flow.broadcast.report import (
    bad_options_report,
    change_report,
    response_report,
    tree_lines,
)
from cylc_flow.broadcast.settings import BroadcastSettingError
from cylc_flow.broadcast.store import BroadcastChange


def test_change_report_sorted_by_point_and_namespace():
    changes = [BroadcastChange('2', 'foo', ('script',), 'true'),
               BroadcastChange('*', 'root', ('environment', 'BCAST'), 'ROOT')]
    assert change_report(changes) == (
        'Broadcast set:\n'
        '+ [*/root] [environment]BCAST=ROOT\n'
        '+ [2/foo] script=true')
    assert change_report(changes[:1], is_cancel=True) == (
        'Broadcast cancelled:\n- [2/foo] script=true')
    assert change_report([]) == ''


def test_bad_options_report_uses_command_line_option_names():
    report = bad_options_report({'point_strings': ['20100809T00'],
                                 'namespaces': ['m4'],
                                 'cancel': ['[environment]BCAST']})
    assert report == ('No broadcast to cancel/clear for these options:\n'
                      '  --cancel=[environment]BCAST\n'
                      '  --namespace=m4\n'
                      '  --point=20100809T00')


def test_rejected_set_report_shows_settings_as_items():
    report = bad_options_report({'namespaces': ['invalid'],
                                 'point_strings': ['invalid'],
                                 'settings': [{'invalid': 'false'}]},
                                is_set=True)
    assert report == ('Rejected broadcast: settings are not compatible with'
                      ' the workflow\n'
                      '  --namespace=invalid\n'
                      '  --point=invalid\n'
                      '  --set=invalid=false')


def test_response_report_words_a_set_response_as_cylc_8():
    response = [[['*', 'root', {'script': 'true'}],
                 ['1', 'foo', {'environment': {'A': '1', 'B': '2'}}]],
                {'namespaces': ['nope']}]
    changes, bad = response_report(response, is_set=True)
    assert changes == ('Broadcast set:\n+ [*/root] script=true\n'
                       '+ [1/foo] [environment]A=1\n'
                       '+ [1/foo] [environment]B=2')
    assert bad == ('Rejected broadcast: settings are not compatible with the'
                   ' workflow\n  --namespace=nope')


def test_response_report_words_a_cancel_with_minus_lines():
    changes, bad = response_report([[['*', 'root', {'script': 'true'}]], {}],
                                   is_set=False)
    assert changes == 'Broadcast cancelled:\n- [*/root] script=true'
    assert bad == ''
    assert response_report([[], {'point_strings': ['3']}], is_set=False) == (
        '', 'No broadcast to cancel/clear for these options:\n  --point=3')


@pytest.mark.parametrize('response', [
    [False, 'refused'], 'text', [[['*', 'root']], {}], [[], ['x']],
    [[['*', 'root', 'script']], {}],
])
def test_malformed_response_raises_a_setting_error(response):
    with pytest.raises(BroadcastSettingError):
        response_report(response, is_set=True)


def test_display_tree_matches_cylc_layout():
    tree = {'*': {'bar': {'environment': {'BCAST': 'BAR'}},
                  'root': {'environment': {'BCAST': 'ROOT'}}},
            '2': {'foo': {'script': 'true'}}}
    assert tree_lines(tree) == [
        '*                 ',
        ' |-bar            ',
        ' | `-environment  ',
        ' |   `-BCAST      BAR',
        ' `-root           ',
        '   `-environment  ',
        '     `-BCAST      ROOT',
        '2                 ',
        ' `-foo            ',
        '   `-script       true',
    ]


def test_display_tree_with_unicode_box_characters():
    lines = tree_lines({'*': {'a': {'x': '1'}, 'b': {'y': '2'}}},
                       use_unicode=True)
    assert lines[1].startswith(' \u251c\u2500a')
    assert lines[2].startswith(' \u2502 \u2514\u2500x')
    assert lines[3].startswith(' \u2514\u2500b')


def test_empty_tree_prints_nothing():
    assert tree_lines({}) == []
