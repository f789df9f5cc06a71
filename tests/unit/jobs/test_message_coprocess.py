"""One Python per short job: the message co-process of ``job.sh``.

Real jobs against a real CURVE server; the job's Python is a wrapper that
logs each message process it starts (``--serve`` marks the co-process).
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from cylc_flow.config.workflow_config import WorkflowConfig
from cylc_flow.core.effects import TaskEvent
from cylc_flow.core.scheduler_core import SchedulerCore
from cylc_flow.jobs.job_config import JobConfig
from cylc_flow.jobs.submit import submit_jobs
from cylc_flow.scheduler.simulation import SimulatedRun, SimulationDriver

from .conftest import JobSandbox, Scheduler, wait_for


class Job:
    """A job whose message processes are counted."""

    def __init__(self, sandbox: JobSandbox, script: str, grace: str = '') -> None:
        self.sandbox = sandbox
        self.calls = sandbox.home.parent / 'python-calls'
        wrapper = sandbox.home.parent / 'python-wrapper'
        wrapper.write_text(
            '#!/bin/bash\n'
            f'printf "%s\\n" "$*" >> {str(self.calls)!r}\n'
            f'exec {sys.executable!r} "$@"\n')
        wrapper.chmod(0o755)
        job = JobConfig('1', 'foo', script=script)
        self.job_log_dir = sandbox.write(job, fast_messages=True)
        path = sandbox.path(self.job_log_dir)
        text = path.read_text()
        assert f'CYLC_MESSAGE_PYTHON={sys.executable}' in text
        path.write_text(text.replace(f'CYLC_MESSAGE_PYTHON={sys.executable}',
                                     f'CYLC_MESSAGE_PYTHON={wrapper}'))
        env = sandbox.env
        if grace:
            env['CYLC_JOB_MESSAGE_GRACE'] = grace
        lines = submit_jobs(sandbox.log_root, [self.job_log_dir], env=env)
        assert f'|{self.job_log_dir}|0|' in lines[0], lines

    def processes(self) -> list[str]:
        """The arguments of each message process the job started."""
        if not self.calls.exists():
            return []
        return self.calls.read_text().splitlines()

    def finished(self, scheduler: Scheduler, final: str) -> list[str]:
        wait_for(lambda: final in scheduler.messages(self.job_log_dir))
        self.sandbox.wait_exit(self.job_log_dir)
        return scheduler.messages(self.job_log_dir)


def test_short_job_starts_exactly_one_message_process(
    sandbox: JobSandbox, scheduler: Scheduler
) -> None:
    job = Job(sandbox, 'true')
    assert job.finished(scheduler, 'succeeded') == ['started', 'succeeded']
    processes = job.processes()
    assert len(processes) == 1, processes
    [process] = processes
    assert ' --serve ' in f' {process} '
    out = sandbox.read(job.job_log_dir, 'job.out')
    assert ' INFO - started' in out and ' INFO - succeeded' in out
    lines = sandbox.status_lines(job.job_log_dir)
    assert [line.split('=')[0] for line in lines].count('CYLC_JOB_EXIT') == 1
    assert 'CYLC_JOB_EXIT=SUCCEEDED' in lines
    assert sandbox.messages() == []  # never fell back to "cylc message"


def test_failed_short_job_reports_err_through_the_coprocess(
    sandbox: JobSandbox, scheduler: Scheduler
) -> None:
    job = Job(sandbox, 'exit 1')
    assert job.finished(scheduler, 'failed/ERR') == ['started', 'failed/ERR']
    [severity] = [severity for args in scheduler.received
                  for severity, text in args['messages'] if text == 'failed/ERR']
    assert severity == 'CRITICAL'
    assert len(job.processes()) == 1
    status = sandbox.status(job.job_log_dir)
    assert status.run_status == 1
    assert 'CYLC_JOB_EXIT=ERR' in sandbox.status_lines(job.job_log_dir)
    assert ' CRITICAL - failed/ERR' in sandbox.read(job.job_log_dir, 'job.err')


def test_job_longer_than_the_grace_time_falls_back_to_a_fresh_process(
    sandbox: JobSandbox, scheduler: Scheduler
) -> None:
    job = Job(sandbox, 'sleep 1', grace='0.2')
    assert job.finished(scheduler, 'succeeded') == ['started', 'succeeded']
    first, second = job.processes()
    assert '--serve' in first.split()
    assert '--serve' not in second.split() and second.endswith(' succeeded')


def test_killed_coprocess_loses_no_message(
    sandbox: JobSandbox, scheduler: Scheduler
) -> None:
    job = Job(sandbox, 'kill -9 "${CYLC_MESSENGER_PID}"; sleep 0.2')
    messages = job.finished(scheduler, 'succeeded')
    assert set(messages) == {'started', 'succeeded'}
    assert messages[-1] == 'succeeded'
    # the co-process (its start is logged unless the kill came first), then
    # one fresh process sending what was never acknowledged
    *coprocess, fallback = job.processes()
    assert len(coprocess) <= 1 and all('--serve' in p for p in coprocess)
    assert fallback.endswith(' succeeded') and '--serve' not in fallback
    assert 'CYLC_JOB_EXIT=SUCCEEDED' in sandbox.status_lines(job.job_log_dir)


def test_coprocess_killed_after_started_sends_the_rest_once(
    sandbox: JobSandbox, scheduler: Scheduler
) -> None:
    script = ('until grep -q " INFO - started" "${CYLC_TASK_LOG_ROOT}.out"; do'
              ' sleep 0.02; done; kill -9 "${CYLC_MESSENGER_PID}"; sleep 0.2')
    job = Job(sandbox, script)
    assert job.finished(scheduler, 'succeeded') == ['started', 'succeeded']
    first, second = job.processes()
    assert '--serve' in first.split()
    # "started" is sent again only if the kill fell between its sending and
    # its acknowledgement; the scheduler records it once either way
    assert second.endswith(' succeeded')


# ---- the scheduler ignores duplicate final messages (after a lost ack) ----

FLOW = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    [[graph]]
        R1 = "a => b"
[runtime]
    [[a]]
        [[[events]]]
            handlers = echo %(event)s
            handler events = succeeded, failed
'''


def task_events(tmp_path: Path, messages: list[str]) -> list[tuple[str, str]]:
    flow = tmp_path / 'flow.cylc'
    flow.write_text(textwrap.dedent(FLOW))
    config = WorkflowConfig(flow, 'test/duplicates', warn=lambda _message: None)
    core = SchedulerCore(config, now=0.0)
    events: list[tuple[str, str]] = []

    def outcome(itask) -> SimulatedRun:
        if itask.name == 'a':
            return SimulatedRun(messages)
        return SimulatedRun(['started', 'succeeded'])

    driver = SimulationDriver(core, outcome, start_time=0.0)
    original_apply = driver._apply

    def apply(effects: list) -> bool:
        events.extend((str(effect.task.name), effect.event) for effect in effects
                      if isinstance(effect, TaskEvent))
        return original_apply(effects)

    driver._apply = apply  # type: ignore[method-assign]
    driver.run(max_turns=1000)
    return events


@pytest.mark.parametrize('final', ['succeeded', 'failed/ERR'])
def test_duplicate_final_message_creates_no_extra_event(
    tmp_path: Path, final: str
) -> None:
    once = task_events(tmp_path, ['started', final])
    twice = task_events(tmp_path, ['started', final, final])
    assert twice == once
    event = final.partition('/')[0]
    assert once.count(('a', event)) == 1
