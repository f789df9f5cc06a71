"""cylc message end to end, against a live CURVE server in this process."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cylc_flow.network.background import BackgroundServer
from cylc_flow.network.contact import scheduler_contact_fields, write_contact
from cylc_flow.network.keys import ensure_keys

WORKFLOW_ID = 'msg/run1'
JOB_ID = '1/foo/01'
FAST_RETRIES = {'CYLC_TASK_MSG_MAX_TRIES': '2', 'CYLC_TASK_MSG_TIMEOUT': '0.3',
                'CYLC_TASK_MSG_RETRY_INTVL': '0'}


class Workflow:
    """A run directory with a job log directory and (maybe) a live server."""

    def __init__(self, home: Path) -> None:
        self.run_dir = home / 'cylc-run' / WORKFLOW_ID
        self.status = self.run_dir / 'log' / 'job' / JOB_ID / 'job.status'
        self.status.parent.mkdir(parents=True)
        self.keys = ensure_keys(self.run_dir)
        self.received: list[tuple[dict[str, Any], dict[str, Any]]] = []
        self.background: BackgroundServer | None = None

    def start(self) -> None:
        self.background = BackgroundServer(self.keys)
        server = self.background.start()
        server.register('put_messages',
                        lambda args, meta: self.received.append((args, meta)),
                        scope='message')
        server.register('stop', lambda args, meta: 'stopping')
        self.write_contact(server.port or 0)

    def write_contact(self, port: int) -> None:
        write_contact(self.run_dir, scheduler_contact_fields(
            WORKFLOW_ID, self.run_dir, port=port, publish_port=port,
            uuid='u', host='localhost',
        ))

    def stop(self) -> None:
        if self.background is not None:
            self.background.stop()

    def status_messages(self) -> list[str]:
        return [line.split('=', 1)[1].split('|', 1)[1]
                for line in self.status.read_text().splitlines()
                if line.startswith('CYLC_MESSAGE=')]


@pytest.fixture
def workflow(isolated_env: dict[str, str]) -> Iterator[Workflow]:
    workflow = Workflow(Path(isolated_env['HOME']))
    try:
        yield workflow
    finally:
        workflow.stop()


def test_long_form_sends_and_records_messages(workflow: Workflow, run_cylc) -> None:
    workflow.start()
    result = run_cylc('message', '--', WORKFLOW_ID, JOB_ID, 'hello',
                      'WARNING:careful now')
    assert result.returncode == 0, result.stderr
    [(args, meta)] = workflow.received
    assert args['task_job'] == JOB_ID
    assert args['messages'] == [['INFO', 'hello'], ['WARNING', 'careful now']]
    assert args['event_time'][:2] == '20'
    assert meta['scope'] == 'message'
    assert workflow.status_messages() == ['INFO|hello', 'WARNING|careful now']
    assert f'{args["event_time"]} INFO - hello' in result.stdout
    assert 'WARNING - careful now' in result.stderr


def test_short_form_takes_workflow_and_job_from_the_environment(
    workflow: Workflow, run_cylc
) -> None:
    workflow.start()
    result = run_cylc('message', 'file x completed and archived',
                      env={'CYLC_WORKFLOW_ID': WORKFLOW_ID, 'CYLC_TASK_JOB': JOB_ID})
    assert result.returncode == 0, result.stderr
    [(args, _)] = workflow.received
    assert args['messages'] == [['INFO', 'file x completed and archived']]
    assert args['task_job'] == JOB_ID


def test_short_form_without_the_environment_is_an_error(run_cylc) -> None:
    result = run_cylc('message', 'hello')
    assert result.returncode == 1
    assert result.stderr.strip() == (
        'InputError: Must set $CYLC_WORKFLOW_ID and $CYLC_TASK_JOB if not'
        ' specified as arguments')


def test_dash_reads_messages_from_stdin(workflow: Workflow, run_cylc) -> None:
    workflow.start()
    result = run_cylc('message', '--', WORKFLOW_ID, JOB_ID, '-',
                      stdin='Hello\nworld!\n\nHi\n\nWARNING:Hey!\n')
    assert result.returncode == 0, result.stderr
    [(args, _)] = workflow.received
    assert args['messages'] == [['INFO', 'Hello\nworld!'], ['INFO', 'Hi'],
                                ['WARNING', 'Hey!']]
    assert workflow.status_messages() == [
        'INFO|Hello world!', 'INFO|Hi', 'WARNING|Hey!']


def test_severity_option_sets_unprefixed_messages(workflow: Workflow, run_cylc) -> None:
    workflow.start()
    result = run_cylc('message', '-s', 'CRITICAL', '--', WORKFLOW_ID, JOB_ID,
                      'disk full', 'INFO:just saying')
    assert result.returncode == 0, result.stderr
    [(args, _)] = workflow.received
    assert args['messages'] == [['CRITICAL', 'disk full'], ['INFO', 'just saying']]


def test_job_status_is_written_and_exit_is_1_when_the_server_is_down(
    workflow: Workflow, run_cylc
) -> None:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    workflow.write_contact(port)  # this (live) process, nobody listening
    result = run_cylc('message', '--', WORKFLOW_ID, JOB_ID, 'hello', env=FAST_RETRIES)
    assert result.returncode == 1
    assert workflow.status_messages() == ['INFO|hello']
    [line] = result.stderr.strip().splitlines()
    assert line == (
        f'ClientTimeout: no answer from workflow {WORKFLOW_ID} at localhost:{port}'
        ' after 2 tries of 0.3s (the messages are in job.status)')


def test_stopped_workflow_is_not_an_error(workflow: Workflow, run_cylc) -> None:
    result = run_cylc('message', '--', WORKFLOW_ID, JOB_ID, 'succeeded')
    assert result.returncode == 0, result.stderr
    assert 'CYLC_JOB_EXIT=SUCCEEDED' in workflow.status.read_text()


def test_poll_comms_method_records_without_sending(
    workflow: Workflow, run_cylc
) -> None:
    workflow.start()
    result = run_cylc('message', '--', WORKFLOW_ID, JOB_ID, 'hello',
                      env={'CYLC_TASK_COMMS_METHOD': 'poll'})
    assert result.returncode == 0, result.stderr
    assert workflow.received == []
    assert workflow.status_messages() == ['INFO|hello']


def test_scheduler_error_reply_is_one_line_and_exit_1(
    workflow: Workflow, run_cylc
) -> None:
    workflow.start()
    assert workflow.background is not None

    def refuse(args: dict, meta: dict) -> None:
        from cylc_flow.exceptions import CylcError
        raise CylcError(f'no such job: {args["task_job"]}')

    workflow.background.server.register('put_messages', refuse, scope='message')
    result = run_cylc('message', '--', WORKFLOW_ID, JOB_ID, 'hello')
    assert result.returncode == 1
    assert result.stderr.strip() == f'ClientError: {WORKFLOW_ID}: no such job: {JOB_ID}'
    assert workflow.status_messages() == ['INFO|hello']


@pytest.mark.parametrize('args, error', [
    ([], 'cylc message: error: No message supplied'),
    (['--bogus', 'x'], 'cylc message: error: no such option: --bogus'),
    (['--comms-timeout=0', 'x'], 'cylc message: error: --comms-timeout: not a'
                                 ' positive number: 0'),
    (['--', WORKFLOW_ID, JOB_ID, 'two words: here'],
     'InputError: Invalid task message "two words: here" - cannot contain `:`'
     ' unless it occurs at the end of the first word'),
    (['--', WORKFLOW_ID, '1/foo', 'hi'],
     'InputError: invalid job ID "1/foo": expected CYCLE/TASK/NN'),
])
def test_bad_input_is_one_line_and_exit_1(
    run_cylc, args: list[str], error: str
) -> None:
    result = run_cylc('message', *args)
    assert result.returncode == 1
    assert result.stderr.strip() == error


def test_help_documents_the_interface(run_cylc) -> None:
    result = run_cylc('message', '--help')
    assert result.returncode == 0
    assert result.stdout.startswith(
        'cylc message [OPTIONS] -- [WORKFLOW_ID JOB_ID] [SEVERITY:]MESSAGE')
    assert '--severity=SEVERITY' in result.stdout


def test_message_command_imports_no_heavy_modules(isolated_env: dict[str, str]) -> None:
    import subprocess
    import sys

    code = (
        'import sys\n'
        'from cylc_flow.scripts import message\n'
        'from cylc_flow.network import task_messages, client\n'
        'heavy = {"asyncio", "jinja2", "metomi", "cylc_flow.config", "psutil",\n'
        '         "cylc_flow.jobs.status_file", "dataclasses", "argparse"}\n'
        'print(sorted(heavy & set(sys.modules)))\n'
    )
    result = subprocess.run([sys.executable, '-c', code], env=isolated_env,
                            capture_output=True, text=True, check=True,
                            cwd=os.path.dirname(__file__))
    assert result.stdout.strip() == '[]'
