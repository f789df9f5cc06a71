"""cylc subscribe: a JSON line per published delta, until shutdown."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import cylc_command

FLOW = '''
[scheduler]
    allow implicit tasks = True
    [[events]]
        stall timeout = PT0S
        abort on stall timeout = True
[scheduling]
    cycling mode = integer
    final cycle point = 3
    [[graph]]
        P1 = "a[-P1] => a => b"
[runtime]
    [[root]]
        [[[simulation]]]
            default run length = PT0S
'''


def test_unknown_topic_is_one_line_error(run_cylc):
    result = run_cylc('subscribe', '-T', 'workflow,nonsense', 'any')
    assert result.returncode == 1
    assert "unknown topic 'nonsense'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_workflow_not_running_is_one_line_error(run_cylc, flow):
    source = flow(FLOW)
    assert run_cylc('install', '--workflow-name', 'subcli/off', '--no-run-name',
                    cwd=source).returncode == 0
    result = run_cylc('subscribe', 'subcli/off')
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_subscribe_prints_each_delta_in_order_then_shutdown(
        run_cylc, flow, isolated_env, tmp_path):
    source = flow(FLOW)
    assert run_cylc('install', '--workflow-name', 'subcli/on', '--no-run-name',
                    cwd=source).returncode == 0
    played = run_cylc('play', '--pause', '--mode', 'simulation', 'subcli/on')
    assert played.returncode == 0, played.stderr
    process = subprocess.Popen(
        [*cylc_command(), 'subscribe', '-T', 'task_proxies,workflow',
         'subcli/on'], env=isolated_env, cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        started = process.stderr.readline()  # after the full-store fetch
        assert started.startswith('subscribed to subcli/on at sequence')
        assert run_cylc('play', 'subcli/on').returncode == 0  # resume
        out, errors = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        contact = Path(isolated_env['HOME'], 'cylc-run', 'subcli', 'on',
                       '.service', 'contact')
        if contact.exists():  # never leave a scheduler behind
            run_cylc('stop', '--now', '--now', 'subcli/on')
    assert process.returncode == 0, errors
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[-1] == {'shutdown': 'AUTOMATIC'}
    deltas = [line for line in lines[:-1] if 'sequence' in line
              and 'refetched' not in line]
    sequences = [line['sequence'] for line in deltas]
    assert sequences == sorted(set(sequences)) and len(sequences) > 3
    kinds = {kind for line in deltas for section in ('added', 'updated',
                                                     'pruned')
             for kind in line.get(section, {})}
    assert kinds == {'task_proxies', 'workflow'}  # -T left the rest out
    states = [item.get('state') for line in deltas
              for item in line.get('updated', {}).get('task_proxies', [])]
    assert 'succeeded' in states
    assert deltas[-1]['updated']['workflow'][0]['status'] == 'stopped'
