"""Detection of ``platform = $(command)`` settings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cylc_flow.exceptions import PlatformLookupError
from cylc_flow.platforms import check_platform_subshell, is_platform_subshell


@pytest.mark.parametrize(
    'value',
    [
        '$(select-platform)',
        '$( rose config platform hpc )',
        '$(rose config platform hpc)-bg',
        'prefix-$(cmd)',
        '`select-platform`',
        'x`cmd`y',
    ],
)
def test_command_substitutions_are_subshells(value):
    assert is_platform_subshell(value)


@pytest.mark.parametrize(
    'value', ['', None, 'hpc1', 'hpc\\d+', '$HOST', '(a|b)', 'a$b', '$(', '`x']
)
def test_plain_names_and_unclosed_forms_are_not_subshells(value):
    assert not is_platform_subshell(value)


def test_dollar_form_passes_the_check():
    assert check_platform_subshell('$(cmd)')
    assert not check_platform_subshell('hpc1')


def test_backticks_are_rejected_with_cylc8_wording():
    with pytest.raises(PlatformLookupError) as excinfo:
        check_platform_subshell('`cmd`')
    assert str(excinfo.value) == (
        'platform = `cmd`: backticks are not supported; please use $()'
    )


@given(st.text())
def test_detection_never_raises_and_agrees_with_the_check(value):
    detected = is_platform_subshell(value)
    try:
        checked = check_platform_subshell(value)
    except PlatformLookupError:
        assert detected
        assert '`' in value
    else:
        assert checked == ('$(' in value and detected)
        assert detected == checked


@given(st.text(alphabet=st.characters(blacklist_characters='$`')))
def test_text_without_dollar_or_backtick_is_never_a_subshell(value):
    assert not is_platform_subshell(value)
