"""The self-contained job-side messenger: what it imports, its agreement
with the network protocol and run-directory layout, and its command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.jobs import job_messenger as messenger
from cylc_flow.jobs.job_file import MESSAGE_SCRIPT
from cylc_flow.network import contact, keys, protocol, task_messages

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


def test_status_lines_agree_with_cylc_message() -> None:
    for batch in (['started'], ['succeeded'], ['failed/ERR'], ['x', 'y'],
                  ['vacated/USR1']):
        messages = [['INFO', text] for text in batch]
        assert messenger.status_lines('', 'T', messages) == (
            task_messages.status_lines('', 'T', messages))


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(max_size=12), max_size=4))
def test_message_parsing_agrees_with_cylc_message(texts: list[str]) -> None:
    try:
        expected = task_messages.parse_messages(texts)
    except Exception as exc:  # both must refuse
        with pytest.raises(messenger.MessengerError):
            messenger.parse_messages(texts)
        assert 'Invalid task message' in str(exc)
    else:
        assert messenger.parse_messages(texts) == expected


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
