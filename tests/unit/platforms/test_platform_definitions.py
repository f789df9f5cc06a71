"""Comma separated section headings and name patterns."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cylc_flow.exceptions import GlobalConfigError
from cylc_flow.platforms.definitions import (
    compile_name_pattern,
    expand_comma_sections,
    split_section_name,
)


@pytest.mark.parametrize(
    ('heading', 'names'),
    [
        ('a', ['a']),
        ('a, b ,c', ['a', 'b', 'c']),
        ('"x{1,2}", y', ['x{1,2}', 'y']),
        ("'p,q'", ['p,q']),
        ('a,,b', ['a', 'b']),
    ],
)
def test_headings_split_on_unquoted_commas(heading, names):
    assert split_section_name(heading) == names


@given(st.lists(st.from_regex(r'[a-z0-9.*+]{1,8}', fullmatch=True), min_size=1))
def test_joined_plain_names_split_back(names):
    assert split_section_name(', '.join(names)) == names


def test_expansion_merges_repeated_names_in_first_position():
    sections = {
        'a, b': {'x': 1, 'sub': {'k': 1}},
        'c': {'x': 3},
        'b': {'sub': {'j': 2}},
    }
    origins = {('platforms', 'a, b'): 'here', ('platforms', 'a, b', 'x'): 'x'}
    expanded = expand_comma_sections(sections, origins, ('platforms',))
    assert list(expanded) == ['a', 'b', 'c']
    assert expanded['b'] == {'x': 1, 'sub': {'k': 1, 'j': 2}}
    assert expanded['a'] == {'x': 1, 'sub': {'k': 1}}
    assert origins[('platforms', 'b', 'x')] == 'x'
    # the input is not modified
    assert sections['b'] == {'sub': {'j': 2}}
    assert sections['a, b']['sub'] == {'k': 1}


def test_quoted_comma_in_pattern_outside_quantifier_is_an_alternative():
    pattern = compile_name_pattern('a,b{1,2}', 'platforms')
    assert pattern.fullmatch('a')
    assert pattern.fullmatch('bb')
    assert not pattern.fullmatch('a,b')


def test_bad_pattern_error_names_the_section():
    with pytest.raises(GlobalConfigError, match=r'\[platforms\]\[x\(\]'):
        compile_name_pattern('x(', 'platforms')
