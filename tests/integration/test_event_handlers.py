"""Task and workflow event handlers and email, run for real by EventHandling.

Each test builds a real WorkflowConfig and GlobalConfig in tmp_path, a
stand-in scheduler with a real scheduler log, feeds events as the core emits
them, awaits close() and checks what the handler processes wrote, the job's
job-activity.log and the scheduler log.
"""

from __future__ import annotations

import asyncio
import importlib.util
import itertools
import logging
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from cylc_flow.config.global_config import GlobalConfig
from cylc_flow.config.workflow_config import WorkflowConfig
from cylc_flow.core.task_proxy import TaskProxy
from cylc_flow.scheduler.event_handling import EventHandling
from cylc_flow.scheduler_log import open_scheduler_log

WORKFLOW = 'evflow/run1'
_SINK_FILE = Path(__file__).resolve().parents[1] / 'unit' / 'events' / 'smtp_sink.py'
_LOGGER_NUMBERS = itertools.count()


def _smtp_sink_class():
    """The SMTP sink of the unit tests (loaded by path: tests is no package)."""
    name = 'event_handlers_smtp_sink'
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, _SINK_FILE)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module.SmtpSink


class Harness:
    """A stand-in scheduler around real configs, a real log and real tasks."""

    def __init__(self, tmp_path: Path, flow: str, global_text: str = '',
                 mode: str = 'live') -> None:
        self.tmp = tmp_path
        source = tmp_path / 'source'
        source.mkdir()
        (source / 'flow.cylc').write_text(flow)
        conf = tmp_path / 'conf'
        conf.mkdir()
        (conf / 'global.cylc').write_text(global_text)
        self.run_dir = tmp_path / 'run'
        self.run_dir.mkdir()
        self.config = WorkflowConfig(source / 'flow.cylc', WORKFLOW,
                                     run_dir=self.run_dir)
        self.global_config = GlobalConfig.load(
            environ={'CYLC_CONF_PATH': str(conf), 'HOME': str(tmp_path)})
        self.log = open_scheduler_log(
            self.run_dir, is_restart=False, level=logging.DEBUG,
            logger_name=f'test-event-handlers-{next(_LOGGER_NUMBERS)}')
        self.scheduler = SimpleNamespace(
            config=self.config, global_config=self.global_config,
            workflow_id=WORKFLOW, uuid='uuid-0123', run_dir=self.run_dir,
            log=self.log, options=SimpleNamespace(mode=mode),
        )

    def task(self, name: str = 'foo', point: str = '1', submit_num: int = 1,
             make_job_dir: bool = True) -> TaskProxy:
        itask = TaskProxy(self.config.taskdefs[name],
                          self.config.context.point(point), frozenset({1}))
        itask.submit_num = submit_num
        itask.job = {'platform': 'localhost', 'runner': 'background',
                     'job_id': '4242'}
        if make_job_dir:
            self.job_dir(itask).mkdir(parents=True)
        return itask

    def job_dir(self, itask: TaskProxy) -> Path:
        return (self.run_dir / 'log' / 'job' / str(itask.point) / itask.name
                / f'{itask.submit_num:02d}')

    def activity(self, itask: TaskProxy) -> str:
        return (self.job_dir(itask) / 'job-activity.log').read_text()

    def log_text(self) -> str:
        self.log.flush()
        return self.log.path.read_text()

    def close_log(self) -> None:
        self.log.close()


def run(harness: Harness, body, close_timeout: float | None = 30.0):
    """Create EventHandling on a loop, run ``body(events)``, then close."""

    async def main():
        events = EventHandling(harness.scheduler)
        try:
            result = body(events)
            if asyncio.iscoroutine(result):
                result = await result
        finally:
            await events.close(close_timeout)
        return result

    try:
        return asyncio.run(main())
    finally:
        harness.log.flush()


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


async def wait_for_lines(path: Path, count: int, timeout: float = 20.0) -> None:
    """Wait until handlers have written ``count`` lines to ``path``."""
    deadline = time.monotonic() + timeout
    while len(lines(path)) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.02)


FLOW_SUCCEEDED = '''
[meta]
    title = event flow
[scheduler]
    [[events]]
        startup handlers = echo %(event)s %(workflow)s >> {out}
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
        [[[events]]]
            succeeded handlers = echo %(event)s %(id)s >> {out}
'''


def test_succeeded_handler_runs_and_is_recorded_in_job_activity_log(tmp_path):
    out = tmp_path / 'out.txt'
    harness = Harness(tmp_path, FLOW_SUCCEEDED.format(out=out))
    itask = harness.task()

    def body(events):
        for event, message in (('submitted', ''), ('started', 'started'),
                               ('succeeded', 'succeeded')):
            events.task_event(itask, event, message)

    run(harness, body)
    assert lines(out) == ['succeeded 1/foo']
    key = "(('event-handler-00', 'succeeded'), 1)"
    assert harness.activity(itask).splitlines() == [
        f'[{key} cmd] echo succeeded 1/foo >> {out}',
        f'[{key} ret_code] 0',
    ]
    assert f'[{key} ret_code] 0' in harness.log_text()
    harness.close_log()


def test_startup_handler_runs_and_its_result_is_logged(tmp_path):
    out = tmp_path / 'out.txt'
    harness = Harness(tmp_path, FLOW_SUCCEEDED.format(out=out))
    run(harness, lambda events: events.workflow_event('startup', ''))
    assert lines(out) == [f'startup {WORKFLOW}']
    log = harness.log_text()
    key = "('workflow-event-handler-00', 'startup')"
    assert f'INFO - [{key} cmd] echo startup {WORKFLOW}' in log
    assert f'[{key} ret_code] 0' in log
    harness.close_log()


def test_workflow_handler_failure_is_logged_as_error(tmp_path):
    flow = '''
[scheduler]
    [[events]]
        stall handlers = exit 3
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
'''
    harness = Harness(tmp_path, flow)
    run(harness, lambda events: events.workflow_event('stall', 'Workflow stalled'))
    log = harness.log_text()
    assert "ERROR - [('workflow-event-handler-00', 'stall') cmd] exit 3" in log
    assert "[('workflow-event-handler-00', 'stall') ret_code] 3" in log
    assert 'ERROR - stall EVENT HANDLER FAILED' in log
    harness.close_log()


HANDLER_ARGS = (
    '%(id)s %(submit_num)s %(try_num)s %(platform_name)s %(job_runner_name)s'
    ' %(job_id)s %(importance)s %(workflow_title)s %(message)s %(uuid)s'
)


def test_handler_sees_job_details_task_meta_and_workflow_meta(tmp_path):
    out = tmp_path / 'out.txt'
    flow = f'''
[meta]
    title = event flow
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
        [[[meta]]]
            importance = very high
        [[[events]]]
            failed handlers = echo {HANDLER_ARGS} >> {out}
'''
    harness = Harness(tmp_path, flow)
    itask = harness.task(submit_num=2)
    run(harness, lambda events: events.task_event(itask, 'failed', 'failed/KILL'))
    assert lines(out) == [
        '1/foo 2 1 localhost background 4242 very high event flow job failed'
        ' uuid-0123'
    ]
    assert "(('event-handler-00', 'failed'), 2) ret_code] 0" in harness.activity(
        itask)
    harness.close_log()


TIME_ARGS = '%(submit_time)s %(start_time)s %(finish_time)s'


def test_handler_times_follow_the_job_events(tmp_path):
    out = tmp_path / 'out.txt'
    flow = f'''
[scheduler]
    UTC mode = True
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
        [[[events]]]
            succeeded handlers = echo {TIME_ARGS} >> {out}
'''
    harness = Harness(tmp_path, flow)
    itask = harness.task()

    def body(events):
        events.task_event(itask, 'submitted', '')
        events.task_event(itask, 'started', 'started')
        events.task_event(itask, 'succeeded', 'succeeded')

    run(harness, body)
    [line] = lines(out)
    times = line.split()
    assert len(times) == 3
    assert all(text.endswith('Z') and 'T' in text for text in times)
    harness.close_log()


def test_retry_events_name_the_retry_delay(tmp_path):
    out = tmp_path / 'out.txt'
    flow = f'''
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
        execution retry delays = PT1M, PT2H
        submission retry delays = PT30S
        [[[events]]]
            handler events = retry, submission retry
            handlers = echo %(event)s: %(message)s >> {out}
'''
    harness = Harness(tmp_path, flow)
    itask = harness.task()

    def body(events):
        itask.try_num = 2  # the core counts the next try before the event
        events.task_event(itask, 'retry', '')
        itask.submit_num = 2
        harness.job_dir(itask).mkdir(parents=True)
        itask.submit_try_num = 2
        events.task_event(itask, 'submission retry', '')

    run(harness, body)
    assert sorted(lines(out)) == [
        'retry: job failed, retrying in PT1M',
        'submission retry: job submission failed, retrying in PT30S',
    ]
    harness.close_log()


def test_custom_output_event_is_named_after_its_output(tmp_path):
    out = tmp_path / 'out.txt'
    flow = f'''
[scheduling]
    [[graph]]
        R1 = "foo:x => bar"
[runtime]
    [[foo]]
        [[[outputs]]]
            x = the x message
        [[[events]]]
            handler events = x
            handlers = echo %(event)s / %(message)s >> {out}
    [[bar]]
'''
    harness = Harness(tmp_path, flow)
    itask = harness.task()
    run(harness, lambda events: events.task_event(itask, 'custom', 'the x message'))
    assert lines(out) == ['x / the x message']
    assert "(('event-handler-00', 'x'), 1) ret_code] 0" in harness.activity(itask)
    harness.close_log()


def test_repeated_warnings_are_numbered_and_errors_are_not_events(tmp_path):
    out = tmp_path / 'out.txt'
    flow = f'''
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
        [[[events]]]
            handler events = warning, error
            handlers = echo %(event)s %(message)s >> {out}
'''
    harness = Harness(tmp_path, flow)
    itask = harness.task()

    async def body(events):
        events.task_event(itask, 'warning', 'disk filling')
        events.task_event(itask, 'error', 'not an event')
        await asyncio.sleep(0)
        events.task_event(itask, 'warning', 'disk full')

    run(harness, body)
    assert sorted(lines(out)) == ['warning disk filling', 'warning disk full']
    activity = harness.activity(itask)
    assert "(('event-handler-00', 'warning-1'), 1) ret_code] 0" in activity
    assert "(('event-handler-00', 'warning-2'), 1) ret_code] 0" in activity
    harness.close_log()


def test_failing_handler_is_retried_then_reported_as_failed(tmp_path):
    out = tmp_path / 'out.txt'
    flow = f'''
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
        [[[events]]]
            handler retry delays = PT0S, PT0S
            failed handlers = echo try >> {out}; echo oops >&2; exit 1
'''
    harness = Harness(tmp_path, flow)
    itask = harness.task()

    async def body(events):
        events.task_event(itask, 'failed', 'failed')
        await wait_for_lines(out, 2)

    run(harness, body)
    assert lines(out) == ['try', 'try']
    activity = harness.activity(itask)
    key = "(('event-handler-00', 'failed'), 1)"
    assert activity.count(f'[{key} ret_code] 1') == 2
    assert activity.count(f'[{key} err] oops') == 2
    assert ('WARNING - 1/foo/01 handler:event-handler-00 for task event:failed'
            ' failed') in harness.log_text()
    harness.close_log()


def test_general_handlers_run_only_for_handler_events(tmp_path):
    out = tmp_path / 'out.txt'
    flow = f'''
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[root]]
        [[[events]]]
            handler events = failed, started
            handlers = echo %(event)s >> {out}
    [[foo]]
'''
    harness = Harness(tmp_path, flow)
    itask = harness.task()

    def body(events):
        for event in ('submitted', 'started', 'succeeded'):
            events.task_event(itask, event, event)

    run(harness, body)
    assert lines(out) == ['started']
    harness.close_log()


def test_global_task_events_apply_to_every_task(tmp_path):
    out = tmp_path / 'out.txt'
    flow = '''
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
'''
    global_text = f'''
[task events]
    handler events = submitted
    handlers = echo global %(event)s %(name)s >> {out}
'''
    harness = Harness(tmp_path, flow, global_text)
    itask = harness.task()
    run(harness, lambda events: events.task_event(itask, 'submitted', ''))
    assert lines(out) == ['global submitted foo']
    harness.close_log()


def test_task_and_workflow_mail_reach_the_smtp_server(tmp_path):
    sink_class = _smtp_sink_class()
    flow = '''
[scheduler]
    [[events]]
        mail events = startup
    [[mail]]
        task event batch interval = PT1H
        footer = see %(workflow)s
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
        [[[events]]]
            mail events = failed
        [[[mail]]]
            to = ops@example.org
'''

    async def main():
        sink = await sink_class().start()
        global_text = f'''
[scheduler]
    [[mail]]
        smtp = {sink.address}
        from = cylc@example.org
'''
        harness = Harness(tmp_path, flow, global_text)
        itask = harness.task()
        events = EventHandling(harness.scheduler)
        try:
            events.workflow_event('startup', '')
            events.task_event(itask, 'failed', 'failed')
            await sink.wait_for(1)
            await events.close(30)  # sends the batched task mail at once
            received = await sink.wait_for(2)
        finally:
            await sink.stop()
        return harness, itask, received

    harness, itask, received = asyncio.run(main())
    by_subject = {mail.message['Subject']: mail for mail in received}
    assert set(by_subject) == {
        f'[workflow startup] {WORKFLOW}', f'[1/foo/01 failed] {WORKFLOW}'}
    task_mail = by_subject[f'[1/foo/01 failed] {WORKFLOW}']
    assert task_mail.recipients == ['ops@example.org']
    assert task_mail.sender == 'cylc@example.org'
    assert 'job: 1/foo/01\nevent: failed\nmessage: job failed' in task_mail.body
    assert f'see {WORKFLOW}' in task_mail.body
    assert "[(('event-mail', 'failed'), 1) ret_code] 0" in harness.activity(itask)
    harness.close_log()


def test_bad_smtp_setting_is_reported_and_mail_fails_cleanly(tmp_path):
    flow = '''
[scheduler]
    [[events]]
        mail events = startup
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
'''
    global_text = '''
[scheduler]
    [[mail]]
        smtp = localhost:notaport
'''
    harness = Harness(tmp_path, flow, global_text)
    run(harness, lambda events: events.workflow_event('startup', ''))
    log = harness.log_text()
    assert 'ERROR - [scheduler][mail]smtp: bad port "notaport"' in log
    assert "WARNING - [('workflow-event-mail', 'startup')" in log
    harness.close_log()


@pytest.mark.parametrize(('mode', 'enabled', 'expected'), [
    ('simulation', None, []),
    ('dummy', None, []),
    ('simulation', False, ['succeeded']),
    ('skip', None, []),
    ('skip', False, ['succeeded']),
])
def test_task_handlers_in_simulated_modes_follow_disable_setting(
        tmp_path, mode, enabled, expected):
    out = tmp_path / 'out.txt'
    section = 'skip' if mode == 'skip' else 'simulation'
    setting = ''
    if enabled is not None:
        setting = (f'        [[[{section}]]]\n'
                   f'            disable task event handlers = {enabled}\n')
    flow = f'''
[scheduler]
    [[events]]
        startup handlers = echo %(event)s >> {out}
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
{setting}        [[[events]]]
            succeeded handlers = echo %(event)s >> {out}
'''
    harness = Harness(tmp_path, flow, mode=mode)
    itask = harness.task()

    async def body(events):
        events.workflow_event('startup', '')
        events.task_event(itask, 'succeeded', 'succeeded')

    run(harness, body)
    assert sorted(lines(out)) == sorted(['startup', *expected])
    harness.close_log()


def test_close_waits_for_running_handlers_but_drops_waiting_retries(tmp_path):
    out = tmp_path / 'out.txt'
    flow = f'''
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
        [[[events]]]
            handler retry delays = PT0S, PT1H
            failed handlers = sleep 0.3; echo ran >> {out}; exit 1
'''
    harness = Harness(tmp_path, flow)
    itask = harness.task()
    started = time.monotonic()
    run(harness, lambda events: events.task_event(itask, 'failed', 'failed'),
        close_timeout=60)
    assert time.monotonic() - started < 10
    assert lines(out) == ['ran']
    harness.close_log()


def test_close_kills_handlers_still_running_at_the_deadline(tmp_path):
    out = tmp_path / 'out.txt'
    flow = f'''
[scheduler]
    [[events]]
        shutdown handlers = sleep 30; echo late >> {out}
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
'''
    harness = Harness(tmp_path, flow)
    started = time.monotonic()

    async def body(events):
        events.workflow_event('shutdown', 'AUTOMATIC')
        await asyncio.sleep(0.2)

    run(harness, body, close_timeout=0.5)
    assert time.monotonic() - started < 10
    assert lines(out) == []
    assert 'still running at shutdown: killed' in harness.log_text()
    harness.close_log()


def test_events_after_close_are_refused_with_a_warning(tmp_path):
    out = tmp_path / 'out.txt'
    harness = Harness(tmp_path, FLOW_SUCCEEDED.format(out=out))

    async def main():
        events = EventHandling(harness.scheduler)
        await events.close(5)
        events.workflow_event('startup', '')

    asyncio.run(main())
    assert lines(out) == []
    assert ('startup event: 1 handler(s) not run: the scheduler is shutting'
            ' down') in harness.log_text()
    harness.close_log()


def test_missing_job_directory_is_logged_not_raised(tmp_path):
    out = tmp_path / 'out.txt'
    harness = Harness(tmp_path, FLOW_SUCCEEDED.format(out=out))
    itask = harness.task(make_job_dir=False)
    run(harness, lambda events: events.task_event(itask, 'succeeded', 'succeeded'))
    assert lines(out) == ['succeeded 1/foo']
    log = harness.log_text()
    assert 'job-activity.log: cannot write' in log
    assert "(('event-handler-00', 'succeeded'), 1) ret_code] 0" in log
    harness.close_log()


def test_bad_handler_template_is_logged_and_other_handlers_still_run(tmp_path):
    out = tmp_path / 'out.txt'
    flow = f'''
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
        [[[events]]]
            succeeded handlers = echo %(nosuch)s, echo fine %(event)s >> {out}
'''
    harness = Harness(tmp_path, flow)
    itask = harness.task()
    run(harness, lambda events: events.task_event(itask, 'succeeded', 'succeeded'))
    assert lines(out) == ['fine succeeded']
    assert "unknown variable 'nosuch'" in harness.log_text()
    harness.close_log()


def test_events_of_tasks_without_handlers_cost_little(tmp_path):
    out = tmp_path / 'out.txt'
    harness = Harness(tmp_path, FLOW_SUCCEEDED.format(out=out)
                      .replace('succeeded handlers', 'submitted handlers'))
    config = harness.config
    itasks = []
    for number in range(1, 2001):
        itask = TaskProxy(config.taskdefs['foo'], config.context.point('1'),
                          frozenset({1}))
        itask.identity = f'{number}/foo'
        itask.submit_num = 1
        itasks.append(itask)

    def body(events):
        started = time.perf_counter()
        for itask in itasks:
            for event in ('started', 'succeeded', 'warning'):
                events.task_event(itask, event, event)
        return time.perf_counter() - started

    elapsed = run(harness, body)
    assert elapsed < 0.5  # 6,000 events with nothing to run
    assert lines(out) == []
    harness.close_log()


def test_handler_without_placeholders_gets_the_classic_arguments(tmp_path):
    out = tmp_path / 'out.txt'
    script = tmp_path / 'handler.sh'
    script.write_text(f'#!/bin/sh\nprintf "%s|" "$@" >> {out}\n')
    script.chmod(0o755)
    flow = f'''
[scheduler]
    [[events]]
        stall handlers = {script}
[scheduling]
    [[graph]]
        R1 = foo
[runtime]
    [[foo]]
        [[[events]]]
            warning handlers = {script}
'''
    harness = Harness(tmp_path, flow)
    itask = harness.task()

    async def body(events):
        events.task_event(itask, 'warning', "it's hot")
        await wait_for_lines(out, 1)
        events.workflow_event('stall', 'Workflow stalled')

    run(harness, body)
    assert lines(out) == [
        f"warning|{WORKFLOW}|1/foo|it's hot|stall|{WORKFLOW}|Workflow stalled|"
    ]
    harness.close_log()
