"""The file-system side of scan: which directories are workflows."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from cylc_flow.network.scan import (
    contact_info,
    name_filter,
    remove_stale_contact,
    scan,
    scan_multi,
    scheduler_gone,
    walk_workflows,
)


def make_flow(root: Path, name: str, *, running: bool = False,
              suite_rc: bool = False) -> Path:
    run_dir = root / name
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / ('suite.rc' if suite_rc else 'flow.cylc')).write_text('')
    (run_dir / 'log' / 'job').mkdir(parents=True, exist_ok=True)
    if running:
        service = run_dir / '.service'
        service.mkdir(exist_ok=True)
        (service / 'contact').write_text(
            'CYLC_WORKFLOW_HOST=localhost\nCYLC_WORKFLOW_PORT=1234\n'
            f'CYLC_WORKFLOW_PID={os.getpid()}\nCYLC_API=5\n')
    return run_dir


def names(root: Path, **kwargs) -> list[str]:
    return sorted(name for name, _ in walk_workflows(root, **kwargs))


def test_walk_finds_top_level_and_nested_runs_but_not_plain_dirs(tmp_path):
    make_flow(tmp_path, 'foo')
    make_flow(tmp_path, 'bar/pub')
    make_flow(tmp_path, 'cheese/run1')
    make_flow(tmp_path, 'cheese/run2')
    (tmp_path / 'cheese' / 'runN').symlink_to('run2')
    (tmp_path / 'qux').mkdir()
    (tmp_path / 'stray-file').write_text('')
    assert names(tmp_path) == ['bar/pub', 'cheese/run1', 'cheese/run2', 'foo']


def test_walk_never_enters_run_files_or_install_dirs(tmp_path):
    make_flow(tmp_path, 'outer/run1')
    # workflows hidden inside directories a scan must skip
    for skipped in ('outer/_cylc-install', 'outer/run1x/log', 'x/share',
                    'x/work', 'x/.service'):
        make_flow(tmp_path, f'{skipped}/inner')
    assert names(tmp_path) == ['outer/run1']


def test_walk_stops_at_max_depth(tmp_path):
    for name in ('a', 'b/c', 'd/e/f', 'g/h/i/j'):
        make_flow(tmp_path, name)
    assert names(tmp_path, max_depth=1) == ['a']
    assert names(tmp_path, max_depth=3) == ['a', 'b/c', 'd/e/f']
    assert names(tmp_path, max_depth=4) == ['a', 'b/c', 'd/e/f', 'g/h/i/j']


def test_walk_skips_suites_run_by_cylc7_but_keeps_cylc8_runs_of_them(tmp_path):
    make_flow(tmp_path, 'either', suite_rc=True)
    old = make_flow(tmp_path, 'cylc7', suite_rc=True)
    (old / 'log' / 'suite').mkdir()
    (old / 'log' / 'suite' / 'log').write_text('')
    compat = make_flow(tmp_path, 'cylc8', suite_rc=True)
    (compat / 'log' / 'scheduler').mkdir()
    assert names(tmp_path) == ['cylc8', 'either']


def test_walk_follows_symlinked_directories(tmp_path):
    elsewhere = tmp_path / 'elsewhere'
    make_flow(elsewhere, 'bar/baz')
    root = tmp_path / 'run'
    make_flow(root, 'foo')
    (root / 'bar').symlink_to(elsewhere / 'bar')
    assert names(root) == ['bar/baz', 'foo']


def test_walk_of_a_workflow_dir_itself_yields_nothing(tmp_path):
    run_dir = make_flow(tmp_path, 'foo')
    assert list(walk_workflows(tmp_path, run_dir)) == []


def test_walk_of_a_missing_directory_yields_nothing(tmp_path):
    assert list(walk_workflows(tmp_path / 'nope')) == []


def test_walk_of_a_sub_directory_names_workflows_from_the_run_root(tmp_path):
    make_flow(tmp_path, 'group/one')
    make_flow(tmp_path, 'other')
    found = [name for name, _ in walk_workflows(tmp_path, tmp_path / 'group')]
    assert found == ['group/one']


def test_async_scan_yields_the_same_workflows_as_the_walk(tmp_path):
    for index in range(100):
        make_flow(tmp_path, f'flow{index}')

    async def collect() -> list[str]:
        return [flow['name'] async for flow in scan(tmp_path, max_depth=2)]

    assert sorted(asyncio.run(collect())) == names(tmp_path)
    assert len(names(tmp_path)) == 100


def test_scan_multi_names_source_workflows_by_full_path(tmp_path):
    make_flow(tmp_path / 'src1', 'a')
    make_flow(tmp_path / 'src2', 'b/c')

    async def collect() -> list[str]:
        return [flow['name'] async for flow in scan_multi(
            [tmp_path / 'src1', tmp_path / 'src2'], max_depth=3)]

    assert asyncio.run(collect()) == [str(tmp_path / 'src1' / 'a'),
                                      str(tmp_path / 'src2' / 'b/c')]


def test_walk_is_fast_over_hundreds_of_runs_with_big_log_trees(tmp_path):
    for index in range(300):
        run_dir = make_flow(tmp_path, f'group{index % 10}/flow{index}/run1')
        for cycle in range(20):  # job logs the scan must not descend into
            (run_dir / 'log' / 'job' / str(cycle) / 'task').mkdir(parents=True)
    start = time.perf_counter()
    found = names(tmp_path)
    elapsed = time.perf_counter() - start
    assert len(found) == 300
    assert elapsed < 1.0


def test_name_filter_matches_any_pattern_from_the_start():
    pattern = name_filter(['^f.*', 'bar'])
    assert pattern.match('foo')
    assert pattern.match('bar/run1')
    assert not pattern.match('xbar')


def test_name_filter_rejects_an_invalid_regex_with_an_input_error():
    from cylc_flow.exceptions import InputError

    with pytest.raises(InputError, match='--name'):
        name_filter(['(unclosed'])


def test_contact_info_adds_contact_fields_of_a_running_workflow(tmp_path):
    running = {'name': 'foo', 'path': make_flow(tmp_path, 'foo', running=True)}
    stopped = {'name': 'bar', 'path': make_flow(tmp_path, 'bar')}
    assert contact_info(running)
    assert running['CYLC_WORKFLOW_PORT'] == '1234'
    assert running['contact'] == running['path'] / '.service' / 'contact'
    assert not contact_info(stopped)
    assert 'contact' not in stopped


def test_contact_info_treats_a_malformed_contact_file_as_none(tmp_path):
    run_dir = make_flow(tmp_path, 'foo', running=True)
    (run_dir / '.service' / 'contact').write_text('garbage without equals\n')
    assert not contact_info({'name': 'foo', 'path': run_dir})


def test_a_dead_local_pid_means_the_scheduler_has_gone(tmp_path):
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, '-c', 'pass'])
    process.wait()
    flow = {'name': 'foo', 'path': make_flow(tmp_path, 'foo', running=True)}
    contact_info(flow)
    assert not scheduler_gone(flow)  # our own PID is alive
    flow['CYLC_WORKFLOW_PID'] = str(process.pid)
    assert scheduler_gone(flow)
    assert remove_stale_contact(flow)
    assert not (flow['path'] / '.service' / 'contact').exists()


def test_a_scheduler_on_another_host_is_not_judged_from_here(tmp_path):
    flow = {'name': 'foo', 'path': make_flow(tmp_path, 'foo', running=True)}
    contact_info(flow)
    flow['CYLC_WORKFLOW_HOST'] = 'some.other.host.invalid'
    flow['CYLC_WORKFLOW_PID'] = '999999999'
    assert not scheduler_gone(flow)
