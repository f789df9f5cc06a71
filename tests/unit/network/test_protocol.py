"""The JSON wire format."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cylc_flow.network.protocol import (
    MalformedRequest,
    decode_reply,
    decode_request,
    encode_data,
    encode_error,
    encode_request,
)


def test_request_round_trip() -> None:
    body = encode_request('put_messages', {'task_job': '1/a/01'}, {'prog': 'x'})
    assert json.loads(body) == {
        'command': 'put_messages', 'args': {'task_job': '1/a/01'},
        'meta': {'prog': 'x'},
    }
    assert decode_request(body) == ('put_messages', {'task_job': '1/a/01'},
                                    {'prog': 'x'})


def test_missing_args_and_meta_default_to_empty() -> None:
    assert decode_request(b'{"command": "ping"}') == ('ping', {}, {})


@pytest.mark.parametrize('body, reason', [
    (b'{not json', 'not a JSON document'),
    (b'\xff\xfe', 'not a JSON document'),
    (b'[1, 2]', 'not a JSON object'),
    (b'{"args": {}}', 'missing required field'),
    (b'{"command": 3}', 'missing required field'),
    (b'{"command": "x", "args": [1]}', '"args" must be an object'),
    (b'{"command": "x", "meta": "m"}', '"meta" must be an object'),
    (b'[' * 100000, 'not a JSON document'),
])
def test_malformed_requests_raise_with_the_reply_text(body: bytes, reason: str) -> None:
    with pytest.raises(MalformedRequest, match=reason):
        decode_request(body)


@given(st.binary())
def test_decode_request_raises_only_malformed_request(body: bytes) -> None:
    try:
        command, args, _meta = decode_request(body)
    except MalformedRequest:
        return
    assert isinstance(command, str) and isinstance(args, dict)


def test_replies_round_trip() -> None:
    assert decode_reply(encode_data({'a': [1]})) == (True, {'a': [1]})
    assert decode_reply(encode_data(None)) == (True, None)
    assert decode_reply(encode_error('no such task')) == (False, 'no such task')
    assert json.loads(encode_error('x')) == {'error': {'message': 'x'}}


@given(st.binary())
def test_decode_reply_never_raises(body: bytes) -> None:
    ok, value = decode_reply(body)
    assert ok or isinstance(value, str)
