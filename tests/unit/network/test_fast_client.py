"""How ``cylc message`` sends: the job messenger's ctypes (pyzmq-free) sender
against a live CURVE server, and the pyzmq fallback."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import zmq

from cylc_flow.exceptions import CylcError
from cylc_flow.jobs import job_messenger
from cylc_flow.jobs.job_messenger import FastClientUnavailable, Messenger, NoReply
from cylc_flow.network import task_messages
from cylc_flow.network.contact import scheduler_contact_fields, write_contact
from cylc_flow.network.errors import ClientError, ClientTimeout

from .conftest import WORKFLOW_ID, Live, free_port

MESSAGE_SCRIPT = Path(task_messages.__file__).parent.parent / 'scripts' / 'message.py'
JOB_ID = '1/foo/01'


@pytest.fixture
def job_env(live: Live, monkeypatch: pytest.MonkeyPatch) -> Live:
    """The live server's workflow as a job sees it (one try, no delay)."""
    monkeypatch.setenv('CYLC_WORKFLOW_ID', WORKFLOW_ID)
    monkeypatch.setenv('CYLC_WORKFLOW_RUN_DIR', str(live.run_dir))
    monkeypatch.setenv('CYLC_TASK_MSG_MAX_TRIES', '1')
    monkeypatch.setenv('CYLC_TASK_MSG_RETRY_INTVL', '0')
    monkeypatch.delenv('CYLC_TASK_COMMS_METHOD', raising=False)
    monkeypatch.delenv('CYLC_TASK_LOG_ROOT', raising=False)
    return live


def fast(timeout: float = 5.0, tries: int | None = None) -> Messenger:
    messenger = Messenger(WORKFLOW_ID, JOB_ID, timeout)
    if tries is not None:
        messenger.tries = tries
    return messenger


def slow_first_put(live: Live, *, remove_contact: bool = False) -> None:
    """Make the server's first ``put_messages`` answer after a second (and
    remove the contact file first, as a scheduler that stops)."""
    calls: list[dict] = []

    async def put_messages(args: dict, meta: dict) -> dict:
        calls.append(args)
        if len(calls) == 1:
            if remove_contact:
                (live.run_dir / '.service' / 'contact').unlink()
            await asyncio.sleep(1.0)
        live.received.append(args)
        return {'accepted': len(args.get('messages', []))}

    live.server.register('put_messages', put_messages, scope='message')


@pytest.fixture
def messenger(job_env: Live) -> Iterator[Messenger]:
    messenger = fast()
    try:
        yield messenger
    finally:
        messenger.close()


# --------------------------------------------------------------- live server


def test_message_scope_request_reaches_the_server_with_curve(
        job_env: Live, messenger: Messenger) -> None:
    payload = {'task_job': JOB_ID, 'messages': [['INFO', 'héllo']]}
    assert messenger.send(payload) is True
    assert job_env.received == [payload]


def test_one_messenger_sends_several_requests_on_one_socket(
        job_env: Live, messenger: Messenger) -> None:
    assert [messenger.send({'messages': []}) for _ in range(3)] == [True] * 3
    assert len(job_env.received) == 3


def test_error_reply_raises_client_error_with_the_server_message(
        job_env: Live) -> None:
    def refuse(args: dict, meta: dict) -> None:
        raise CylcError('task 1/foo is not in the pool')

    job_env.server.register('put_messages', refuse, scope='message')
    with pytest.raises(ClientError) as info:
        task_messages.record_messages(WORKFLOW_ID, JOB_ID, [['INFO', 'hi']])
    assert str(info.value) == f'{WORKFLOW_ID}: task 1/foo is not in the pool'


def test_unknown_client_key_is_refused_and_gets_nothing(
        job_env: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    server_public = job_messenger.client_keys(str(job_env.run_dir))[2]
    public, secret = zmq.curve_keypair()
    monkeypatch.setattr(job_messenger, 'client_keys',
                        lambda run_dir: (public, secret, server_public))
    with pytest.raises(NoReply, match=r'after 1 try of 0\.5s'):
        fast(timeout=0.5).send({'messages': []})
    assert job_env.received == []
    assert any('unknown CURVE key' in line for line in job_env.refusals)


def test_wrong_server_key_gets_nothing(
        job_env: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    public, secret, _ = job_messenger.client_keys(str(job_env.run_dir))
    wrong_server, _ = zmq.curve_keypair()
    monkeypatch.setattr(job_messenger, 'client_keys',
                        lambda run_dir: (public, secret, wrong_server))
    with pytest.raises(NoReply):
        fast(timeout=0.5).send({'messages': []})
    assert job_env.received == []


def test_a_timeout_is_retried_on_a_fresh_socket(job_env: Live) -> None:
    slow_first_put(job_env)
    messenger = fast(timeout=0.3, tries=2)
    try:
        assert messenger.send({'task_job': JOB_ID, 'messages': []}) is True
    finally:
        messenger.close()


def test_no_contact_file_means_the_workflow_is_stopped(job_env: Live) -> None:
    (job_env.run_dir / '.service' / 'contact').unlink()
    assert fast().send({'messages': []}) is False


def test_timeout_after_the_contact_file_went_means_stopped(job_env: Live) -> None:
    slow_first_put(job_env, remove_contact=True)
    messenger = fast(timeout=0.3, tries=2)
    try:
        assert messenger.send({'messages': []}) is False
    finally:
        messenger.close()


def test_nobody_listening_is_a_timeout(job_env: Live) -> None:
    port = free_port()
    write_contact(job_env.run_dir, scheduler_contact_fields(
        WORKFLOW_ID, job_env.run_dir, port=port, publish_port=port, uuid='u',
        host='localhost'))
    with pytest.raises(ClientTimeout, match=f'at localhost:{port}'):
        task_messages.record_messages(WORKFLOW_ID, JOB_ID, [['INFO', 'hi']],
                                      timeout=0.3)


# ---------------------------------------------------- record_messages choice


def test_record_messages_uses_the_ctypes_messenger(
        job_env: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pyzmq(*args: object) -> None:
        raise AssertionError('the pyzmq messenger was used')

    monkeypatch.setattr(task_messages, 'PyzmqMessenger', no_pyzmq)
    task_messages.record_messages(WORKFLOW_ID, '1/a/01', [])
    assert [args['task_job'] for args in job_env.received] == ['1/a/01']


def test_pyzmq_client_is_the_fallback_without_libzmq(
        job_env: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(*args: object) -> None:
        raise FastClientUnavailable('no libzmq here')

    used = []
    real = task_messages.PyzmqMessenger.send

    def spy(self: task_messages.PyzmqMessenger, payload: dict) -> bool:
        used.append(type(self))
        return real(self, payload)

    monkeypatch.setattr(job_messenger, 'load_libzmq', unavailable)
    monkeypatch.setattr(task_messages.PyzmqMessenger, 'send', spy)
    task_messages.record_messages(WORKFLOW_ID, '1/b/01', [])
    assert used == [task_messages.PyzmqMessenger]
    assert [args['task_job'] for args in job_env.received] == ['1/b/01']


def test_pyzmq_fallback_timeout_says_where(
        job_env: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(*args: object) -> None:
        raise FastClientUnavailable('no libzmq here')

    monkeypatch.setattr(job_messenger, 'load_libzmq', unavailable)
    port = free_port()
    write_contact(job_env.run_dir, scheduler_contact_fields(
        WORKFLOW_ID, job_env.run_dir, port=port, publish_port=port, uuid='u',
        host='localhost'))
    with pytest.raises(ClientTimeout, match=f'at localhost:{port} after 1 try'):
        task_messages.record_messages(WORKFLOW_ID, JOB_ID, [['INFO', 'hi']],
                                      timeout=0.3)


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
        'from cylc_flow.network import task_messages\n'
        'from cylc_flow.jobs import job_messenger\n'
        'job_messenger.load_libzmq()\n'
        'print(sorted({"zmq", "json", "re", "typing"} & set(sys.modules)))\n'
    )
    result = subprocess.run([sys.executable, '-I', '-S', '-c', code],
                            capture_output=True, text=True, check=True,
                            cwd=tmp_path)
    assert result.stdout.strip() == '[]'
