"""The self-contained job-side messenger: what it imports, its agreement
with the network protocol and run-directory layout, its JSON codec, loading
libzmq, and its command line."""

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

from cylc_flow.jobs import job_messenger as messenger
from cylc_flow.jobs.job_file import MESSAGE_SCRIPT
from cylc_flow.network import contact, keys, protocol

LAUNCHER = ('import sys; directory, _, name = sys.argv[1].rpartition("/"); '
            'sys.path.insert(0, directory); messenger = __import__(name[:-3]); '
            'del sys.path[0]; sys.exit(messenger.main(sys.argv[2:]))')


def test_job_sh_launches_the_messenger_the_same_way() -> None:
    text = (MESSAGE_SCRIPT.parent / 'job.sh').read_text()
    start = text.index("CYLC__JOB__MESSENGER_LAUNCHER='")
    end = text.index("))'", start) + 3
    pieces = text[start:end].split('=', 1)[1].replace("'\\\n'", '')
    assert pieces.strip("'") == LAUNCHER


def test_messenger_imports_nothing_heavy_and_no_cylc_flow() -> None:
    code = (
        'import sys\n'
        f'sys.path.insert(0, {str(MESSAGE_SCRIPT.parent)!r})\n'
        'import job_messenger\n'
        'job_messenger.load_libzmq()\n'
        'heavy = {"zmq", "json", "re", "typing", "collections", "contextlib",'
        ' "__future__"}\n'
        'print(sorted(heavy & set(sys.modules)),'
        ' sorted(m for m in sys.modules if m.startswith("cylc_flow")))\n'
    )
    result = subprocess.run([sys.executable, '-I', '-S', '-c', code],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == '[] []'


def test_wire_constants_agree_with_the_protocol() -> None:
    command, args, meta = protocol.decode_request(
        messenger.encode_request('put_messages', {'a': 1}, {'prog': 'x'}))
    assert (command, args, meta) == ('put_messages', {'a': 1}, {'prog': 'x'})
    data = json.loads(protocol.encode_data(7))
    error = json.loads(protocol.encode_error('no'))
    assert list(data) == [messenger.REPLY_DATA]
    assert list(error) == [messenger.REPLY_ERROR]
    request = json.loads(protocol.encode_request('c', {}, {}))
    assert list(request) == [messenger.REQUEST_COMMAND, messenger.REQUEST_ARGS,
                             messenger.REQUEST_META]


def test_run_directory_names_agree_with_contact_and_keys(tmp_path: Path) -> None:
    assert messenger.SERVICE_DIR == keys.SERVICE_DIR
    assert messenger.CONTACT_FILE == contact.CONTACT_FILE
    assert messenger.CONTACT_HOST == contact.HOST
    assert messenger.CONTACT_PORT == contact.PORT
    paths = keys.KeyPaths(tmp_path)
    assert Path(paths.server_public).name == messenger.SERVER_PUBLIC_KEY
    for scope, name in messenger.CLIENT_SECRET_KEYS.items():
        assert Path(paths.client_secrets[scope]).name == name


def test_keys_are_read_as_the_keys_module_reads_them(tmp_path: Path) -> None:
    keys.ensure_keys(tmp_path)
    key = keys.load_client_key(tmp_path, keys.MESSAGE)
    assert messenger.client_keys(str(tmp_path)) == (
        key.public, key.secret, key.server_public)


def test_contact_file_gives_the_endpoint(tmp_path: Path) -> None:
    contact.write_contact(tmp_path, {contact.HOST: 'here', contact.PORT: 4321})
    fields = messenger.read_contact(str(tmp_path))
    assert messenger.contact_endpoint(fields, str(tmp_path)) == b'tcp://here:4321'
    assert messenger.read_contact(str(tmp_path / 'nowhere')) is None


def test_options_take_values_separately_after_equals_or_attached() -> None:
    for argv in (['-s', 'WARNING'], ['-s=WARNING'], ['-sWARNING'],
                 ['--severity=WARNING'], ['-pWARNING'], ['--priority', 'WARNING']):
        assert messenger.parse_arguments([*argv, 'x']) == (
            {'severity': 'WARNING'}, ['x'])
    assert messenger.parse_arguments(['-v', '--comms-timeout', '3', '--', '-x']) == (
        {'comms_timeout': '3'}, ['-x'])
    with pytest.raises(messenger.MessengerError, match='no such option: --bogus'):
        messenger.parse_arguments(['--bogus'])
    with pytest.raises(messenger.MessengerError, match='requires an argument'):
        messenger.parse_arguments(['-s'])


def test_help_is_an_option() -> None:
    for flag in ('-h', '--help'):
        assert messenger.parse_arguments(['x', flag, '--bogus'])[0] == {'help': 'true'}


def test_keys_are_read_once_per_certificate(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keys.ensure_keys(tmp_path)
    opened: list[str] = []
    real_open = open

    def counting_open(path: str, *args: object, **kwargs: object) -> object:
        opened.append(os.path.basename(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr('builtins.open', counting_open)
    messenger.client_keys(str(tmp_path))
    assert sorted(opened) == ['message.key_secret', 'server.key']


# ------------------------------------------------------------ the library


@pytest.fixture
def fresh_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget this process's libzmq search (restored afterwards)."""
    monkeypatch.setattr(messenger, '_library', None)
    monkeypatch.setattr(messenger, '_library_path', '')
    monkeypatch.setattr(messenger, '_library_problem', None)


def test_libzmq_is_found_without_importing_pyzmq() -> None:
    library = messenger.load_libzmq()
    assert library.zmq_has(b'curve') == 1


def test_the_path_of_the_loaded_library_is_kept(
        fresh_search: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv('CYLC_LIBZMQ', raising=False)
    library = messenger.load_libzmq()
    path = messenger.libzmq_path()
    assert path in messenger.libzmq_candidates()
    assert messenger.load_libzmq() is library
    assert messenger.load_libzmq([path]).zmq_has(b'curve') == 1


def test_a_failed_search_is_not_repeated(
        fresh_search: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CYLC_LIBZMQ', '/nowhere/libzmq.so.5')
    with pytest.raises(messenger.FastClientUnavailable):
        messenger.load_libzmq()
    searched = []
    monkeypatch.setattr(messenger, 'libzmq_candidates',
                        lambda: searched.append(1) or [])
    monkeypatch.delenv('CYLC_LIBZMQ')
    with pytest.raises(messenger.FastClientUnavailable, match='cannot load'):
        messenger.load_libzmq()
    with pytest.raises(messenger.FastClientUnavailable):
        messenger.libzmq_path()
    assert searched == []


def test_configured_libzmq_is_the_only_candidate(monkeypatch) -> None:
    monkeypatch.setenv('CYLC_LIBZMQ', '/opt/zmq/lib/libzmq.so.5')
    assert messenger.libzmq_candidates() == ['/opt/zmq/lib/libzmq.so.5']


def test_no_loadable_library_is_unavailable() -> None:
    with pytest.raises(messenger.FastClientUnavailable, match='cannot load libzmq'):
        messenger.load_libzmq(['/nowhere/libzmq.so.5', 'libno-such-zmq.so'])


def test_bundled_pyzmq_library_is_a_candidate(monkeypatch) -> None:
    monkeypatch.delenv('CYLC_LIBZMQ', raising=False)
    bundled = Path(zmq.__file__).parent.parent / 'pyzmq.libs'
    if not bundled.is_dir():
        pytest.skip('pyzmq here has no bundled libzmq')
    assert any(path.startswith(str(bundled))
               for path in messenger.libzmq_candidates())


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
    body = messenger.encode_request(command, args, {'prog': 'message'})
    assert json.loads(body) == json.loads(
        protocol.encode_request(command, args, {'prog': 'message'}))
    assert protocol.decode_request(body) == (command, args, {'prog': 'message'})


@settings(max_examples=60, deadline=None)
@given(data=JSON_VALUES)
def test_replies_decode_as_the_protocol_decodes_them(data) -> None:
    decode_reply = messenger.decode_reply
    assert decode_reply(protocol.encode_data(data)) == (True, data)
    assert decode_reply(protocol.encode_data(data)) == protocol.decode_reply(
        protocol.encode_data(data))


@given(body=st.binary(max_size=40) | JSON_VALUES.map(
    lambda value: f' {json.dumps({"data": value})}\n'.encode()))
def test_any_reply_bytes_are_accepted_or_refused_as_the_protocol_does(
    body: bytes,
) -> None:
    ok, data = messenger.decode_reply(body)
    expected_ok, expected_data = protocol.decode_reply(body)
    assert ok == expected_ok
    if ok:
        assert data == expected_data


def test_error_reply_gives_the_message() -> None:
    assert messenger.decode_reply(protocol.encode_error('no such job')) == (
        False, 'no such job')


@pytest.mark.parametrize('body', [b'', b'{"data": 1} x', b'\xff', b'[1]', b'{}'])
def test_malformed_replies_are_errors(body: bytes) -> None:
    ok, _ = messenger.decode_reply(body)
    assert not ok


def test_values_the_small_encoder_skips_still_encode_as_json() -> None:
    body = messenger.encode_request('x', {'n': float('nan'), 'k': {1: 'one'}})
    assert body == protocol.encode_request('x', {'n': float('nan'), 'k': {1: 'one'}})


# ----------------------------------------------------------- command line


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, '-I', '-S', '-c', LAUNCHER, str(MESSAGE_SCRIPT), *args],
        capture_output=True, text=True, env=env, check=False, timeout=60)


def test_bad_message_is_one_line_and_exit_1() -> None:
    result = run('--', 'flow', '1/foo/01', 'two words:x')
    assert result.returncode == 1
    assert result.stderr.count('\n') == 1 and 'Invalid task message' in result.stderr


def test_not_running_workflow_records_the_messages_only(tmp_path: Path) -> None:
    job_dir = tmp_path / 'cylc-run' / 'flow' / 'log' / 'job' / '1' / 'foo' / '01'
    job_dir.mkdir(parents=True)
    env = {'HOME': str(tmp_path), 'PATH': os.environ.get('PATH', '')}
    result = run('--', 'flow', '1/foo/01', 'WARNING:hello', env=env)
    assert result.returncode == 0, result.stderr
    assert ' WARNING - hello' in result.stderr
    assert '|WARNING|hello' in (job_dir / 'job.status').read_text()


def test_coprocess_without_a_final_batch_exits_after_the_grace_time(
    tmp_path: Path,
) -> None:
    job_dir = tmp_path / 'cylc-run' / 'flow' / 'log' / 'job' / '1' / 'foo' / '01'
    job_dir.mkdir(parents=True)
    env = {'HOME': str(tmp_path), 'CYLC_JOB_MESSAGE_GRACE': '0.1'}
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [sys.executable, '-I', '-S', '-c', LAUNCHER, str(MESSAGE_SCRIPT),
         '--serve', '--', 'flow', '1/foo/01', 'started'],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
        pass_fds=(write_end, 3),
        preexec_fn=lambda: os.dup2(write_end, 3))
    os.close(write_end)
    try:
        assert process.wait(timeout=30) == 0
        with os.fdopen(read_end, 'rb') as acknowledgements:
            assert acknowledgements.read() == b'done 0\n'
    finally:
        if process.poll() is None:
            process.kill()
    assert 'CYLC_JOB_INIT_TIME=' in (job_dir / 'job.status').read_text()


def test_coprocess_without_libzmq_hands_over_and_still_acknowledges(
    tmp_path: Path,
) -> None:
    job_dir = tmp_path / 'cylc-run' / 'flow' / 'log' / 'job' / '1' / 'foo' / '01'
    job_dir.mkdir(parents=True)
    env = {'HOME': str(tmp_path), 'PATH': os.environ.get('PATH', ''),
           'CYLC_LIBZMQ': '/nowhere/libzmq.so.5'}
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [sys.executable, '-I', '-S', '-c', LAUNCHER, str(MESSAGE_SCRIPT),
         '--serve', '--', 'flow', '1/foo/01', 'started'],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, pass_fds=(write_end, 3),
        preexec_fn=lambda: os.dup2(write_end, 3))
    os.close(write_end)
    try:
        assert process.wait(timeout=60) == 0, process.stderr.read()
        with os.fdopen(read_end, 'rb') as acknowledgements:
            # (without it, job.sh would send "started" a third time)
            assert acknowledgements.read() == b'done 0\n'
    finally:
        if process.poll() is None:
            process.kill()
    assert 'CYLC_JOB_INIT_TIME=' in (job_dir / 'job.status').read_text()
