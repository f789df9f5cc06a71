"""cylc vip and cylc vr: validate + install + play, validate + reinstall +
reload-or-play."""

from __future__ import annotations

import time
from pathlib import Path

from helpers import scheduler_log

FLOW = '''
[scheduling]
    [[graph]]
        R1 = "a => b"
[runtime]
    [[root]]
        [[[simulation]]]
            default run length = PT0S
    [[a, b]]
'''


def test_vip_validates_installs_and_plays(run_cylc, flow, isolated_env):
    source = flow(FLOW)
    result = run_cylc('vip', str(source), '-n', 'hello', '--no-detach',
                      '--mode', 'simulation')
    assert result.returncode == 0, result.stderr
    assert '$ cylc install' in result.stdout
    assert 'INSTALLED hello/run1' in result.stdout
    log = scheduler_log(Path(isolated_env['HOME'], 'cylc-run', 'hello/run1'))
    assert '1/b' in log and 'succeeded' in log


def test_vip_stops_at_an_invalid_workflow(run_cylc, flow, isolated_env):
    source = flow(FLOW.replace('a => b', 'a => b => c'))
    result = run_cylc('vip', str(source), '-n', 'bad', '--no-detach')
    assert result.returncode == 1
    assert 'implicit tasks detected' in result.stderr
    assert not (Path(isolated_env['HOME']) / 'cylc-run' / 'bad').exists()


def test_vr_reloads_a_running_workflow_and_plays_a_stopped_one(
        run_cylc, flow, isolated_env):
    home = Path(isolated_env['HOME'])
    source = flow(FLOW)
    result = run_cylc('vip', str(source), '-n', 'vr', '--pause',
                      '--mode', 'simulation')
    assert result.returncode == 0, result.stderr
    try:
        (source / 'flow.cylc').write_text(FLOW.replace('[[a, b]]', '[[a, b, c]]')
                                          .replace('a => b', 'a => b => c'))
        result = run_cylc('vr', 'vr', '--yes')
        assert result.returncode == 0, result.stderr
        assert '$ cylc reload vr/run1' in result.stdout
        deadline = time.monotonic() + 30
        while 'Reload completed' not in scheduler_log(home / 'cylc-run/vr/run1'):
            assert time.monotonic() < deadline, 'reload not completed'
            time.sleep(0.2)
    finally:
        run_cylc('stop', '--now', '--now', 'vr/run1')
    deadline = time.monotonic() + 30
    while (home / 'cylc-run/vr/run1/.service/contact').exists():
        assert time.monotonic() < deadline, 'scheduler did not stop'
        time.sleep(0.2)
    result = run_cylc('vr', 'vr', '--yes', '--no-detach', '--mode', 'simulation')
    assert result.returncode == 0, result.stderr
    assert '$ cylc play vr/run1' in result.stdout
