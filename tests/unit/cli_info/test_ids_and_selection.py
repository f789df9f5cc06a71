"""Command-line IDs of the info commands, and which workflows scan lists."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cylc_flow.cli.info.contact_lines import ContactUnavailable, contact_lines
from cylc_flow.cli.info.scan_run import ScanOptions, parse_states, run_scan, select
from cylc_flow.cli.task_ids import (
    WORKFLOWS,
    expand_workflow_globs,
    group_ids,
    single_workflow,
)
from cylc_flow.exceptions import InputError


def workflow_and_tasks(ids):
    """What ``cylc show`` takes from its IDs."""
    group = single_workflow(ids)
    return group.workflow, group.tasks


def expand_workflow_ids(ids):
    """What ``cylc get-workflow-version`` takes from its IDs."""
    return [group.workflow for group in
            expand_workflow_globs(group_ids(ids, constraint=WORKFLOWS))]


@pytest.mark.parametrize('ids, expected', [
    (['wf'], ('wf', [])),
    (['wf//1/a'], ('wf', ['1/a'])),
    (['wf//1/a', '//1/b'], ('wf', ['1/a', '1/b'])),
    (['wf', '//1/*'], ('wf', ['1/*'])),
    (['wf/run1', '2/b'], ('wf/run1', ['2/b'])),
    (['wf', 'b.2'], ('wf', ['2/b'])),
    (['wf//1/a:running'], ('wf', ['1/a:running'])),
])
def test_workflow_and_tasks_accepts_cylc8_id_forms(ids, expected):
    assert workflow_and_tasks(ids) == expected


@pytest.mark.parametrize('ids, message', [
    (['//1/a'], 'workflow ID first'),
    (['one//1/a', 'two//1/b'], 'one workflow'),
    (['wf//1/a/b/c/d'], 'invalid'),
])
def test_workflow_and_tasks_rejects_bad_ids_with_one_line(ids, message):
    with pytest.raises(InputError, match=message):
        workflow_and_tasks(ids)


def make_run(home: Path, name: str, pid: int | None = None) -> Path:
    run_dir = home / 'cylc-run' / name
    run_dir.mkdir(parents=True)
    (run_dir / 'flow.cylc').write_text('')
    if pid is not None:
        (run_dir / '.service').mkdir()
        (run_dir / '.service' / 'contact').write_text(
            'CYLC_WORKFLOW_HOST=localhost\nCYLC_WORKFLOW_PORT=1\n'
            f'CYLC_WORKFLOW_PID={pid}\nCYLC_API=5\nCYLC_VERSION=8\n')
    return run_dir


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, '-c', 'pass'])
    process.wait()
    return process.pid


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv('HOME', str(tmp_path))
    monkeypatch.setenv('CYLC_CONF_PATH', str(tmp_path / 'no-conf'))
    return tmp_path


def test_globs_expand_to_matching_running_workflows_only(home):
    make_run(home, 'flows/a', os.getpid())
    make_run(home, 'flows/b', os.getpid())
    make_run(home, 'flows/c')  # not running
    make_run(home, 'other', os.getpid())
    assert expand_workflow_ids(['flows/*', 'other', 'other']) == [
        'flows/a', 'flows/b', 'other']
    with pytest.raises(InputError, match='no running workflow matches'):
        expand_workflow_ids(['nothing*'])


def test_parse_states_accepts_lists_and_all_and_rejects_unknown_states():
    assert parse_states('running,paused') == {'running', 'paused'}
    assert parse_states('all') == {'running', 'paused', 'stopping', 'stopped'}
    with pytest.raises(InputError, match='unknown: held'):
        parse_states('running,held')
    with pytest.raises(InputError):
        parse_states(',')


def test_scan_lists_active_by_default_and_stopped_on_request(home):
    make_run(home, 'up', os.getpid())
    make_run(home, 'down')
    names = [flow['name'] for flow in select(ScanOptions(form='name'))]
    assert names == ['up']
    everything = select(ScanOptions(states=parse_states('all'), form='name'))
    assert sorted(flow['name'] for flow in everything) == ['down', 'up']
    only_stopped = select(ScanOptions(states=frozenset({'stopped'})))
    assert [flow['name'] for flow in only_stopped] == ['down']


def test_scan_removes_a_stale_contact_file_and_shows_the_workflow_stopped(home):
    run_dir = make_run(home, 'gone', dead_pid())
    warnings: list[str] = []
    assert select(ScanOptions(), warnings.append) == []
    assert warnings == ['Workflow not running: gone'
                        ' (removed a stale contact file)']
    assert not (run_dir / '.service' / 'contact').exists()
    stopped = select(ScanOptions(states=frozenset({'stopped'})))
    assert [flow['name'] for flow in stopped] == ['gone']


def test_scan_name_filter_and_output(home):
    make_run(home, 'foo', os.getpid())
    make_run(home, 'bar', os.getpid())
    out: list[str] = []
    run_scan(ScanOptions(names=['^f'], form='plain'), out.append)
    assert out == [f'foo localhost:1 {os.getpid()}']


def test_scan_sort_with_json_is_an_input_error(home):
    with pytest.raises(InputError, match='--sort'):
        run_scan(ScanOptions(form='json', sort=True))


def test_contact_lines_are_sorted_key_value_pairs(home):
    run_dir = make_run(home, 'up', 1234)
    assert contact_lines('up', run_dir) == [
        'CYLC_API=5', 'CYLC_VERSION=8', 'CYLC_WORKFLOW_HOST=localhost',
        'CYLC_WORKFLOW_PID=1234', 'CYLC_WORKFLOW_PORT=1']
    with pytest.raises(ContactUnavailable, match='workflow not running'):
        contact_lines('down', make_run(home, 'down'))
