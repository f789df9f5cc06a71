"""Broadcast settings beyond the job script: task event handlers, the
simulated run and the submission/execution timeouts follow the settings a
job was submitted with (its runtime after broadcasts)."""

from __future__ import annotations

import asyncio
import logging
import textwrap
from types import SimpleNamespace

import pytest

from cylc_flow.broadcast.scheduler_broadcasts import SchedulerBroadcasts
from cylc_flow.config.global_config import GlobalConfig
from cylc_flow.config.workflow_config import WorkflowConfig
from cylc_flow.core.effects import SubmitJobs
from cylc_flow.core.scheduler_core import SchedulerCore
from cylc_flow.core.task_proxy import TaskProxy
from cylc_flow.scheduler.event_handling import EventHandling
from cylc_flow.scheduler.simulation import default_outcome

FLOW = '''
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 2
    [[graph]]
        P1 = "foo"
[runtime]
    [[FAM]]
    [[foo]]
        inherit = FAM
        [[[events]]]
            submission timeout = PT1M
            execution timeout = PT2M
'''
NOW = 1000.0


@pytest.fixture
def config(tmp_path):
    flow = tmp_path / 'flow.cylc'
    flow.write_text(textwrap.dedent(FLOW))
    return WorkflowConfig(flow, 'bcast/effects', run_dir=tmp_path,
                          warn=lambda _message: None)


class Log:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def info(self, text: str) -> None:
        self.lines.append(text)

    warning = error = debug = info

    def exception(self, text: str) -> None:
        raise AssertionError(text)


def scheduler_for(config, **extra):
    scheduler = SimpleNamespace(config=config, db=None, log=Log(), **extra)
    scheduler.broadcasts = SchedulerBroadcasts(scheduler)
    return scheduler


def job_for(scheduler, itask) -> None:
    """What the job layer does at submission: the job keeps its runtime."""
    runtime = scheduler.broadcasts.runtime_for(
        itask, scheduler.config.rtconfig(itask.name))
    itask.job = {'platform': 'localhost', 'runner': 'background',
                 'runtime': runtime}


def task(config, point: str = '1') -> TaskProxy:
    return TaskProxy(config.taskdefs['foo'], config.context.point(point),
                     frozenset({1}))


# ---- [simulation] ---------------------------------------------------------------
def test_simulated_job_fails_as_a_broadcast_says(config):
    scheduler = scheduler_for(config)
    outcome = default_outcome(config)
    itask = task(config)
    assert outcome(itask).messages[-1] == 'succeeded'
    scheduler.broadcasts.put(['1'], ['FAM'], [
        '[simulation]fail cycle points = all',
        '[simulation]default run length = PT7S'])
    job_for(scheduler, itask)
    run = outcome(itask)
    assert (run.messages[-1], run.duration) == ('failed', 7.0)
    other = task(config, '2')
    job_for(scheduler, other)
    assert outcome(other).messages[-1] == 'succeeded'


# ---- submission and execution timeouts ------------------------------------------
def submitted_task(config, scheduler=None):
    core = SchedulerCore(config, now=NOW)
    core.start(NOW)
    itask = next(effect for effect in core.effects.drain()
                 if isinstance(effect, SubmitJobs)).tasks[0]
    if scheduler is not None:
        job_for(scheduler, itask)
    core.on_job_submitted(itask, NOW)
    return core, itask


def test_broadcast_timeouts_replace_the_configured_ones(config):
    core, itask = submitted_task(config)
    assert itask.timeout_at == NOW + 60.0  # as configured
    scheduler = scheduler_for(config)
    scheduler.broadcasts.put(['*'], ['foo'], [
        '[events]submission timeout = PT5M',
        '[events]execution timeout = PT10S'])
    core, itask = submitted_task(config, scheduler)
    assert itask.timeout_at == NOW + 300.0
    core.on_message(itask, 1, 'INFO', 'started', NOW + 1.0)
    assert itask.timeout_at == NOW + 11.0
    core.step(NOW + 11.0)
    logged = [effect.message for effect in core.effects.drain()
              if getattr(effect, 'message', None)]
    assert any('execution timeout after PT10S' in text for text in logged)


# ---- task event handlers ------------------------------------------------------------
@pytest.fixture
def global_config(tmp_path, monkeypatch):
    conf = tmp_path / 'conf'
    conf.mkdir()
    (conf / 'global.cylc').write_text('')
    monkeypatch.setenv('CYLC_CONF_PATH', str(conf))
    GlobalConfig.set_inst(None)
    yield GlobalConfig.get_inst()
    GlobalConfig.set_inst(None)


def test_event_handlers_set_by_broadcast_run(config, global_config, tmp_path):
    out = tmp_path / 'handled.txt'
    scheduler = scheduler_for(
        config, global_config=global_config, workflow_id='bcast/effects',
        uuid='u-1', run_dir=tmp_path, options=SimpleNamespace(mode='live'))
    scheduler.log.exception = logging.getLogger(__name__).exception
    scheduler.broadcasts.put(['1'], ['FAM'], [
        f'[events]succeeded handlers = echo %(event)s %(id)s >> {out}',
        f'[events]expired handlers = echo %(event)s %(id)s >> {out}'])
    with_job = task(config)
    job_for(scheduler, with_job)
    no_job = task(config)  # no job yet: the broadcasts active now apply
    not_targeted = task(config, '2')
    job_for(scheduler, not_targeted)

    async def main():
        events = EventHandling(scheduler)
        try:
            events.task_event(with_job, 'succeeded', 'succeeded')
            events.task_event(no_job, 'expired', 'expired')
            events.task_event(not_targeted, 'succeeded', 'succeeded')
        finally:
            await events.close(30.0)

    asyncio.run(main())
    assert sorted(out.read_text().splitlines()) == [
        'expired 1/foo', 'succeeded 1/foo']
