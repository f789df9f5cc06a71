"""Template variables from -s, -z and --set-file."""

from __future__ import annotations

import logging

import pytest

from cylc_flow.config.parsec import load_template_vars
from cylc_flow.exceptions import InputError


@pytest.mark.parametrize(
    ('text', 'value'),
    [
        ('3', 3),
        ('-1.5', -1.5),
        ("'x'", 'x'),
        ('"x y"', 'x y'),
        ('[1, "a"]', [1, 'a']),
        ('True', True),
        ('None', None),
        ('{"a": (1, 2)}', {'a': (1, 2)}),
        ('  42  ', 42),
        ('"a=b"', 'a=b'),
    ],
)
def test_set_values_are_python_literals(text, value):
    assert load_template_vars([f'NAME={text}']) == {'NAME': value}


def test_unquoted_string_says_strings_must_be_quoted():
    with pytest.raises(InputError) as info:
        load_template_vars(['FOO=bar'])
    assert str(info.value) == (
        'Invalid template variable: bar (note string values must be quoted)'
    )


@pytest.mark.parametrize('text', ['[', '1 +', '"open', '((((('])
def test_invalid_literal_says_values_must_be_literals(text):
    with pytest.raises(InputError, match='values must be valid Python literals'):
        load_template_vars([f'FOO={text}'])


@pytest.mark.parametrize('pair', ['FOO', '=1', ' = 2'])
def test_pairs_without_a_name_and_value_are_errors(pair):
    with pytest.raises(InputError, match='must be set with key=value'):
        load_template_vars([pair])


def test_list_values_are_lists_of_strings():
    assert load_template_vars(list_values=['X=a,b,c', 'Y=1', 'Z=']) == {
        'X': ['a', 'b', 'c'],
        'Y': ['1'],
        'Z': [''],
    }


def test_list_values_keep_commas_inside_quotes():
    result = load_template_vars(list_values=['X="w,x",y', "Y=a,'b,\"c'"])
    assert result == {'X': ['w,x', 'y'], 'Y': ['a', 'b,"c']}


def test_list_value_with_unclosed_quote_is_an_error():
    with pytest.raises(InputError, match='unclosed quote'):
        load_template_vars(list_values=['X=a,"b'])


def test_same_name_with_set_and_list_is_an_error():
    with pytest.raises(InputError, match='both -s and -z: X'):
        load_template_vars(['X=1'], list_values=['X=a'])


def test_repeated_set_warns_and_last_wins(caplog):
    with caplog.at_level(logging.WARNING, logger='cylc'):
        assert load_template_vars(['X=1', 'X=2']) == {'X': 2}
    assert any('X redefined' in message for message in caplog.messages)


def test_set_file_lines_with_comments_and_blanks(tmp_path):
    path = tmp_path / 'vars'
    path.write_text(
        '# a comment\n\nFOO = "a # not a comment"  # comment\nBAR=[1, 2]\n  N = 3\n'
    )
    assert load_template_vars(set_files=[str(path)]) == {
        'FOO': 'a # not a comment',
        'BAR': [1, 2],
        'N': 3,
    }


def test_set_file_bad_line_is_an_error(tmp_path):
    path = tmp_path / 'vars'
    path.write_text('FOO = 1\njust words\n')
    with pytest.raises(InputError, match=r"key=value.*'just words'"):
        load_template_vars(set_files=[str(path)])


def test_set_file_unquoted_string_is_an_error(tmp_path):
    path = tmp_path / 'vars'
    path.write_text('FOO = bar\n')
    with pytest.raises(InputError, match='string values must be quoted'):
        load_template_vars(set_files=[str(path)])


def test_missing_set_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match='cannot read template variable file'):
        load_template_vars(set_files=[str(tmp_path / 'nope')])


def test_command_line_overrides_set_files_and_later_files_override_earlier(tmp_path):
    first = tmp_path / 'first'
    first.write_text('A = 1\nB = 1\nC = 1\n')
    second = tmp_path / 'second'
    second.write_text('B = 2\nC = 2\n')
    result = load_template_vars(
        ['C=3'], [str(first), str(second)], list_values=['D=x']
    )
    assert result == {'A': 1, 'B': 2, 'C': 3, 'D': ['x']}


def test_no_options_gives_no_variables():
    assert load_template_vars() == {}
