"""Event emails delivered over SMTP to a local sink, batched per interval."""

from __future__ import annotations

import asyncio
import socket
import time

from cylc_flow.events import (
    HandlerRunner,
    TaskEventContext,
    plan_task_event,
    plan_workflow_event,
    task_event_settings,
    workflow_event_settings,
)

from .smtp_sink import SmtpSink

TASK_SETTINGS = task_event_settings(
    task_events={'mail events': ['failed', 'retry', 'succeeded']},
    global_mail={'from': 'cylc@sched.example.org', 'to': 'ops@example.org, me@x'},
)


def task(context: TaskEventContext, name: str) -> TaskEventContext:
    return TaskEventContext(context.workflow, '1', name, submit_num=1)


def test_task_mail_is_sent_at_once_then_batched_per_interval(task_context):
    async def main():
        sink = await SmtpSink().start()
        results = []
        runner = HandlerRunner(
            on_result=results.append, smtp=sink.address, mail_interval=0.6,
            workflow=task_context.workflow, mail_footer='footer for %(workflow)s',
        )
        try:
            plan = lambda name, event: plan_task_event(  # noqa: E731
                event, task(task_context, name), TASK_SETTINGS, time.time(),
            )
            runner.submit_all(plan('a', 'failed'))
            first = await sink.wait_for(1)
            assert len(first) == 1
            sent_first = time.monotonic()
            runner.submit_all(plan('b', 'failed'))
            runner.submit_all(plan('c', 'retry'))
            await asyncio.sleep(0.2)
            assert len(sink.received) == 1  # held back for the interval
            received = await sink.wait_for(2)
            assert time.monotonic() - sent_first >= 0.5
            await runner.wait_idle()
        finally:
            await runner.close()
            await sink.stop()
        return received, results

    received, results = asyncio.run(main())
    assert len(received) == 2
    single, batch = received
    assert single.message['Subject'] == '[1/a/01 failed] flow/run1'
    assert single.message['From'] == 'cylc@sched.example.org'
    assert single.message['To'] == 'ops@example.org, me@x'
    assert single.sender == 'cylc@sched.example.org'
    assert single.recipients == ['ops@example.org', 'me@x']
    assert single.body.startswith('job: 1/a/01\nevent: failed\nmessage: job failed\n')
    assert single.body.endswith('owner: alice\nfooter for flow/run1\n')
    assert batch.message['Subject'] == '[2 task events] flow/run1'
    assert 'job: 1/b/01\nevent: failed\n' in batch.body
    assert 'job: 1/c/01\nevent: retry\n' in batch.body
    assert len(results) == 3 and all(result.succeeded for result in results)


def test_close_sends_the_mail_still_waiting_for_its_interval(task_context):
    async def main():
        sink = await SmtpSink().start()
        runner = HandlerRunner(on_result=lambda _: None, smtp=sink.address,
                               mail_interval=300, workflow=task_context.workflow)
        runner.submit_all(plan_task_event('failed', task(task_context, 'a'),
                                          TASK_SETTINGS, time.time()))
        await sink.wait_for(1)
        runner.submit_all(plan_task_event('succeeded', task(task_context, 'b'),
                                          TASK_SETTINGS, time.time()))
        await asyncio.sleep(0.1)
        assert len(sink.received) == 1
        started = time.monotonic()
        await runner.close()
        assert time.monotonic() - started < 10
        received = await sink.wait_for(2)
        await sink.stop()
        return received

    received = asyncio.run(main())
    assert received[1].message['Subject'] == '[1/b/01 succeeded] flow/run1'


def test_a_workflow_event_email_is_sent_at_once(workflow_context):
    settings = workflow_event_settings(
        workflow_events={'mail events': ['stall']},
        global_mail={'to': 'ops@example.org'},
    )

    async def main():
        sink = await SmtpSink().start()
        results = []
        runner = HandlerRunner(on_result=results.append, smtp=sink.address,
                               mail_interval=300)
        runner.submit_all(plan_workflow_event(
            'stall', workflow_context, settings, time.time(),
            message='Workflow stalled',
        ))
        received = await sink.wait_for(1)
        await runner.close()
        await sink.stop()
        return received, results

    [mail], [result] = asyncio.run(main())
    assert mail.message['Subject'] == '[workflow stall] flow/run1'
    assert mail.message['From'] == 'notifications@sched.example.org'
    assert mail.recipients == ['ops@example.org']
    assert mail.body.startswith('event: stall\nmessage: Workflow stalled\n')
    assert result.succeeded


def test_an_unreachable_smtp_server_is_a_failed_result(task_context):
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        free_port = probe.getsockname()[1]

    async def main():
        results = []
        runner = HandlerRunner(on_result=results.append,
                               smtp=f'127.0.0.1:{free_port}', timeout=5)
        runner.submit_all(plan_task_event('failed', task(task_context, 'a'),
                                          TASK_SETTINGS, time.time()))
        await asyncio.wait_for(runner.wait_idle(), 30)
        await runner.close()
        return results

    [result] = asyncio.run(main())
    assert result.return_code == 1
    assert result.err.startswith('cannot send email:')
