"""``cylc workflow-state`` end to end: real processes, real databases."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cylc_flow.cli.commands import BUILTIN_COMMANDS
from cylc_flow.db import WorkflowDatabase

# Until the command is registered, run its main() through the same guard
# the ``cylc`` dispatcher uses.
_IN_PROCESS = (
    'import sys\n'
    'from cylc_flow.cli.errors import run_guarded\n'
    'from cylc_flow.scripts.workflow_state import main\n'
    'sys.exit(run_guarded(main, sys.argv[1:]))\n'
)
DATETIME = {
    'icp': '20250101T0000Z', 'cycle_point_format': 'CCYYMMDDThhmmZ',
    'cycle_point_tz': 'Z', 'UTC_mode': '1',
}
OUTPUTS = {'submitted': 'submitted', 'started': 'started'}


def command(*args: str) -> list[str]:
    """The command line for ``cylc workflow-state ARGS``."""
    if 'workflow-state' in BUILTIN_COMMANDS:
        script = Path(sys.executable).parent / 'cylc'
        return [str(script), 'workflow-state', *args]
    return [sys.executable, '-c', _IN_PROCESS, *args]


@pytest.fixture
def state_cli(isolated_env, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            command(*args), env=isolated_env, cwd=tmp_path,
            capture_output=True, text=True, timeout=60,
        )
    return run


def state(name, cycle, status, flows=(1,), submit_num=1):
    return {'name': name, 'cycle': cycle, 'flow_nums': json.dumps(list(flows)),
            'submit_num': submit_num, 'status': status,
            'time_created': '2025-01-01T00:00:00Z', 'flow_wait': 0,
            'is_manual_submit': 0}


def outputs(name, cycle, completed, flows=(1,)):
    return {'cycle': cycle, 'name': name, 'flow_nums': json.dumps(list(flows)),
            'outputs': json.dumps(completed)}


def write_workflow(home: str, workflow: str, *, params=None, states=(),
                   task_outputs=(), run_name: str | None = 'run1') -> Path:
    """Install-like run directory with a public database."""
    base = Path(home, 'cylc-run', workflow)
    run_dir = base if run_name is None else base / run_name
    (run_dir / 'log').mkdir(parents=True, exist_ok=True)
    (run_dir / '.service').mkdir(exist_ok=True)
    if run_name is not None and not (base / 'runN').is_symlink():
        (base / 'runN').symlink_to(run_name)
    database = WorkflowDatabase(run_dir / '.service' / 'db',
                                run_dir / 'log' / 'db')
    try:
        database.put_replace_many('workflow_params', [
            {'key': key, 'value': value}
            for key, value in (params or {'icp': '1'}).items()
        ])
        database.put_replace_many('task_states', list(states))
        database.put_replace_many('task_outputs', list(task_outputs))
        database.commit()
        database.copy_to_public(force=True)
    finally:
        database.close()
    return run_dir


@pytest.fixture
def upstream(isolated_env):
    write_workflow(isolated_env['HOME'], 'up', params=DATETIME, states=[
        state('prep', '20250101T0000Z', 'succeeded'),
        state('model', '20250101T0000Z', 'succeeded', submit_num=2),
        state('model', '20250101T0600Z', 'running', flows=(1, 2)),
    ], task_outputs=[
        outputs('prep', '20250101T0000Z', {**OUTPUTS, 'succeeded': 'succeeded'}),
        outputs('model', '20250101T0000Z',
                {**OUTPUTS, 'succeeded': 'succeeded', 'file1': 'file 1 ready'}),
        outputs('model', '20250101T0600Z', OUTPUTS, flows=(1, 2)),
    ])


def test_lists_every_task_status_of_the_latest_run(state_cli, upstream):
    result = state_cli('up', '--max-polls=1')
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        '20250101T0000Z/prep:succeeded',
        '20250101T0600Z/model:running(flows=1,2)',
        '20250101T0000Z/model:succeeded',
    ]
    assert 'Inferred workflow ID: up/run1' in result.stderr


def test_met_status_condition_exits_zero(state_cli, upstream):
    result = state_cli('up//2025-01-01T00Z/model:succeeded')
    assert result.returncode == 0, result.stderr
    assert result.stdout == '20250101T0000Z/model:succeeded\n'


def test_unmet_condition_exits_one_with_one_clear_line(state_cli, upstream):
    result = state_cli('up//20250101T0600Z/model:succeeded',
                       '--max-polls=3', '--interval=0')
    assert result.returncode == 1
    assert result.stdout == ''
    lines = [line for line in result.stderr.splitlines() if line.strip('.')]
    assert lines[-1] == (
        'PollingExhaustedError: condition not satisfied after 3 polls:'
        ' up//20250101T0600Z/model:succeeded'
    )
    assert 'Traceback' not in result.stderr


def test_missing_workflow_is_named_when_polls_run_out(state_cli, isolated_env):
    result = state_cli('ghost//1/foo', '--max-polls=1')
    assert result.returncode == 1
    assert 'condition not satisfied: ghost//1/foo' in result.stderr
    assert 'workflow not found:' in result.stderr
    assert 'cylc-run/ghost' in result.stderr


def test_custom_output_is_matched_by_trigger(state_cli, upstream):
    result = state_cli('up//*/model:file1', '--max-polls=1')
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("20250101T0000Z/model:{'submitted'")
    assert "'file1': 'file 1 ready'" in result.stdout


def test_messages_and_pretty_outputs(state_cli, upstream):
    result = state_cli('up//20250101T0000Z/model:file 1 ready', '--messages',
                       '--pretty', '--max-polls=1')
    assert result.returncode == 0, result.stderr
    head, _, body = result.stdout.partition(':')
    assert head == '20250101T0000Z/model'
    assert json.loads(body)['file1'] == 'file 1 ready'


def test_triggers_flag_lists_outputs_without_a_selector(state_cli, upstream):
    result = state_cli('up//*/prep', '--triggers', '--old-format',
                       '--max-polls=1')
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("prep, 20250101T0000Z, {'submitted'")


def test_finished_matches_succeeded_tasks(state_cli, upstream):
    result = state_cli('up//*/*:finished', '--max-polls=1')
    assert [line.split(':')[0] for line in result.stdout.splitlines()] == [
        '20250101T0000Z/prep', '20250101T0000Z/model'
    ]


def test_offset_and_flow_options(state_cli, upstream):
    result = state_cli('up//20250101T0000Z/model', '--offset=PT6H',
                       '--flow=2', '--max-polls=1')
    assert result.returncode == 0, result.stderr
    assert result.stdout == '20250101T0600Z/model:running(flows=1,2)\n'
    result = state_cli('up//*/prep', '--flow=2', '--max-polls=1')
    assert result.returncode == 1


def test_deprecated_options_still_work_with_a_warning(state_cli, upstream):
    result = state_cli('--task=model', '--point=20250101T0000Z',
                       '--status=succeeded', 'up', '--max-polls=1')
    assert result.returncode == 0, result.stderr
    assert result.stdout == '20250101T0000Z/model:succeeded\n'
    assert 'deprecated' in result.stderr
    assert 'up//20250101T0000Z/model:succeeded' in result.stderr


def test_task_point_option_reads_the_job_environment(
    state_cli, upstream, isolated_env
):
    isolated_env['CYLC_TASK_CYCLE_POINT'] = '20250101T0000Z'
    result = state_cli('-T', '--task=prep', 'up', '--max-polls=1')
    assert result.returncode == 0, result.stderr
    assert result.stdout == '20250101T0000Z/prep:succeeded\n'


def test_deprecated_message_option_polls_for_a_message(state_cli, upstream):
    result = state_cli('--task=model', '--message=file 1 ready', 'up',
                       '--max-polls=1')
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('20250101T0000Z/model:{')
    assert 'up//*/model:file 1 ready' in result.stderr


@pytest.mark.parametrize(
    ('args', 'message'),
    [
        (('-T', 'up'), '$CYLC_TASK_CYCLE_POINT is not set'),
        (('a', 'b'), 'InputError: Please give a single ID'),
        ((), 'InputError: Please give a single ID'),
        (('up', '--max-polls=0'), 'max-polls must be at least 1'),
        (('up', '--flow=two'), "argument --flow: invalid int value: 'two'"),
        (('up//1/a', '--triggers', '--messages'), 'cannot be used together'),
        (('up//tomorrow/model', '--max-polls=1'),
         'InputError: Cycle point "tomorrow" is not compatible with DB point'
         ' format "CCYYMMDDThhmmZ"'),
        (('up//*/model', '--offset=PT1H'), 'not compatible with an offset'),
        (('--task=x', 'up//1'), 'must be a plain workflow ID'),
        (('../escape',), 'invalid workflow ID'),
    ],
)
def test_bad_input_is_one_line_and_exit_one(state_cli, upstream, args, message):
    result = state_cli(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert 'Traceback' not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_polling_waits_for_a_workflow_installed_later(isolated_env, tmp_path):
    process = subprocess.Popen(
        command('late//1/foo:succeeded', '--max-polls=100', '--interval=0.1'),
        env=isolated_env, cwd=tmp_path, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        time.sleep(0.5)
        assert process.poll() is None  # still waiting
        write_workflow(isolated_env['HOME'], 'late',
                       states=[state('foo', '1', 'succeeded')])
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr
    assert stdout == '1/foo:succeeded\n'
    assert 'Inferred workflow ID: late/run1' in stderr


def test_cylc7_database_is_read(state_cli, isolated_env):
    import sqlite3

    run_dir = Path(isolated_env['HOME'], 'cylc-run', 'old')
    (run_dir / 'log').mkdir(parents=True)
    connection = sqlite3.connect(run_dir / 'log' / 'db')
    connection.executescript(
        "CREATE TABLE suite_params(key TEXT, value TEXT, PRIMARY KEY(key));"
        "INSERT INTO suite_params VALUES('cycle_point_format', 'CCYY');"
        "CREATE TABLE task_states(name TEXT, cycle TEXT, time_created TEXT,"
        " time_updated TEXT, submit_num INTEGER, status TEXT,"
        " PRIMARY KEY(name, cycle));"
        "INSERT INTO task_states VALUES('foo', '2012', '', '', 1, 'failed');"
        "CREATE TABLE task_outputs(cycle TEXT, name TEXT, outputs TEXT,"
        " PRIMARY KEY(cycle, name));"
    )
    connection.commit()
    connection.close()
    result = state_cli('old//2012-01-01/foo:failed', '--max-polls=1')
    assert result.returncode == 0, result.stderr
    assert result.stdout == '2012/foo:failed\n'
