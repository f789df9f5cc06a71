"""Server and client together, in-process: requests, replies and errors."""

from __future__ import annotations

import threading
import time

import pytest
import zmq

from cylc_flow.network.errors import ClientError
from cylc_flow.network.keys import load_client_key
from cylc_flow.network.protocol import decode_reply

from .conftest import Live


def curve_request(live: Live, body: bytes, scope: str = 'owner') -> tuple[bool, object]:
    """Send raw bytes with a valid key; return the decoded reply."""
    key = load_client_key(live.run_dir, scope)
    sock = live.raw_socket(public=key.public, secret=key.secret,
                           server_public=key.server_public)
    try:
        sock.send(body)
        assert sock.poll(5000), 'no reply'
        return decode_reply(sock.recv())
    finally:
        sock.close()


def assert_still_serving(live: Live) -> None:
    with live.client() as client:
        assert client.request('ping') is True


def test_request_returns_the_handlers_data(live: Live) -> None:
    with live.client() as client:
        reply = client.request('echo', {'x': [1, 'two']}, meta={'extra': 1})
    assert reply['args'] == {'x': [1, 'two']}
    assert reply['meta']['extra'] == 1
    assert reply['meta']['comms_method'] == 'zmq'


def test_server_tells_handlers_the_authenticated_scope(live: Live) -> None:
    with live.client() as client:
        meta = client.request('echo', meta={'scope': 'forged', 'key': 'forged'})['meta']
    assert (meta['scope'], meta['key']) == ('owner', 'client_localhost')


def test_server_binds_in_the_port_range(live: Live) -> None:
    assert 43001 <= (live.server.port or 0) < 43101
    assert 43001 <= (live.server.publish_port or 0) < 43101
    assert live.server.port != live.server.publish_port


def test_async_and_blocking_handlers_reply(live: Live) -> None:
    with live.client() as client:
        assert client.request('slow', {'seconds': 0.01}) == 'slow done'
        assert client.request('blocking') == sum(range(1000))


def test_slow_handler_does_not_hold_up_other_clients(live: Live) -> None:
    results: list[str] = []

    def call_slow() -> None:
        with live.client() as client:
            results.append(client.request('slow', {'seconds': 1.5}))

    thread = threading.Thread(target=call_slow)
    thread.start()
    time.sleep(0.2)
    start = time.monotonic()
    with live.client() as client:
        for _ in range(20):
            assert client.request('ping') is True
    assert time.monotonic() - start < 1.0
    thread.join()
    assert results == ['slow done']


def test_many_concurrent_clients_all_get_their_own_replies(live: Live) -> None:
    errors: list[BaseException] = []

    def worker(number: int) -> None:
        try:
            with live.client() as client:
                for count in range(20):
                    reply = client.request('echo', {'n': number, 'count': count})
                    assert reply['args'] == {'n': number, 'count': count}
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []


def test_unknown_method_gets_an_error_reply(live: Live) -> None:
    with live.client() as client, pytest.raises(
        ClientError, match='No method by the name "nonesuch"'
    ):
        client.request('nonesuch')
    assert_still_serving(live)


def test_malformed_json_gets_an_error_reply(live: Live) -> None:
    assert curve_request(live, b'{"command": ') == (
        False, 'malformed request: not a JSON document')
    assert curve_request(live, b'"just a string"') == (
        False, 'malformed request: not a JSON object')
    assert_still_serving(live)


def test_oversized_request_gets_an_error_reply(live: Live) -> None:
    body = b'{"command": "ping", "args": {"x": "' + b'a' * (1 << 20) + b'"}}'
    ok, text = curve_request(live, body)
    assert not ok
    assert text.startswith('request too large: 1048') and '(limit 1048576)' in text
    assert_still_serving(live)


def test_huge_request_is_dropped_and_the_server_survives(live: Live) -> None:
    key = load_client_key(live.run_dir, 'owner')
    sock = live.raw_socket(public=key.public, secret=key.secret,
                           server_public=key.server_public)
    sock.send(b'x' * (8 << 20))
    assert sock.poll(500) == 0
    sock.close()
    assert_still_serving(live)


def test_multi_frame_request_gets_an_error_reply(live: Live) -> None:
    key = load_client_key(live.run_dir, 'owner')
    sock = live.raw_socket(public=key.public, secret=key.secret,
                           server_public=key.server_public)
    sock.send_multipart([b'{"command": "ping"}', b'extra'])
    assert sock.poll(5000)
    assert decode_reply(sock.recv()) == (False, 'malformed request: expected one frame')
    sock.close()


def test_dealer_without_delimiter_is_answered(live: Live) -> None:
    key = load_client_key(live.run_dir, 'owner')
    sock = live.raw_socket(public=key.public, secret=key.secret,
                           server_public=key.server_public, kind=zmq.DEALER)
    sock.send(b'{"command": "ping"}')
    assert sock.poll(5000)
    assert decode_reply(sock.recv()) == (True, True)
    sock.close()


def test_handler_user_error_is_the_reply_message(live: Live) -> None:
    with live.client() as client, pytest.raises(
        ClientError, match=r'^net/run1: task 1/foo is not in the pool$'
    ):
        client.request('fail_user')


def test_handler_internal_error_has_no_traceback(live: Live) -> None:
    with live.client() as client, pytest.raises(ClientError) as info:
        client.request('fail_internal')
    text = str(info.value)
    assert 'fail_internal: internal error: KeyError' in text
    assert 'Traceback' not in text and '\n' not in text
    assert_still_serving(live)


def test_result_that_is_not_json_gets_an_error_reply(live: Live) -> None:
    with live.client() as client, pytest.raises(ClientError, match='not JSON'):
        client.request('not_json')
    assert_still_serving(live)


def test_publisher_reaches_an_owner_subscriber(live: Live) -> None:
    key = load_client_key(live.run_dir, 'owner')
    sub = zmq.Context.instance().socket(zmq.SUB)
    sub.linger = 0
    sub.curve_secretkey, sub.curve_publickey = key.secret, key.public
    sub.curve_serverkey = key.server_public
    sub.setsockopt(zmq.SUBSCRIBE, b'delta')
    sub.connect(f'tcp://127.0.0.1:{live.server.publish_port}')
    deadline = time.monotonic() + 10
    received = None
    while received is None and time.monotonic() < deadline:
        live.background.call(live.server.publish, b'delta', b'payload')
        if sub.poll(100):
            received = sub.recv_multipart()
    sub.close()
    assert received == [b'delta', b'payload']


def test_publisher_refuses_message_scope_subscribers(live: Live) -> None:
    key = load_client_key(live.run_dir, 'message')
    sub = zmq.Context.instance().socket(zmq.SUB)
    sub.linger = 0
    sub.curve_secretkey, sub.curve_publickey = key.secret, key.public
    sub.curve_serverkey = key.server_public
    sub.setsockopt(zmq.SUBSCRIBE, b'')
    sub.connect(f'tcp://127.0.0.1:{live.server.publish_port}')
    got = False
    for _ in range(10):
        live.background.call(live.server.publish, b'delta', b'payload')
        if sub.poll(50):
            got = True
            break
    sub.close()
    assert not got
    assert any('may not subscribe' in line for line in live.refusals)
