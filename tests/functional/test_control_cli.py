"""The control commands through the CLI on one running (paused) workflow:
GraphQL mutations, their results on stdout/stderr and in the log."""

from __future__ import annotations

import os
import re
import subprocess
import textwrap
import time
from pathlib import Path

import pytest
from helpers import query, scheduler_log, wait_for

from tests.conftest import cylc_command

FLOW = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 3
    [[graph]]
        P1 = "a => b => c"
[runtime]
    [[root]]
        script = sleep 120
    [[FAM]]
    [[b, c]]
        inherit = FAM
    [[c]]
        script = true
    [[a]]
        [[[outputs]]]
            x = "x done"
'''

NAME = 'control/cli'


class Workflow:
    """One installed, running workflow and a way to run cylc against it."""

    def __init__(self, root: Path) -> None:
        home = root / 'home'
        home.mkdir()
        (root / 'conf').mkdir()
        self.env = {**os.environ, 'HOME': str(home),
                    'CYLC_CONF_PATH': str(root / 'conf')}
        self.env.pop('CYLC_DEBUG', None)
        self.source = root / 'source'
        self.source.mkdir()
        (self.source / 'flow.cylc').write_text(textwrap.dedent(FLOW))
        self.run_dir = home / 'cylc-run' / NAME

    def cylc(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*cylc_command(), *args], env=self.env,
                              cwd=self.source, capture_output=True, text=True,
                              timeout=120)

    def log(self) -> str:
        return scheduler_log(self.run_dir)

    def wait_log(self, text: str, timeout: float = 30) -> None:
        wait_for(lambda: text in self.log(), timeout,
                 f'{text!r} in the scheduler log')

    def query(self, sql: str) -> list[tuple]:
        return query(self.run_dir, sql)

    def running(self) -> bool:
        return (self.run_dir / '.service' / 'contact').exists()


@pytest.fixture(scope='module')
def workflow(tmp_path_factory):
    flow = Workflow(tmp_path_factory.mktemp('control'))
    installed = flow.cylc('install', '--workflow-name', NAME, '--no-run-name')
    assert installed.returncode == 0, installed.stderr
    played = flow.cylc('play', '--pause', NAME)
    assert played.returncode == 0, played.stderr
    try:
        yield flow
    finally:
        if flow.running():
            flow.cylc('stop', '--now', '--now', NAME)
            deadline = time.monotonic() + 30
            while flow.running() and time.monotonic() < deadline:
                time.sleep(0.2)


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def rejected(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert 'Traceback' not in result.stderr
    return lines[0]


def test_ping_answers_and_reports_where_with_verbose(workflow):
    assert 'running on' in ok(workflow.cylc('ping', '-v', NAME))
    assert rejected(workflow.cylc('ping', f'{NAME}//1/b')) == \
        'task not running: 1/b'


def test_hold_by_id_and_glob_then_release(workflow):
    assert ok(workflow.cylc('hold', f'{NAME}//1/b', '//2/c')) == \
        'Command queued\n'
    workflow.wait_log('Command "hold" actioned: 2 task(s)')
    ok(workflow.cylc('hold', f'{NAME}//*/a'))
    workflow.wait_log('Command "hold" actioned: 3 task(s)')
    ok(workflow.cylc('release', f'{NAME}//*/a'))
    workflow.wait_log('Command "release" actioned: 3 task(s)')


def test_ids_that_match_nothing_are_rejected_with_the_reason(workflow):
    assert rejected(workflow.cylc('hold', f'{NAME}//1/nope', '//*/zz')) == \
        'No matching tasks found: 1/nope, */zz'
    workflow.wait_log('Command "hold" rejected: No matching tasks found:'
                      ' 1/nope, */zz')


def test_several_workflows_report_each_on_its_own_line(workflow):
    result = workflow.cylc('hold', f'{NAME}//1/b', 'no/such//1/a')
    assert result.returncode == 1
    assert result.stdout == f'{NAME}: Command queued\n'
    assert result.stderr.startswith('no/such: WorkflowFilesError:')


def test_set_custom_output_and_unknown_output(workflow):
    ok(workflow.cylc('set', '--out=x', f'{NAME}//1/a'))
    workflow.wait_log('1/a:waiting(queued)] output x set (forced)')
    workflow.wait_log('Command "set" actioned: 1 task(s)')
    assert rejected(workflow.cylc('set', '--out=nope', f'{NAME}//1/a')) == \
        'Output "nope" is not defined for task "a"'
    workflow.wait_log('Command "set" rejected: Output "nope"')


def test_set_argument_errors_are_caught_before_sending(workflow):
    line = rejected(workflow.cylc('set', '--pre=fish', f'{NAME}//1/b'))
    assert line.startswith('InputError: Use prerequisite format')
    line = rejected(workflow.cylc('set', '--out=a', '--pre=all',
                                  f'{NAME}//1/b'))
    assert line == 'InputError: Use --prerequisite or --output, not both.'


def test_trigger_in_a_new_flow_runs_the_task_and_records_the_flow(workflow):
    ok(workflow.cylc('trigger', '--flow=new', '--meta=by hand',
                     f'{NAME}//2/c'))
    workflow.wait_log('Command "trigger" actioned: 1 task(s)')
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not workflow.query(
            "SELECT 1 FROM task_states WHERE name = 'c' AND cycle = '2'"
            " AND status = 'succeeded'"):
        time.sleep(0.2)
    assert workflow.query("SELECT flow_num, description FROM workflow_flows"
                          " WHERE flow_num = 2") == [(2, 'by hand')]
    assert rejected(workflow.cylc('trigger', '--flow=cheese',
                                  f'{NAME}//2/c')).startswith(
        "InputError: Flow values must be an integer")


def test_hold_after_sets_and_release_all_removes_the_hold_point(workflow):
    ok(workflow.cylc('hold', f'{NAME}//', '--after=1'))
    workflow.wait_log('Command "set_hold_point" actioned: hold point 1')
    assert workflow.query("SELECT value FROM workflow_params WHERE"
                          " key = 'holdcp'") == [('1',)]
    ok(workflow.cylc('release', NAME, '--all'))
    workflow.wait_log('Command "release_hold_point" actioned')
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and workflow.query(
            "SELECT 1 FROM workflow_params WHERE key = 'holdcp'"):
        time.sleep(0.1)
    assert workflow.query("SELECT value FROM workflow_params WHERE"
                          " key = 'holdcp'") == []
    assert rejected(workflow.cylc('hold', f'{NAME}//', '--after=x')) == \
        'Invalid cycle point: x'


def test_remove_takes_a_task_out_of_the_pool(workflow):
    ok(workflow.cylc('remove', f'{NAME}//3/a'))
    workflow.wait_log('Command "remove" actioned: 1 task(s)')


def test_pause_then_play_resumes(workflow):
    ok(workflow.cylc('pause', NAME))
    workflow.wait_log('Command "pause" actioned')
    assert 'already running' in ok(workflow.cylc('play', NAME))
    workflow.wait_log('Command "resume" actioned')
    ok(workflow.cylc('pause', NAME))


def test_stop_variants_and_their_errors(workflow):
    ok(workflow.cylc('stop', f'{NAME}//3'))
    workflow.wait_log('Command "stop" actioned: after point 3')
    ok(workflow.cylc('stop', f'{NAME}//3/c'))
    workflow.wait_log('Command "stop" actioned: after task 3/c')
    assert rejected(workflow.cylc('stop', f'{NAME}//3/nope')) == \
        'No such task: 3/nope'
    assert rejected(workflow.cylc('stop', '--kill', '--now', NAME)) == \
        'InputError: --kill is not compatible with --now'
    assert rejected(workflow.cylc('stop', '--kill', f'{NAME}//3')) == \
        'InputError: --kill is not compatible with stop-cycle'


def test_stop_kill_waits_with_max_polls_until_stopped(workflow):
    ok(workflow.cylc('trigger', f'{NAME}//3/b'))  # a job to kill
    workflow.wait_log('[3/b/01:preparing] => submitted')
    result = workflow.cylc('stop', '--kill', '--max-polls=60',
                           '--interval=0.5', NAME)
    assert ok(result).endswith(': satisfied\n')
    assert not workflow.running()
    log = workflow.log()
    assert 'Workflow shutting down - REQUEST(KILL)' in log
    assert re.search(r'\[3/b/01:\w+\] => failed', log)
    assert rejected(workflow.cylc('stop', NAME)).startswith('WorkflowStopped')
