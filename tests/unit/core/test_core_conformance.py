"""The pure core reproduces real Cylc 8's triggering record.

Each conformance workflow is run through the core with an instant job layer
whose scripted outcomes mirror what the workflow's job scripts do; the
sorted ``-triggered off`` lines must equal the reference log's.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest
from project_paths import shared_dir

from cylc_flow.config.global_config import GlobalConfig
from cylc_flow.config.workflow_config import WorkflowConfig
from cylc_flow.core.scheduler_core import SchedulerCore
from cylc_flow.scheduler.simulation import SimulatedRun, SimulationDriver

CONFORMANCE = shared_dir() / 'conformance'
TRIGGERED = re.compile(r'(\S+ -triggered off \[.*\].*?)\s*$')


def reference_lines(workflow: Path) -> list[str]:
    lines = []
    for line in (workflow / 'reference.log').read_text().splitlines():
        match = TRIGGERED.search(line)
        if match and ' -triggered off [' in line:
            lines.append(match.group(1))
    return sorted(lines)


def succeed(itask):
    return SimulatedRun(['started', 'succeeded'])


def fail(itask):
    return SimulatedRun(['started', 'failed/ERR'])


def outcome_03(itask):
    return fail(itask) if (itask.name, str(itask.point)) == ('model', '2') \
        else succeed(itask)


def outcome_05(itask):
    if itask.name == 'remote':
        return SimulatedRun(submit_fail=True)
    return succeed(itask)


def outcome_07(itask):
    point = int(str(itask.point))
    if itask.name == 'classify':
        size = {1: 'low', 2: 'mid', 0: 'high'}[point % 3]
        return SimulatedRun(['started', f'size {size}', 'succeeded'])
    if itask.name == 'verify' and point % 3 == 0:
        return fail(itask)
    return succeed(itask)


def outcome_19(itask):
    if itask.name == 'probe':
        return SimulatedRun(['started', 'contained', 'succeeded'], duration=8)
    return succeed(itask)


def outcome_21(itask):
    if itask.name == 'doomed' or (itask.name == 'flaky' and itask.try_num < 3):
        return fail(itask)
    return succeed(itask)


def outcome_23(itask):
    if itask.name == 'pick':
        route = 'north' if int(str(itask.point)) % 2 else 'south'
        return SimulatedRun(['started', f'heading {route}', 'succeeded'])
    return succeed(itask)


def countdown_xtrigger():
    calls: dict[str, int] = {}

    def call(effect):
        calls[effect.signature] = calls.get(effect.signature, 0) + 1
        if calls[effect.signature] < 3:
            return False, {}
        return True, {'calls': '3', 'route': 'x'}

    return call


CASES = {
    '01-fan-out-fan-in': (succeed, {}),
    '03-fail-finish-recovery': (outcome_03, {}),
    '05-submit-fail-platform': (outcome_05, {}),
    '07-branch-switch': (outcome_07, {}),
    '09-family-all-multi-inherit': (succeed, {}),
    '11-param-chain': (succeed, {}),
    '13-int-recurrences': (succeed, {}),
    '15-iso-pt6h-utc': (succeed, {}),
    '18-min-and-point-format': (succeed, {}),
    '19-runahead-limit': (outcome_19, {}),
    '21-execution-retries': (outcome_21, {}),
    '23-xtrigger-custom': (outcome_23, {'xtrigger': True}),
    '29-jinja2-set-default': (succeed, {'vars': {'N_MEMBERS': 3}}),
}


@pytest.fixture(autouse=True)
def conformance_global_config(monkeypatch):
    monkeypatch.setenv('CYLC_CONF_PATH', str(CONFORMANCE / 'conf'))
    GlobalConfig.set_inst(None)
    yield
    GlobalConfig.set_inst(None)


@pytest.mark.parametrize('name', sorted(CASES))
def test_core_reproduces_reference_triggers(name):
    outcome, options = CASES[name]
    workflow = CONFORMANCE / name
    config = WorkflowConfig(workflow / 'flow.cylc', f'conformance/{name}',
                            template_vars=options.get('vars'),
                            warn=lambda _m: None)
    core = SchedulerCore(config, now=0.0, xtrigger_template_vars={
        'workflow_share_dir': '/tmp/share', 'workflow_run_dir': '/tmp/run',
        'workflow': name, 'debug': False, 'user_name': 'me'})
    lines: list[str] = []
    driver = SimulationDriver(
        core, outcome,
        xtrigger_call=countdown_xtrigger() if options.get('xtrigger') else None,
        on_log=lambda entry: lines.append(entry.text)
        if ' -triggered off [' in entry.text else None,
        start_time=1_700_000_000.0,
    )
    shutdown = driver.run()
    assert not shutdown.aborted, (shutdown.reason, lines)
    assert sorted(lines) == reference_lines(workflow)


def test_reference_prerequisite_lists_parse():
    for name in CASES:
        for line in reference_lines(CONFORMANCE / name):
            ids = ast.literal_eval(line.split(' -triggered off ', 1)[1]
                                   .rsplit(' in flow', 1)[0])
            assert isinstance(ids, list)
    assert os.path.isdir(CONFORMANCE)
