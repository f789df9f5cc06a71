"""The ctypes (pyzmq-free) client that ``cylc message`` uses, against a live
CURVE server; its JSON codec; loading libzmq; the pyzmq fallback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import zmq
from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.network import fast_client, protocol, task_messages
from cylc_flow.network.client import WorkflowClient
from cylc_flow.network.contact import (
    load_contact,
    scheduler_contact_fields,
    write_contact,
)
from cylc_flow.network.errors import (
    ClientError,
    ClientTimeout,
    WorkflowStopped,
)
from cylc_flow.network.fast_client import (
    FastClientUnavailable,
    FastWorkflowClient,
    decode_reply,
    encode_request,
    libzmq_candidates,
    load_libzmq,
)
from cylc_flow.network.keys import ClientKey

from .conftest import WORKFLOW_ID, Live, free_port

MESSAGE_SCRIPT = Path(fast_client.__file__).parent.parent / 'scripts' / 'message.py'


def fast(live: Live, scope: str = 'message', timeout: float = 5.0
         ) -> FastWorkflowClient:
    return FastWorkflowClient(WORKFLOW_ID, scope=scope, timeout=timeout,
                              run_dir=str(live.run_dir))


# --------------------------------------------------------------- live server


def test_message_scope_request_reaches_the_server_with_curve(live: Live) -> None:
    with fast(live) as client:
        reply = client.request('put_messages', {'task_job': '1/foo/01',
                                                'messages': [['INFO', 'héllo']]})
    assert reply == {'accepted': 1}
    assert live.received == [{'task_job': '1/foo/01',
                              'messages': [['INFO', 'héllo']]}]


def test_server_sees_the_same_identity_and_metadata_as_from_pyzmq(live: Live) -> None:
    with fast(live, scope='owner') as client:
        meta = client.request('echo', {'x': [1, 2.5, None, True]})['meta']
        args = client.request('echo', {'x': [1, 2.5, None, True]})['args']
    assert args == {'x': [1, 2.5, None, True]}
    assert meta['scope'] == 'owner' and meta['key'] == 'client_localhost'
    assert meta['comms_method'] == 'zmq'


def test_one_client_sends_several_requests_on_one_socket(live: Live) -> None:
    with fast(live, scope='owner') as client:
        assert [client.request('ping') for _ in range(3)] == [True] * 3


def test_message_key_may_not_call_owner_methods(live: Live) -> None:
    with fast(live) as client, pytest.raises(ClientError, match='permission denied'):
        client.request('stop')
    assert any('message-scope keys' in line for line in live.refusals)


def test_error_reply_raises_client_error_with_the_server_message(live: Live) -> None:
    with fast(live, scope='owner') as client, pytest.raises(ClientError) as info:
        client.request('fail_user')
    assert str(info.value) == f'{WORKFLOW_ID}: task 1/foo is not in the pool'


def test_unknown_client_key_is_refused_and_gets_nothing(live: Live) -> None:
    client = fast(live, timeout=0.5)
    public, secret = zmq.curve_keypair()
    client.key = ClientKey('message', public, secret, client.key.server_public)
    with client, pytest.raises(ClientTimeout, match=r'timed out after 0\.5s'):
        client.request('put_messages', {'messages': []})
    assert live.received == []
    assert any('unknown CURVE key' in line for line in live.refusals)


def test_wrong_server_key_gets_nothing(live: Live) -> None:
    client = fast(live, timeout=0.5)
    wrong_server, _ = zmq.curve_keypair()
    client.key = ClientKey('message', client.key.public, client.key.secret,
                           wrong_server)
    with client, pytest.raises(ClientTimeout):
        client.request('ping')
    assert live.received == []


def test_a_timeout_is_retried_on_a_fresh_socket(live: Live) -> None:
    with fast(live, scope='owner', timeout=0.2) as client:
        with pytest.raises(ClientTimeout):
            client.request('slow', {'seconds': 1.0})
        assert client.request('ping', timeout=5) is True


def test_no_contact_file_means_the_workflow_is_stopped(tmp_path: Path) -> None:
    with pytest.raises(WorkflowStopped):
        FastWorkflowClient('gone/run1', scope='message', run_dir=str(tmp_path))


def test_timeout_after_the_contact_file_went_means_stopped(live: Live) -> None:
    client = fast(live, scope='owner', timeout=0.3)
    (live.run_dir / '.service' / 'contact').unlink()
    with client, pytest.raises(WorkflowStopped):
        client.request('slow', {'seconds': 1.0})


def test_timeout_when_the_workflow_moved_says_where(live: Live) -> None:
    client = fast(live, scope='owner', timeout=0.3)
    contact = load_contact(live.run_dir)
    contact['CYLC_WORKFLOW_PORT'] = str(free_port())
    write_contact(live.run_dir, contact)
    with client, pytest.raises(Exception, match='has moved to'):
        client.request('slow', {'seconds': 1.0})


def test_nobody_listening_is_a_timeout(live: Live) -> None:
    port = free_port()
    write_contact(live.run_dir, scheduler_contact_fields(
        WORKFLOW_ID, live.run_dir, port=port, publish_port=port, uuid='u',
        host='localhost'))
    with fast(live, timeout=0.3) as client, pytest.raises(
            ClientTimeout, match=f'at localhost:{port}'):
        client.request('put_messages', {})


# ----------------------------------------------------- send_messages choice


def test_send_messages_uses_the_fast_client(live: Live, monkeypatch) -> None:
    used = []
    real = task_messages.open_client

    def spy(*args):
        client = real(*args)
        used.append(type(client))
        return client

    monkeypatch.setattr(task_messages, 'open_client', spy)
    assert task_messages.send_messages(
        WORKFLOW_ID, str(live.run_dir), {'task_job': '1/a/01', 'messages': []},
        tries=1, delay=0, timeout=5)
    assert used == [FastWorkflowClient]
    assert live.received == [{'task_job': '1/a/01', 'messages': []}]


def test_pyzmq_client_is_the_fallback_without_libzmq(live: Live, monkeypatch) -> None:
    def unavailable(*args):
        raise FastClientUnavailable('no libzmq here')

    monkeypatch.setattr(fast_client, 'load_libzmq', unavailable)
    client = task_messages.open_client(WORKFLOW_ID, str(live.run_dir), 'message', 5)
    assert isinstance(client, WorkflowClient)
    client.close()
    assert task_messages.send_messages(
        WORKFLOW_ID, str(live.run_dir), {'task_job': '1/b/01', 'messages': []},
        tries=1, delay=0, timeout=5)
    assert live.received == [{'task_job': '1/b/01', 'messages': []}]


# -------------------------------------------- the job's way: python -I -S


def _run_message_script(live: Live, *extra_env: tuple[str, str]) -> str:
    job_dir = live.run_dir / 'log' / 'job' / '1' / 'foo' / '01'
    job_dir.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(('CYLC_', 'PYTHON'))}
    env.update({'HOME': str(live.run_dir.parents[2]),
                'CYLC_WORKFLOW_ID': WORKFLOW_ID,
                'CYLC_WORKFLOW_RUN_DIR': str(live.run_dir), **dict(extra_env)})
    result = subprocess.run(
        [sys.executable, '-I', '-S', str(MESSAGE_SCRIPT), '--', WORKFLOW_ID,
         '1/foo/01', 'hello', 'WARNING:careful'],
        env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_isolated_interpreter_without_site_sends_messages(live: Live) -> None:
    stdout = _run_message_script(live)
    assert stdout.endswith(' INFO - hello\n')
    assert live.received[0]['messages'] == [['INFO', 'hello'], ['WARNING', 'careful']]


def test_isolated_interpreter_falls_back_to_pyzmq(live: Live) -> None:
    _run_message_script(live, ('CYLC_LIBZMQ', '/nowhere/libzmq.so'))
    assert live.received[0]['messages'] == [['INFO', 'hello'], ['WARNING', 'careful']]


def test_message_path_imports_neither_pyzmq_nor_json_nor_re(tmp_path: Path) -> None:
    code = (
        'import sys\n'
        f'sys.path.insert(0, {str(MESSAGE_SCRIPT.parents[2])!r})\n'
        'from cylc_flow.network import task_messages, fast_client\n'
        'fast_client.load_libzmq()\n'
        'print(sorted({"zmq", "json", "re", "typing"} & set(sys.modules)))\n'
    )
    result = subprocess.run([sys.executable, '-I', '-S', '-c', code],
                            capture_output=True, text=True, check=True,
                            cwd=tmp_path)
    assert result.stdout.strip() == '[]'


# ------------------------------------------------------------ the library


def test_libzmq_is_found_without_importing_pyzmq() -> None:
    library = load_libzmq()
    assert library.zmq_has(b'curve') == 1


def test_configured_libzmq_is_the_only_candidate(monkeypatch) -> None:
    monkeypatch.setenv('CYLC_LIBZMQ', '/opt/zmq/lib/libzmq.so.5')
    assert libzmq_candidates() == ['/opt/zmq/lib/libzmq.so.5']


def test_no_loadable_library_is_unavailable() -> None:
    with pytest.raises(FastClientUnavailable, match='cannot load libzmq'):
        load_libzmq(['/nowhere/libzmq.so.5', 'libno-such-zmq.so'])


def test_bundled_pyzmq_library_is_a_candidate(monkeypatch) -> None:
    monkeypatch.delenv('CYLC_LIBZMQ', raising=False)
    bundled = Path(zmq.__file__).parent.parent / 'pyzmq.libs'
    if not bundled.is_dir():
        pytest.skip('pyzmq here has no bundled libzmq')
    assert any(path.startswith(str(bundled)) for path in libzmq_candidates())


# ------------------------------------------------------------------- codec

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(args=st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=5),
       command=st.text(min_size=1, max_size=20))
def test_requests_are_the_same_json_documents_as_the_protocol(args, command) -> None:
    body = encode_request(command, args, {'prog': 'message'})
    assert json.loads(body) == json.loads(
        protocol.encode_request(command, args, {'prog': 'message'}))
    assert protocol.decode_request(body) == (command, args, {'prog': 'message'})


@settings(max_examples=60, deadline=None)
@given(data=JSON_VALUES)
def test_replies_decode_as_the_protocol_decodes_them(data) -> None:
    assert decode_reply(protocol.encode_data(data)) == (True, data)
    assert decode_reply(protocol.encode_data(data)) == protocol.decode_reply(
        protocol.encode_data(data))


@given(body=st.binary(max_size=40) | JSON_VALUES.map(
    lambda value: f' {json.dumps({"data": value})}\n'.encode()))
def test_any_reply_bytes_are_accepted_or_refused_as_the_protocol_does(
    body: bytes,
) -> None:
    ok, data = decode_reply(body)
    expected_ok, expected_data = protocol.decode_reply(body)
    assert ok == expected_ok
    if ok:
        assert data == expected_data


def test_error_reply_gives_the_message() -> None:
    assert decode_reply(protocol.encode_error('no such job')) == (False, 'no such job')


@pytest.mark.parametrize('body', [b'', b'{"data": 1} x', b'\xff', b'[1]', b'{}'])
def test_malformed_replies_are_errors(body: bytes) -> None:
    ok, _ = decode_reply(body)
    assert not ok


def test_values_the_small_encoder_skips_still_encode_as_json() -> None:
    body = encode_request('x', {'n': float('nan'), 'k': {1: 'one'}})
    assert body == protocol.encode_request('x', {'n': float('nan'), 'k': {1: 'one'}})
