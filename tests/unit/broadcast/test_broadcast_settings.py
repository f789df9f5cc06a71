"""Parsing, validating and applying broadcast settings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cylc_flow.broadcast import BroadcastSettingError, apply_overrides
from cylc_flow.broadcast.setting_files import read_setting_file
from cylc_flow.broadcast.settings import (
    coerce_leaf,
    flatten_setting,
    format_key,
    parse_key,
    parse_setting_text,
)


@pytest.mark.parametrize('text, expected', [
    ('script=true', (('script',), 'true')),
    ('[environment]FOO = the quick brown fox',
     (('environment', 'FOO'), 'the quick brown fox')),
    (' [ environment ] X=a=b', (('environment', 'X'), 'a=b')),
    ('[simulation]fail cycle points = 1, 2',
     (('simulation', 'fail cycle points'), '1, 2')),
])
def test_parse_setting_text(text, expected):
    assert parse_setting_text(text) == expected


def test_set_needs_a_value_and_cancel_must_not_have_one():
    with pytest.raises(BroadcastSettingError, match='requires a value'):
        parse_setting_text('[environment]FOO')
    with pytest.raises(BroadcastSettingError, match='does not take a value'):
        parse_setting_text('[environment]FOO=1', with_value=False)
    assert parse_setting_text('[environment]FOO', with_value=False) == (
        ('environment', 'FOO'), None)


@pytest.mark.parametrize('text', ['', '[]x', '[a', 'a]b', '[a]b[c]'])
def test_malformed_keys_are_rejected(text):
    with pytest.raises(BroadcastSettingError):
        parse_key(text)


def test_key_round_trip():
    for path in [('script',), ('environment', 'FOO'), ('events', 'mail', 'x')]:
        assert parse_key(format_key(path)) == path


def test_flatten_nested_setting_keeps_item_order():
    leaves = flatten_setting({'environment': {'B': '1', 'A': 2},
                              'execution retry delays': ['PT1M', 'PT2M']})
    assert leaves == [(('environment', 'B'), '1'), (('environment', 'A'), '2'),
                      (('execution retry delays',), 'PT1M, PT2M')]


@pytest.mark.parametrize('setting', [None, 3, [], {}, {'environment': {}},
                                     {1: 'x'}])
def test_flatten_rejects_non_settings(setting):
    with pytest.raises(BroadcastSettingError):
        flatten_setting(setting)


def test_coerce_checks_against_the_runtime_spec():
    assert float(coerce_leaf(('execution time limit',), 'PT1M')) == 60.0
    assert coerce_leaf(('environment', 'X'), 'y') == 'y'
    with pytest.raises(BroadcastSettingError, match='illegal item'):
        coerce_leaf(('scirpt',), 'x')
    with pytest.raises(BroadcastSettingError, match='Inheritance'):
        coerce_leaf(('inherit',), 'FAM')
    with pytest.raises(BroadcastSettingError, match='section'):
        coerce_leaf(('environment',), 'x')
    with pytest.raises(BroadcastSettingError, match='illegal value'):
        coerce_leaf(('execution time limit',), 'soon')


@given(st.one_of(st.text(max_size=30), st.dictionaries(
    st.text(max_size=8), st.one_of(st.none(), st.text(max_size=8),
                                   st.dictionaries(st.text(max_size=5),
                                                   st.text(max_size=5))),
    max_size=3)))
def test_arbitrary_input_fails_only_with_broadcast_setting_error(setting):
    try:
        for path, value in flatten_setting(setting):
            coerce_leaf(path, value or '')
    except BroadcastSettingError:
        pass


def test_overrides_replace_items_merge_sections_and_prepend_new_variables():
    runtime = {'script': 'old', 'environment': {'A': '$B-a', 'C': 'c'},
               'directives': {}}
    result = apply_overrides(runtime, {'script': 'new',
                                       'environment': {'B': 'b', 'C': 'C'}})
    assert result['script'] == 'new'
    assert list(result['environment'].items()) == [
        ('B', 'b'), ('A', '$B-a'), ('C', 'C')]
    # the task's own settings are untouched
    assert runtime['environment'] == {'A': '$B-a', 'C': 'c'}
    assert result['directives'] is runtime['directives']


def test_setting_file_items_in_order(tmp_path):
    path = tmp_path / 'broadcast.cylc'
    path.write_text('script = echo hi\n[environment]\n    B = 1\n    A = 2\n')
    assert read_setting_file(str(path)) == [
        (('script',), 'echo hi'), (('environment', 'B'), '1'),
        (('environment', 'A'), '2')]


def test_setting_file_errors_name_the_file(tmp_path):
    path = tmp_path / 'bad.cylc'
    path.write_text('not an item = 3\n[environment]\n    A = 1\n')
    with pytest.raises(BroadcastSettingError, match=r'bad\.cylc'):
        read_setting_file(str(path))
    with pytest.raises(BroadcastSettingError, match='cannot read'):
        read_setting_file(str(tmp_path / 'missing.cylc'))
    assert read_setting_file('-', 'script = true\n') == [(('script',), 'true')]
