"""Coercion of raw strings to each value type."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.config.spec import DurationFloat, IntegerRange, XtriggerValue
from cylc_flow.config.spec.value_types import (
    ABSOLUTE_HOST_LIST,
    ALL_VALUE_TYPES,
    BOOLEAN,
    CYCLE_INTERVAL,
    CYCLE_POINT,
    CYCLE_POINT_FORMAT,
    CYCLE_POINT_TIME_ZONE,
    CYCLE_POINT_WITH_OFFSETS,
    FLOAT,
    FLOAT_LIST,
    INTEGER,
    INTEGER_LIST,
    INTERVAL,
    INTERVAL_LIST,
    PARAMETER_LIST,
    RANGE,
    SPACELESS_STRING_LIST,
    STRING,
    STRING_LIST,
    XTRIGGER,
)
from cylc_flow.exceptions import IllegalValueError


@pytest.mark.parametrize(('raw', 'expected'), [
    ('  hello world  ', 'hello world'),
    ('\n    line one\n      line two\n    ', 'line one\n  line two'),
    ('', ''),
])
def test_string_is_stripped_and_multiline_dedented(raw, expected):
    assert STRING.coerce(raw) == expected


@pytest.mark.parametrize(('raw', 'expected'), [
    ('True', True), ('true', True), ('False', False), ('false', False),
    (' True ', True), ('', None),
])
def test_boolean_accepts_python_and_lower_case_words(raw, expected):
    assert BOOLEAN.coerce(raw) is expected


@pytest.mark.parametrize('raw', ['yes', 'TRUE', '1', 'on', 'Truee'])
def test_boolean_rejects_other_words(raw):
    with pytest.raises(IllegalValueError):
        BOOLEAN.coerce(raw)


def test_integer_and_float_coerce_and_reject():
    assert INTEGER.coerce(' -42 ') == -42
    assert INTEGER.coerce('') is None
    assert FLOAT.coerce('1.5e3') == 1500.0
    for value_type, raw in ((INTEGER, '1.5'), (INTEGER, 'ten'), (FLOAT, 'x')):
        with pytest.raises(IllegalValueError):
            value_type.coerce(raw)


def test_interval_is_seconds_that_prints_as_written():
    value = INTERVAL.coerce('PT1H')
    assert isinstance(value, DurationFloat)
    assert value == 3600.0
    assert str(value) == 'PT1H'
    assert str(INTERVAL.coerce('PT90M')) == 'PT90M'
    assert INTERVAL.coerce('P1D') == 86400.0
    assert INTERVAL.coerce('') is None


@pytest.mark.parametrize('raw', ['1H', 'PT1X', 'P1.5DT1H', 'soon', '60'])
def test_interval_rejects_non_iso_durations(raw):
    with pytest.raises(IllegalValueError, match='ISO 8601 duration'):
        INTERVAL.coerce(raw)


def test_duration_float_without_text_prints_standard_iso():
    assert str(DurationFloat(3600)) == 'PT1H'
    assert str(DurationFloat(86400)) == 'P1D'


def test_duration_float_survives_pickle_and_copy():
    value = DurationFloat(60.0, 'PT60S')
    for clone in (pickle.loads(pickle.dumps(value)), copy.deepcopy(value)):
        assert clone == 60.0
        assert str(clone) == 'PT60S'


def test_interval_list_expands_multipliers():
    values = INTERVAL_LIST.coerce('3*PT1M, PT5M')
    assert values == [60.0, 60.0, 60.0, 300.0]
    assert [str(value) for value in values] == ['PT1M'] * 3 + ['PT5M']
    assert INTERVAL_LIST.coerce('') == []


@pytest.mark.parametrize('raw', ['PT1M, , PT2M', 'x*PT1M', 'PT1M, 5'])
def test_interval_list_rejects_bad_items(raw):
    with pytest.raises(IllegalValueError):
        INTERVAL_LIST.coerce(raw)


def test_interval_list_results_are_independent_lists():
    first = INTERVAL_LIST.coerce('PT1M')
    first.append(DurationFloat(1))
    assert INTERVAL_LIST.coerce('PT1M') == [60.0]


@pytest.mark.parametrize(('raw', 'expected'), [
    ('a, b c ,   d', ['a', 'b c', 'd']),
    ('a, b,', ['a', 'b']),
    ('', []),
    ("'echo %(workflow)s, %(event)s', 'my_exe %(event)s'",
     ['echo %(workflow)s, %(event)s', 'my_exe %(event)s']),
    ('"a, b", c', ['a, b', 'c']),
    ("a, 'foo<m,n>'", ['a', 'foo<m,n>']),
])
def test_string_list_splits_on_commas_outside_quotes(raw, expected):
    assert STRING_LIST.coerce(raw) == expected


@pytest.mark.parametrize('raw', ['foo<m,n>', '"unterminated, x', '"a" b, c'])
def test_string_list_rejects_ambiguous_text(raw):
    with pytest.raises(IllegalValueError):
        STRING_LIST.coerce(raw)


def test_spaceless_and_host_lists():
    assert SPACELESS_STRING_LIST.coerce('a, b') == ['a', 'b']
    with pytest.raises(IllegalValueError, match='space'):
        SPACELESS_STRING_LIST.coerce('a, b c')
    assert ABSOLUTE_HOST_LIST.coerce('foo, bar') == ['foo', 'bar']
    with pytest.raises(IllegalValueError, match='ambiguous host'):
        ABSOLUTE_HOST_LIST.coerce('foo, localhost')


def test_integer_and_float_lists():
    assert INTEGER_LIST.coerce('1, 3*2, 5..7, 10..14..2') == [
        1, 2, 2, 2, 5, 6, 7, 10, 12, 14,
    ]
    assert FLOAT_LIST.coerce('1.5, 2*3') == [1.5, 3.0, 3.0]
    for value_type, raw in ((INTEGER_LIST, '1, a'), (FLOAT_LIST, '1, x'),
                            (INTEGER_LIST, '1..5..0')):
        with pytest.raises(IllegalValueError):
            value_type.coerce(raw)


def test_huge_multipliers_and_ranges_are_refused():
    with pytest.raises(IllegalValueError, match='too large'):
        INTERVAL_LIST.coerce('99999999*PT1M')
    with pytest.raises(IllegalValueError, match='too long'):
        INTEGER_LIST.coerce('1..999999999')


def test_range_is_a_min_max_pair():
    value = RANGE.coerce('43001 .. 43101')
    assert isinstance(value, IntegerRange)
    assert tuple(value) == (43001, 43101)
    assert str(value) == '43001 .. 43101'
    for raw in ('1..3, 5', '1..z', '1', '5..1', '1..5..2'):
        with pytest.raises(IllegalValueError):
            RANGE.coerce(raw)


@pytest.mark.parametrize(('raw', 'expected'), [
    ('1..4', [1, 2, 3, 4]),
    ('1..10..3', [1, 4, 7, 10]),
    ('-11..-7..2', [-11, -9, -7]),
    ('1..3, 7', [1, 2, 3, 7]),
    ('1, 2, 3', [1, 2, 3]),
    ('a, b, c', ['a', 'b', 'c']),
    ('084_132', ['084_132']),
    ('072, a', ['072', 'a']),
    ('cold, hot-2', ['cold', 'hot-2']),
])
def test_parameter_list_expands_ranges_and_keeps_names(raw, expected):
    assert PARAMETER_LIST.coerce(raw) == expected


@pytest.mark.parametrize('raw', ['1..3, a', 'a, 1..3', 'a b', 'x.y'])
def test_parameter_list_rejects_mixtures_and_bad_names(raw):
    with pytest.raises(IllegalValueError):
        PARAMETER_LIST.coerce(raw)


@pytest.mark.parametrize('raw', [
    '1', '2000', '20000101T00', '2000-01-01T00:00Z', 'now', 'next(T00)',
    'previous(T-30) -P1D', '+P1D', '-PT6H', '+P5', '+0100400101T0000Z',
])
def test_cycle_point_accepts_integer_datetime_and_offsets(raw):
    assert CYCLE_POINT.coerce(raw) == raw


@pytest.mark.parametrize('raw', ['2000-13-01', 'tomorrow', '+PX', '20000101TP'])
def test_cycle_point_rejects_nonsense(raw):
    with pytest.raises(IllegalValueError):
        CYCLE_POINT.coerce(raw)


def test_cycle_point_format_time_zone_and_interval():
    assert CYCLE_POINT_FORMAT.coerce('CCYYMMDDThhmmZ') == 'CCYYMMDDThhmmZ'
    assert CYCLE_POINT_FORMAT.coerce('%Y%m%dT%H%M') == '%Y%m%dT%H%M'
    for raw in ('CCYY-MM-DDThh:mm', 'CCYY/MM', '%Y%Q'):
        with pytest.raises(IllegalValueError):
            CYCLE_POINT_FORMAT.coerce(raw)
    for raw in ('Z', '+13', '-0830'):
        assert CYCLE_POINT_TIME_ZONE.coerce(raw) == raw
    with pytest.raises(IllegalValueError):
        CYCLE_POINT_TIME_ZONE.coerce('UTC')
    assert CYCLE_INTERVAL.coerce('P5') == 'P5'
    assert CYCLE_INTERVAL.coerce('PT12H') == 'PT12H'
    with pytest.raises(IllegalValueError):
        CYCLE_INTERVAL.coerce('5')
    assert CYCLE_POINT_WITH_OFFSETS.coerce(' 2000 +P1D ') == '2000 +P1D'


def test_xtrigger_parses_function_arguments_and_interval():
    value = XTRIGGER.coerce(
        "my_trig(1, 1.5, True, abc, '%(point)s', k=None, s='x, y'):PT10S"
    )
    assert isinstance(value, XtriggerValue)
    assert value.function == 'my_trig'
    assert value.args == [1, 1.5, True, 'abc', '%(point)s']
    assert value.kwargs == {'k': None, 's': 'x, y'}
    assert value.interval == 10.0
    assert str(value.interval) == 'PT10S'


def test_xtrigger_without_arguments_or_interval():
    value = XTRIGGER.coerce('wall_clock()')
    assert (value.function, value.args, value.kwargs, value.interval) == (
        'wall_clock', [], {}, None,
    )
    assert str(value) == 'wall_clock()'


def test_xtrigger_prints_in_a_form_that_parses_back_the_same():
    value = XTRIGGER.coerce("f(1, '1', 'a,b', k='=', z=%(point)s):PT1M")
    assert XTRIGGER.coerce(str(value)) == value


@pytest.mark.parametrize('raw', [
    'no_brackets', 'f(a):PT1X', 'f(a)junk', 'f(k=1, a)', 'f(1=2)', 'f(a,,b)',
    "f('open)", 'f(k=1, k=2)', '',
])
def test_xtrigger_rejects_malformed_calls(raw):
    with pytest.raises(IllegalValueError):
        XTRIGGER.coerce(raw)


@settings(max_examples=300, deadline=None)
@given(
    value_type=st.sampled_from(ALL_VALUE_TYPES),
    raw=st.one_of(
        st.text(max_size=40),
        st.text(alphabet='PT0123456789HMSDYW.,*+-: "\'()=<>_ab%', max_size=30),
    ),
)
def test_any_string_either_coerces_or_raises_illegal_value(value_type, raw):
    try:
        value = value_type.coerce(raw)
    except IllegalValueError as exc:
        assert isinstance(exc.reason, str)
        return
    if value_type.is_list:
        assert isinstance(value, list)
    elif value is not None:
        assert not isinstance(value, list)
