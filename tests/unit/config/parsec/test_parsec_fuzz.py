"""Fuzzing: any text either parses or raises a CylcError, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylc_flow.config.parsec import parse_text
from cylc_flow.exceptions import CylcError

VALID_FLOW = '''\
#!jinja2
{% set N = 2 %}
[meta]
    title = "a # title"
[scheduler]
    allow implicit tasks = True  # comment
[scheduling]
    initial cycle point = 2020
    [[graph]]
        R1 = """
            a => b
{% for i in range(N) %}
            b => c{{ i }}
{% endfor %}
        """
        P1D = c0[-P1D] => a
[runtime]
    [[root]]
        script = echo "hi # there" \\
            && true
        [[[environment]]]
            X = 'quoted'
    [[a, b]]
        inherit = "FAM", 'OTHER'
'''

SPECIAL = '[]"\'#\\=\n %{}<>!'
FRAGMENTS = [
    '[', ']', '[[', ']]', '"', "'", '"""', "'''", '#', '\\', '=', '\n', ' ', '\t',
    'a', 'key', 'graph', 'scheduling', '%include ', '{{', '}}', '{%', '%}', '\r',
]
JINJA2_TOKENS = [
    '{{', '}}', '{%', '%}', '{#', '#}', 'if', 'endif', 'for', 'endfor', 'in',
    'set', 'x', 'N', 'FOO', '=', '1', '"', "'", '|', 'pad', '(', ')', ',', '\n',
    ' ', '[a]', 'raise', 'include', 'import', 'macro', 'endmacro', '-', '~',
    'environ', '.', 'range', '\\', '"""',
]


@pytest.fixture(scope='module')
def empty_dir(tmp_path_factory) -> Path:
    """An empty directory, so fuzzed include lines find nothing."""
    return tmp_path_factory.mktemp('fuzz')


def parses_or_raises_cylc_error(text: str, directory: Path) -> None:
    try:
        config = parse_text(text, directory=directory)
    except CylcError as exc:
        assert str(exc)
    else:
        assert isinstance(config.data, dict)


fuzz_settings = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@fuzz_settings
@given(st.text())
def test_arbitrary_text(empty_dir, text):
    parses_or_raises_cylc_error(text, empty_dir)


@fuzz_settings
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(''.join))
def test_text_made_of_syntax_fragments(empty_dir, text):
    parses_or_raises_cylc_error(text, empty_dir)


@st.composite
def mutated_flow(draw) -> str:
    """The valid flow with characters or lines inserted, deleted or moved."""
    text = VALID_FLOW
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(['insert', 'delete', 'duplicate_line']))
        if action == 'insert':
            text = text[:position] + draw(st.sampled_from(SPECIAL)) + text[position:]
        elif action == 'delete':
            text = text[:position] + text[position + 1 :]
        else:
            lines = text.split('\n')
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(draw(st.integers(0, len(lines))), lines[index])
            text = '\n'.join(lines)
    return text


@fuzz_settings
@given(mutated_flow())
def test_mutations_of_a_valid_flow(empty_dir, text):
    parses_or_raises_cylc_error(text, empty_dir)


@fuzz_settings
@given(st.lists(st.sampled_from(JINJA2_TOKENS), max_size=40).map(''.join))
def test_arbitrary_jinja2_templates(empty_dir, text):
    parses_or_raises_cylc_error('#!jinja2\n' + text, empty_dir)


def test_the_unmutated_flow_is_valid(empty_dir):
    config = parse_text(VALID_FLOW, directory=empty_dir)
    assert config.data['scheduling']['graph']['R1'] == 'a => b\nb => c0\nb => c1'
    script = config.data['runtime']['root']['script']
    assert script == 'echo "hi # there"             && true'
