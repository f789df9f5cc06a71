"""Finding workflows under ~/cylc-run, and log paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cylc_flow.tui.discovery import find_one, find_workflows
from cylc_flow.tui.logs import log_path, read_tail


def make_run(top: Path, name: str, running: bool = False) -> Path:
    run_dir = top / name
    (run_dir / 'log').mkdir(parents=True)
    (run_dir / 'flow.cylc').write_text('')
    if running:
        (run_dir / '.service').mkdir()
        (run_dir / '.service' / 'contact').write_text('CYLC_WORKFLOW_PID=1\n')
    return run_dir


def test_finds_nested_runs_in_natural_order_and_skips_run_n_links(tmp_path):
    make_run(tmp_path, 'b/run10')
    make_run(tmp_path, 'b/run9', running=True)
    make_run(tmp_path, 'a')
    make_run(tmp_path, 'a/inside')  # inside a run dir: not searched
    os.symlink(tmp_path / 'b' / 'run10', tmp_path / 'b' / 'runN')
    (tmp_path / 'empty' / 'dir').mkdir(parents=True)
    found = find_workflows(tmp_path)
    assert [(item.name, item.status) for item in found] == [
        ('a', 'stopped'), ('b/run9', 'running'), ('b/run10', 'stopped')]


def test_depth_limit_and_missing_top(tmp_path):
    make_run(tmp_path, 'a/b/c/d/e')
    assert find_workflows(tmp_path) == []
    deeper = find_workflows(tmp_path, max_depth=5)
    assert [item.name for item in deeper] == ['a/b/c/d/e']
    assert find_workflows(tmp_path / 'missing') == []


def test_find_one_reports_contact_file(tmp_path):
    make_run(tmp_path, 'x', running=True)
    assert find_one('x', tmp_path).has_contact
    assert not find_one('y', tmp_path).has_contact


def test_log_paths(monkeypatch, tmp_path):
    monkeypatch.setenv('HOME', str(tmp_path))
    run = tmp_path / 'cylc-run' / 'flow'
    assert log_path('flow', '', 'log') == run / 'log' / 'scheduler' / 'log'
    assert log_path('flow', '1/foo', 'job.out') == run / 'log/job/1/foo/NN/job.out'
    assert log_path('flow', '1/foo/02', 'job.err') == run / 'log/job/1/foo/02/job.err'
    for bad in ('1', '1/../x', 'a/b/c/d'):
        with pytest.raises(ValueError):
            log_path('flow', bad, 'job.out')


def test_read_tail_reads_the_end_or_explains(tmp_path):
    path = tmp_path / 'job.out'
    assert read_tail(path).startswith('(no such file:')
    path.write_text('')
    assert read_tail(path) == '(empty file)'
    path.write_text(''.join(f'line {number}\n' for number in range(1000)))
    text = read_tail(path, limit=50)
    assert text.startswith('...\n') and text.endswith('line 999\n')
    assert len(text) < 60
