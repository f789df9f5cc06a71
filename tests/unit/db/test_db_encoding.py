"""Value encodings match Cylc 8's: flow numbers, outputs, times, booleans."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import suppress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cylc_flow.db import DatabaseValueError
from cylc_flow.db.encoding import (
    decode_float,
    decode_json,
    deserialise_flow_nums,
    deserialise_outputs,
    deserialise_satisfied,
    serialise_flow_nums,
    serialise_outputs,
    serialise_satisfied,
    time_string,
)


def test_flow_numbers_are_a_sorted_json_list() -> None:
    assert serialise_flow_nums({1}) == '[1]'
    assert serialise_flow_nums({3, 1, 2}) == '[1, 2, 3]'
    assert serialise_flow_nums(frozenset()) == '[]'
    assert serialise_flow_nums([2, 2, 1]) == '[1, 2]'


@given(st.frozensets(st.integers(min_value=0, max_value=10**6)))
def test_flow_numbers_round_trip(numbers: frozenset[int]) -> None:
    text = serialise_flow_nums(numbers)
    assert json.loads(text) == sorted(numbers)
    assert deserialise_flow_nums(text) == numbers


@pytest.mark.parametrize('text', ['', '1', '{"a": 1}', '[1, "2"]', '[true]'])
def test_bad_flow_numbers_raise_a_value_error(text: str) -> None:
    with pytest.raises(DatabaseValueError, match='bad flow numbers'):
        deserialise_flow_nums(text)


def test_null_flow_numbers_mean_no_flow() -> None:
    assert deserialise_flow_nums(None) == frozenset()


@given(st.dictionaries(st.text(), st.text()))
def test_outputs_round_trip(outputs: dict[str, str]) -> None:
    assert deserialise_outputs(serialise_outputs(outputs)) == outputs


def test_outputs_are_a_json_object_of_trigger_to_message() -> None:
    text = serialise_outputs({'x': 'file ready', 'succeeded': 'succeeded'})
    assert json.loads(text) == {'x': 'file ready', 'succeeded': 'succeeded'}


def test_cylc_8_0_list_of_messages_is_still_read() -> None:
    assert deserialise_outputs('["submitted", "file ready"]') == {
        'submitted': 'submitted', 'file ready': 'file ready',
    }
    assert deserialise_outputs(None) == {}


@pytest.mark.parametrize('text', ['{', '[1]', '{"a": 2}', '"x"'])
def test_bad_outputs_raise_a_value_error(text: str) -> None:
    with pytest.raises(DatabaseValueError, match='bad task outputs'):
        deserialise_outputs(text)


def test_prerequisite_satisfaction_encoding() -> None:
    assert serialise_satisfied(False) == '0'
    assert serialise_satisfied(True) == 'satisfied naturally'
    assert serialise_satisfied('force satisfied') == 'force satisfied'
    assert deserialise_satisfied('0') is False
    assert deserialise_satisfied(0) is False
    assert deserialise_satisfied(None) is False
    assert deserialise_satisfied('force satisfied') == 'force satisfied'


def test_json_and_number_decoders_name_the_value() -> None:
    assert decode_json('[1]', 'delays') == [1]
    assert decode_json(None, 'delays') is None
    with pytest.raises(DatabaseValueError, match=r"bad JSON in delays: '\{'"):
        decode_json('{', 'delays')
    assert decode_float('30.0', 'delay') == 30.0
    assert decode_float(None, 'delay') is None
    with pytest.raises(DatabaseValueError, match='bad number in delay'):
        decode_float('soon', 'delay')


def test_utc_time_stamps_end_in_z() -> None:
    # 2025-01-31T06:00:00Z
    assert time_string(1738303200) == '2025-01-31T06:00:00Z'
    assert time_string(1738303200.25, sub_seconds=True) == (
        '2025-01-31T06:00:00.250000Z'
    )
    assert re.fullmatch(
        r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', time_string()
    )


@pytest.fixture
def local_zone() -> Iterator[None]:
    """Run with the local time zone set to New Zealand."""
    before = os.environ.get('TZ')
    os.environ['TZ'] = 'Pacific/Auckland'
    time.tzset()
    yield
    if before is None:
        del os.environ['TZ']
    else:
        os.environ['TZ'] = before
    time.tzset()


def test_local_time_stamps_carry_the_offset(local_zone: None) -> None:
    # January: NZDT, +13:00
    assert time_string(1738303200, utc=False) == '2025-01-31T19:00:00+13:00'
    # July: NZST, +12:00
    assert time_string(1751328000, utc=False) == '2025-07-01T12:00:00+12:00'


@given(st.one_of(st.text(), st.from_regex(r'\[[\d, "a-z\[\]{}:.-]*\]')))
def test_any_stored_text_decodes_or_raises_a_database_value_error(
    text: str,
) -> None:
    decoders = (
        deserialise_flow_nums,
        deserialise_outputs,
        lambda value: decode_json(value, 'ctx'),
        lambda value: decode_float(value, 'delay'),
    )
    for decode in decoders:
        with suppress(DatabaseValueError):
            decode(text)
