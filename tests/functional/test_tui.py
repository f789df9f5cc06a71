"""``cylc tui`` in a real pseudo-terminal against a live workflow.

One simulation-mode workflow runs for the whole module (1/foo runs for ten
minutes; 1/bar and 1/baz of family FAM wait for it); another is installed
but stopped.  tmux gives a screen we can read back; pexpect drives the
all-workflows view.
"""

from __future__ import annotations

import getpass
import os
import re
import subprocess
import time
from pathlib import Path

import pexpect
import pytest
from helpers import wait_for

from tests.conftest import cylc_command

FLOW = '''
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 2
    [[graph]]
        P1 = "foo[-P1] => foo => FAM"
[runtime]
    [[root]]
        [[[simulation]]]
            default run length = PT10M
    [[foo]]
    [[FAM]]
    [[bar, baz]]
        inherit = FAM
'''

LIVE = 'tui/live'
IDLE = 'tui/idle'
ME = getpass.getuser()


class Env:
    """One HOME for the module, and ``cylc`` run in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = root / 'home'
        self.home.mkdir()
        (root / 'conf').mkdir()
        self.environ = {**os.environ, 'HOME': str(self.home),
                        'CYLC_CONF_PATH': str(root / 'conf'), 'TERM': 'xterm'}
        self.environ.pop('CYLC_DEBUG', None)

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([*cylc_command(), *args], env=self.environ,
                              cwd=cwd or self.root, capture_output=True,
                              text=True, timeout=120)

    def run_dir(self, workflow: str) -> Path:
        return self.home / 'cylc-run' / workflow

    def graphql(self, workflow: str, query: str) -> dict:
        from cylc_flow.network.client import WorkflowClient

        with WorkflowClient(workflow, run_dir=self.run_dir(workflow)) as client:
            return client.request('graphql', {'request_string': query,
                                              'variables': {}})


@pytest.fixture(scope='module')
def env(tmp_path_factory):
    env = Env(tmp_path_factory.mktemp('tui'))
    source = env.root / 'source'
    source.mkdir()
    (source / 'flow.cylc').write_text(FLOW)
    for name in (LIVE, IDLE):
        result = env.run('install', '--workflow-name', name, '--no-run-name',
                         cwd=source)
        assert result.returncode == 0, result.stderr
    result = env.run('play', '--mode', 'simulation', LIVE)
    assert result.returncode == 0, result.stderr
    try:
        # simulated jobs are active (submitted or running) for ten minutes
        wait_for(lambda: re.search('submitted|running', str(env.graphql(
            LIVE, '{ workflows { taskProxies(ids: ["1/foo"]) { state } } }'))),
            60, '1/foo to be submitted')
        yield env
    finally:
        env.run('stop', '--now', '--now', LIVE)
        contact = env.run_dir(LIVE) / '.service' / 'contact'
        deadline = time.monotonic() + 30
        while contact.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        if contact.exists():  # last resort: the scheduler we started
            match = re.search(r'CYLC_WORKFLOW_PID=(\d+)', contact.read_text())
            if match:
                os.kill(int(match.group(1)), 9)


class Tmux:
    """A private tmux server showing one command's screen."""

    def __init__(self, env: Env, command: str) -> None:
        self.socket = str(env.root / f'tmux-{time.monotonic_ns()}')
        self.exit_file = env.root / f'exit-{time.monotonic_ns()}'
        self.env = env
        self.tmux('new-session', '-d', '-s', 'tui', '-x', '120', '-y', '40',
                  f'{command}; echo $? > {self.exit_file}; sleep 60')

    def tmux(self, *args: str) -> str:
        return subprocess.run(['tmux', '-S', self.socket, *args],
                              env=self.env.environ, capture_output=True,
                              text=True, timeout=30, check=True).stdout

    def screen(self) -> str:
        return self.tmux('capture-pane', '-p', '-t', 'tui')

    def keys(self, *keys: str) -> None:
        self.tmux('send-keys', '-t', 'tui', *keys)

    def wait_screen(self, *texts: str, absent: tuple[str, ...] = (),
                    timeout: float = 30) -> str:
        def ready():
            screen = self.screen()
            if all(text in screen for text in texts) and not any(
                    text in screen for text in absent):
                return screen
            return None

        try:
            return wait_for(ready, timeout, f'{texts} on screen')
        except pytest.fail.Exception:
            print(self.screen())
            raise

    def exit_code(self, timeout: float = 10) -> int:
        wait_for(self.exit_file.exists, timeout, 'cylc tui to exit')
        return int(self.exit_file.read_text().strip())

    def close(self) -> None:
        subprocess.run(['tmux', '-S', self.socket, 'kill-server'],
                       capture_output=True, timeout=30, check=False)


@pytest.mark.slow
def test_tui_shows_filters_and_holds_a_task_then_quits(env):
    cylc = ' '.join(cylc_command())
    session = Tmux(env, f'{cylc} tui {LIVE}')
    try:
        screen = session.wait_screen(
            f'~{ME}/{LIVE} - running', '\u2299 foo', '\u2299 1', '\u25cb 2',
            '\u25cb FAM', '\u25cb bar', '\u25cb baz', '\u25cb waiting 3',
            'h to show help, q to quit')
        header = screen.splitlines()[1]
        assert header.startswith(f'~{ME}/{LIVE} - running')
        assert re.search('\u2299 (submitted|running) 1', header)
        lines = screen.splitlines()
        # the tree: workflow, cycle, family, its tasks, in that nesting
        order = [next(index for index, line in enumerate(lines) if text in line)
                 for text in (f'- ~{ME}/{LIVE}', '\u2299 1', 'FAM', 'bar', 'baz')]
        assert order == sorted(order)

        session.keys('/')
        session.wait_screen('name or glob:')
        session.keys('1/foo', 'Enter')
        session.wait_screen('tasks filtered', '\u2299 foo',
                            absent=('bar', 'baz', 'FAM', '\u25cb 2'))

        session.keys('End', 'Enter')
        session.wait_screen('Task menu', f'id: ~{ME}/{LIVE}//1/foo', '< hold')
        session.keys('Enter')
        session.wait_screen('hold 1/foo: Command queued', absent=('Task menu',))
        query = '{ workflows { taskProxies(ids: ["1/foo"]) { isHeld } } }'
        wait_for(lambda: env.graphql(LIVE, query)['workflows'][0]['taskProxies']
                 == [{'isHeld': True}], 15, '1/foo to be held')
        session.wait_screen('foo (held)')

        session.keys('q')
        assert session.exit_code() == 0
    finally:
        session.close()


ANSI = r'(?:\x1b\[[0-9;?]*[a-zA-Z])*'


@pytest.mark.slow
def test_tui_without_an_id_lists_running_and_stopped_workflows(env):
    child = pexpect.spawn(cylc_command()[0], [*cylc_command()[1:], 'tui'],
                          env=env.environ, dimensions=(30, 120),
                          encoding='utf-8', timeout=30)
    try:
        child.expect(f'~{ME}/{IDLE} - {ANSI}stopped')
        child.expect(f'~{ME}/{LIVE} - {ANSI}running')
        child.send('q')
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0


def test_help_describes_the_command(env):
    result = env.run('tui', '--help')
    assert result.returncode == 0
    assert 'cylc tui [WORKFLOW]' in result.stdout
    assert '--comms-timeout' in result.stdout


def test_a_bad_id_is_one_line_error(env):
    result = env.run('tui', 'no/such/flow')
    assert result.returncode == 1
    assert result.stderr.strip() == (
        'WorkflowFilesError: workflow not found: no/such/flow')
    task = env.run('tui', f'{LIVE}//1/foo')
    assert task.returncode == 1
    assert len(task.stderr.strip().splitlines()) == 1
    assert 'not a task or job ID' in task.stderr


def test_without_a_terminal_tui_says_so(env):
    result = env.run('tui', LIVE)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        'InputError: cylc tui needs an interactive terminal')
