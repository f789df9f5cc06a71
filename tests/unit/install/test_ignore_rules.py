"""rsync-style exclude rules (.cylcignore and the fixed exclusions)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cylc_flow.exceptions import CylcError
from cylc_flow.install.ignore_rules import PathFilter, compile_rule, parse_rules


def excluded(rules_text: str, path: str, is_dir: bool = False) -> bool:
    return PathFilter(parse_rules(rules_text)).excluded(path, is_dir)


@pytest.mark.parametrize(('rule', 'path', 'is_dir', 'expected'), [
    # a rule without "/" matches the name at any depth
    ('*.csv', 'a.csv', False, True),
    ('*.csv', 'deep/down/a.csv', False, True),
    ('*.csv', 'a.csv.txt', False, False),
    ('data', 'x/data', True, True),
    # "*" stops at "/", "**" does not
    ('a/*.txt', 'a/b/c.txt', False, False),
    ('a/**.txt', 'a/b/c.txt', False, True),
    # an inner "/" matches the end of the path at a component boundary
    ('sub/foo', 'x/sub/foo', False, True),
    ('sub/foo', 'xsub/foo', False, False),
    # a leading "/" anchors at the top
    ('/foo', 'foo', False, True),
    ('/foo', 'x/foo', False, False),
    # a trailing "/" matches directories only
    ('out/', 'out', True, True),
    ('out/', 'out', False, False),
    # "dir/***" matches the directory and its contents
    ('keep/***', 'keep', True, True),
    ('keep/***', 'keep/a/b', False, True),
    # "?" and classes
    ('file?', 'file1', False, True),
    ('file?', 'file10', False, False),
    ('[ab]x', 'bx', False, True),
    ('[!ab]x', 'bx', False, False),
    ('[!ab]x', 'cx', False, True),
    # escapes
    (r'\*', '*', False, True),
    (r'\*', 'a', False, False),
])
def test_rsync_pattern_semantics(rule, path, is_dir, expected):
    assert excluded(rule, path, is_dir) is expected


def test_comments_and_blank_lines_are_ignored():
    rules = parse_rules('# comment\n\n; another\nfoo\n')
    assert [rule.text for rule in rules] == ['foo']


def test_first_matching_rule_wins_so_includes_can_rescue_files():
    text = '+ important.log\n*.log\n'
    assert not excluded(text, 'important.log')
    assert excluded(text, 'other.log')


def test_minus_prefix_is_an_exclude_and_bang_clears_earlier_rules():
    assert excluded('- foo\n', 'foo')
    assert not excluded('foo\n!\nbar\n', 'foo')
    assert excluded('foo\n!\nbar\n', 'bar')


def test_fixed_exclusions_are_anchored_at_the_top():
    path_filter = PathFilter([compile_rule('/.git'), compile_rule('/log')])
    assert path_filter.excluded('.git', True)
    assert path_filter.excluded('log', True)
    assert not path_filter.excluded('lib/log', True)
    assert not path_filter.excluded('sub/.git', True)


def test_unclosed_class_is_a_literal_bracket():
    assert excluded('a[b', 'a[b')


@given(st.text(max_size=30), st.text(alphabet='ab/.*?[]!\\-x', max_size=20),
       st.booleans())
def test_any_rules_text_compiles_or_fails_with_a_cylc_error(text, path, is_dir):
    try:
        path_filter = PathFilter(parse_rules(text))
    except CylcError:
        return
    assert path_filter.excluded(path.strip('/') or 'x', is_dir) in (True, False)
