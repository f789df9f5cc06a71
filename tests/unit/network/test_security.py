"""Who gets an answer: CURVE authentication and scopes."""

from __future__ import annotations

import time

import pytest
import zmq

from cylc_flow.network.errors import ClientError
from cylc_flow.network.keys import add_client_key, load_client_key, read_certificate
from cylc_flow.network.protocol import encode_request

from .conftest import Live


def wait_for(predicate, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def assert_still_serving(live: Live) -> None:
    with live.client() as client:
        assert client.request('ping') is True


def test_plain_client_gets_no_answer_and_is_logged(live: Live) -> None:
    sock = live.raw_socket()
    sock.send(encode_request('stop', {}))
    assert sock.poll(1000) == 0
    sock.close()
    assert wait_for(lambda: any('refused a connection on port' in line
                                for line in live.refusals)), live.refusals
    assert_still_serving(live)


def test_unknown_key_gets_no_answer_and_is_logged(live: Live) -> None:
    public, secret = zmq.curve_keypair()
    server_public = load_client_key(live.run_dir).server_public
    sock = live.raw_socket(public=public, secret=secret, server_public=server_public)
    sock.send(encode_request('ping', {}))
    assert sock.poll(1000) == 0
    sock.close()
    assert wait_for(lambda: any('unknown CURVE key' in line and '127.0.0.1' in line
                                for line in live.refusals))
    assert_still_serving(live)


def test_client_with_the_wrong_server_key_gets_no_answer(live: Live) -> None:
    key = load_client_key(live.run_dir)
    wrong_server_public, _ = zmq.curve_keypair()
    sock = live.raw_socket(public=key.public, secret=key.secret,
                           server_public=wrong_server_public)
    sock.send(encode_request('ping', {}))
    assert sock.poll(1000) == 0
    sock.close()
    assert_still_serving(live)


def test_message_key_may_send_messages(live: Live) -> None:
    payload = {'task_job': '1/foo/01', 'event_time': 'T',
               'messages': [['INFO', 'started']]}
    with live.client('message') as client:
        assert client.request('put_messages', payload) == {'accepted': 1}
    assert live.received == [payload]


def test_message_key_cannot_stop_the_workflow(live: Live) -> None:
    with live.client('message') as client, pytest.raises(
        ClientError, match='permission denied: stop needs the workflow owner'
    ):
        client.request('stop')
    assert any('refused stop from key message_localhost' in line
               for line in live.refusals)
    with live.client('owner') as client:
        assert client.request('stop') == 'stopping'


def test_owner_key_may_call_message_methods_too(live: Live) -> None:
    with live.client('owner') as client:
        assert client.request('put_messages', {'messages': []}) == {'accepted': 0}


def test_key_added_while_running_is_accepted_with_its_scope(live: Live) -> None:
    secret_path = add_client_key(live.run_dir, 'hpc', 'message')
    public, secret = read_certificate(secret_path)
    server_public = load_client_key(live.run_dir).server_public
    sock = live.raw_socket(public=public, secret=secret, server_public=server_public)
    sock.send(encode_request('echo', {}))
    assert sock.poll(5000)
    assert b'permission denied' in sock.recv()
    sock.send(encode_request('put_messages', {'messages': []}))
    assert sock.poll(5000)
    assert sock.recv() == b'{"data":{"accepted":0}}'
    sock.close()


def test_refusals_are_rate_limited() -> None:
    from cylc_flow.network.server import _RefusalReporter

    lines: list[str] = []
    reporter = _RefusalReporter(lines.append)
    for number in range(100):
        reporter(f'refusal {number}')
    assert len(lines) == 20
