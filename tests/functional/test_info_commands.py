"""The information commands end to end: scan, show, dump,
get-workflow-contact and get-workflow-version against one running workflow
(shared by the module), one installed-but-stopped workflow and one whose
scheduler died leaving its contact file behind."""

# ruff: noqa: RUF001  (the cross is the character Cylc 8 prints)

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import cylc_command

FLOW = '''
[meta]
    title = Info Title
    description = """
        Two
        lines.
    """
    URL = http://example.com/info
    answer = 42
[scheduler]
    allow implicit tasks = True
[scheduling]
    [[xtriggers]]
        never = echo(succeed=False)
    [[graph]]
        R1 = """
            @never => b
            a & b => f?
            f:fail? => recover
        """
[runtime]
    [[root]]
        script = true
    [[a]]
        [[[meta]]]
            title = Task A
            question = mutually exclusive
'''

LIVE = 'info/live'
STOPPED = 'info/stopped'
STALE = 'info/stale'


class Env:
    """One HOME for the module, and ``cylc`` run in it."""

    def __init__(self, root: Path) -> None:
        self.home = root / 'home'
        self.home.mkdir()
        (root / 'conf').mkdir()
        self.root = root
        self.environ = {**os.environ, 'HOME': str(self.home),
                        'CYLC_CONF_PATH': str(root / 'conf')}
        self.environ.pop('CYLC_DEBUG', None)

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*cylc_command(), *args], env=self.environ,
                              cwd=self.root, capture_output=True, text=True,
                              timeout=120)

    def run_dir(self, workflow: str) -> Path:
        return self.home / 'cylc-run' / workflow


def _install(env: Env, name: str) -> None:
    source = env.root / name.replace('/', '-')
    source.mkdir()
    (source / 'flow.cylc').write_text(FLOW)
    result = subprocess.run(
        [*cylc_command(), 'install', '--workflow-name', name, '--no-run-name'],
        env=env.environ, cwd=source, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, '-c', 'pass'])
    process.wait()
    return process.pid


@pytest.fixture(scope='module')
def env(tmp_path_factory) -> Env:
    """A running workflow (1/f waits on 1/a, done, and 1/b, never ready)."""
    env = Env(tmp_path_factory.mktemp('info'))
    for name in (LIVE, STOPPED, STALE):
        _install(env, name)
    stale = env.run_dir(STALE) / '.service'
    stale.mkdir(exist_ok=True)
    (stale / 'contact').write_text(
        'CYLC_WORKFLOW_HOST=localhost\nCYLC_WORKFLOW_PORT=1\n'
        f'CYLC_WORKFLOW_PID={_dead_pid()}\nCYLC_API=5\n')
    result = env.run('play', LIVE)
    assert result.returncode == 0, result.stderr
    contact = env.run_dir(LIVE) / '.service' / 'contact'
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            dump = env.run('dump', '-t', LIVE)
            if '1/f:waiting' in dump.stdout:
                break
            time.sleep(0.5)
        else:
            pytest.fail(f'1/f never appeared in the pool: {dump.stdout}'
                        f' {dump.stderr}')
        yield env
    finally:
        env.run('stop', '--now', '--now', LIVE)
        deadline = time.monotonic() + 30
        while contact.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        if contact.exists():  # last resort: the scheduler we started
            text = contact.read_text()
            pid = int(text.split('CYLC_WORKFLOW_PID=')[1].split()[0])
            os.kill(pid, signal.SIGKILL)


def test_scan_lists_the_running_workflow_and_cleans_a_stale_contact(env):
    result = env.run('scan')
    assert result.returncode == 0, result.stderr
    contact = (env.run_dir(LIVE) / '.service' / 'contact').read_text()
    pid = contact.split('CYLC_WORKFLOW_PID=')[1].split()[0]
    port = contact.split('CYLC_WORKFLOW_PORT=')[1].split()[0]
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f'{LIVE} ')
    assert lines[0].endswith(f':{port} {pid}')
    assert not (env.run_dir(STALE) / '.service' / 'contact').exists()
    assert (f'WARNING - Workflow not running: {STALE}'
            ' (removed a stale contact file)') in result.stderr


def test_scan_formats_and_states(env):
    names = env.run('scan', '--states=all', '-t', 'name').stdout.split()
    assert names == [LIVE, STALE, STOPPED]
    stopped = env.run('scan', '--states', 'stopped', '-t', 'name').stdout.split()
    assert stopped == [STALE, STOPPED]
    tree = env.run('scan', '--states=all', '-t', 'tree').stdout.splitlines()
    assert tree[0] == 'info'
    assert tree[1].startswith(' ├─ live localhost') or \
        tree[1].startswith(' ├─ live ')
    assert tree[-1] == ' └─ stopped'
    data = json.loads(env.run('scan', '-t', 'json').stdout)
    assert [item['name'] for item in data] == [LIVE]
    assert data[0]['CYLC_WORKFLOW_ID'] == LIVE
    assert data[0]['path'] == str(env.run_dir(LIVE))
    assert env.run('scan', '--name', '^info/st', '--states=all',
                   '-t', 'name').stdout.split() == [STALE, STOPPED]


def test_scan_ping_asks_each_workflow_its_status(env):
    totals = env.run('scan', '--ping', '-t', 'state-totals')
    assert totals.returncode == 0, totals.stderr
    assert totals.stdout.startswith(f'{LIVE} (running) (')
    rich = env.run('scan', '-t', 'rich').stdout.splitlines()
    assert rich[0] == f'{LIVE} (running)'
    assert '    title          Info Title' in rich
    assert any(line.startswith('    version ') for line in rich)
    assert env.run('scan', '--ping', '--states=paused',
                   '-t', 'name').stdout == ''


def test_show_workflow_metadata_as_text_and_json(env):
    result = env.run('show', LIVE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        'title: Info Title', 'description: Two', 'lines.', 'answer: 42',
        'URL: http://example.com/info']
    data = json.loads(env.run('show', '--json', LIVE).stdout)
    assert data == {'title': 'Info Title', 'description': 'Two\nlines.',
                    'URL': 'http://example.com/info', 'answer': '42'}


def test_show_task_definition_metadata(env):
    result = env.run('show', LIVE, '--task-def', 'a')
    assert result.stdout.splitlines() == [
        'title: Task A', 'question: mutually exclusive',
        'description: (not given)', 'URL: (not given)']
    both = env.run('show', '--json', LIVE, '--task-def', 'a', '--task-def', 'b')
    assert set(json.loads(both.stdout)) == {'a', 'b'}


def test_show_live_task_prerequisites_outputs_and_completion(env):
    result = env.run('show', f'{LIVE}//1/f')
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert 'state: waiting' in lines
    start = lines.index("prerequisites: ('⨯': not satisfied)")
    assert lines[start + 1:start + 4] == [
        '  ⨯ 0 & 1', '  ✓ \t0 = 1/a succeeded', '  ⨯ \t1 = 1/b succeeded']
    assert '  ⨯ 1/f succeeded' in lines
    # the completion expression the scheduler derived from the graph
    assert lines[-3:] == ['output completion: incomplete',
                          '  ⨯ ┆  succeeded', '  ⨯ ┆  or failed']
    listed = env.run('show', '--list-prereqs', f'{LIVE}//1/f').stdout
    assert listed.splitlines() == ['1/a succeeded', '1/b succeeded']


def test_show_several_tasks_and_xtriggers(env):
    result = env.run('show', f'{LIVE}//1/f', '//1/b')
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith('Task ID')] == [
        'Task ID: 1/b', 'Task ID: 1/f']
    assert '  ⨯ xtrigger "never = echo(succeed=False)"' in lines
    data = json.loads(env.run('show', '--json', f'{LIVE}//1/*').stdout)
    assert {'1/b', '1/f'} <= set(data)
    assert data['1/f']['state'] == 'waiting'


def test_show_errors_are_one_line_and_exit_1(env):
    missing = env.run('show', f'{LIVE}//1/nope')
    assert missing.returncode == 1
    assert missing.stderr.strip() == 'No matching active tasks found: 1/nope'
    stopped = env.run('show', STOPPED)
    assert stopped.returncode == 1
    assert stopped.stderr.strip() == f'WorkflowStopped: workflow {STOPPED}' \
        ' is not running'
    both = env.run('show', f'{LIVE}//1/f', '--task-def', 'a')
    assert both.returncode == 1
    assert 'Cannot query both' in both.stderr


def test_dump_tasks_global_and_raw(env):
    tasks = env.run('dump', '-t', LIVE)
    assert tasks.returncode == 0, tasks.stderr
    assert '1/f:waiting' in tasks.stdout.splitlines()
    legacy = env.run('dump', '-t', '--legacy', LIVE).stdout.splitlines()
    assert 'f, 1, waiting, not-held, not-queued, not-runahead' in legacy
    whole = env.run('dump', LIVE).stdout.splitlines()
    assert f'name={LIVE}' in whole
    assert 'status=running' in whole
    assert '1/f:waiting' in whole
    assert '1/f:waiting' not in env.run('dump', '-g', LIVE).stdout
    raw = json.loads(env.run('dump', '-r', LIVE).stdout)
    assert raw['name'] == LIVE
    assert any(proxy['name'] == 'f' for proxy in raw['taskProxies'])


def test_get_workflow_contact_prints_the_contact_file(env):
    result = env.run('get-workflow-contact', LIVE)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines == sorted(lines)
    assert f'CYLC_WORKFLOW_ID={LIVE}' in lines
    assert any(line.startswith('CYLC_WORKFLOW_PORT=') for line in lines)
    stopped = env.run('get-workflow-contact', STOPPED)
    assert stopped.returncode == 1
    assert 'cannot get contact info, workflow not running?' in stopped.stderr


def test_get_workflow_version_single_glob_and_stopped(env):
    from cylc_flow import __version__

    single = env.run('get-workflow-version', LIVE)
    assert single.returncode == 0, single.stderr
    assert single.stdout.strip() == __version__
    many = env.run('get-workflow-version', 'info/l*')
    assert many.stdout.strip() == f'{LIVE}: {__version__}'
    mixed = env.run('get-workflow-version', LIVE, STOPPED)
    assert mixed.returncode == 1
    assert f'{STOPPED}: WorkflowStopped' in mixed.stdout
