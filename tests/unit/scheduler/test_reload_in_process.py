"""Reload through the scheduler's GraphQL mutation, the scheduler run in
process (simulation mode, started paused so nothing runs unless asked)."""

from __future__ import annotations

import asyncio
import textwrap

import pytest

from cylc_flow.config.global_config import GlobalConfig
from cylc_flow.scheduler.scheduler import PlayOptions, Scheduler

FLOW = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 1
    [[graph]]
        R1 = "{graph}"
[runtime]
    [[root]]
        [[[simulation]]]
            default run length = PT0S
'''
RELOAD = ('mutation ($w: [WorkflowID]!) { reload(workflows: $w)'
          ' { result } }')
TASKS = '{ tasks { name } }'


@pytest.fixture
def run_dir(tmp_path, monkeypatch):
    home = tmp_path / 'home'
    conf = tmp_path / 'conf'
    conf.mkdir()
    monkeypatch.setenv('HOME', str(home))
    monkeypatch.setenv('CYLC_CONF_PATH', str(conf))
    GlobalConfig.set_inst(None)
    directory = home / 'cylc-run' / 'reloading'
    directory.mkdir(parents=True)
    (directory / 'flow.cylc').write_text(
        textwrap.dedent(FLOW.format(graph='a => b')))
    yield directory
    GlobalConfig.set_inst(None)


async def until(condition, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError('timed out')
        await asyncio.sleep(0.02)


async def request(scheduler, query: str, **variables):
    return await scheduler.graphql.request_async(
        {'request_string': query, 'variables': variables}, {})


def test_reload_of_a_paused_workflow_leaves_it_paused(run_dir):
    async def scenario():
        scheduler = Scheduler('reloading', run_dir,
                              PlayOptions(mode='simulation', pause=True))
        running = asyncio.create_task(scheduler.run())
        try:
            await until(lambda: scheduler.core is not None
                        and scheduler.core.pool.tasks)
            before = await request(scheduler, TASKS)
            assert {task['name'] for task in before['tasks']} == {'a', 'b'}
            (run_dir / 'flow.cylc').write_text(
                textwrap.dedent(FLOW.format(graph='a => b => c')))
            reply = await request(scheduler, RELOAD, w=['reloading'])
            assert reply['reload']['result'][0]['response'] == [
                True, 'Command queued']
            await until(lambda: not scheduler.reloader.in_progress)
            assert scheduler.core.paused
            assert 'c' in scheduler.config.taskdefs
            assert scheduler.submitter.config is scheduler.config
            after = await request(scheduler, TASKS)  # the store was rebuilt
            assert {task['name'] for task in after['tasks']} == {'a', 'b', 'c'}
        finally:
            scheduler.post(scheduler.run_stop, 'NowNow')
            await asyncio.wait_for(running, 20)
        return (run_dir / 'log' / 'scheduler' / 'log').read_text()

    log = asyncio.run(scenario())
    assert 'Reload completed.' in log
    assert 'Pausing the workflow: Reloading workflow' not in log
    assert 'RESUMING the workflow now' not in log


def test_second_reload_while_one_is_pending_is_rejected(run_dir):
    async def scenario():
        scheduler = Scheduler('reloading', run_dir,
                              PlayOptions(mode='simulation', pause=True))
        running = asyncio.create_task(scheduler.run())
        try:
            await until(lambda: scheduler.core is not None)
            first = await request(scheduler, RELOAD, w=['reloading'])
            second = await request(scheduler, RELOAD, w=['reloading'])
            await until(lambda: not scheduler.reloader.in_progress)
        finally:
            scheduler.post(scheduler.run_stop, 'NowNow')
            await asyncio.wait_for(running, 20)
        return first, second

    first, second = asyncio.run(scenario())
    assert first['reload']['result'][0]['response'][0] is True
    assert second['reload']['result'][0]['response'] == [
        False, 'a reload is already in progress']
