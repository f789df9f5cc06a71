"""Running handler commands: output, retries, delays, pool limit, timeouts."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from pathlib import Path

import pytest

from cylc_flow.events import (
    HandlerCall,
    HandlerKind,
    HandlerResult,
    HandlerRunner,
    MailSettingsError,
    log_result,
    plan_task_event,
    plan_workflow_event,
    task_event_settings,
    workflow_event_settings,
)


def command_call(command: str, *, job: str | None = '1/foo/01',
                 delays=(0.0,), due: float | None = None,
                 handler: str = 'event-handler-00') -> HandlerCall:
    return HandlerCall(
        HandlerKind.COMMAND, handler, 'failed', job,
        time.time() if due is None else due, tuple(delays), command=command,
    )


async def run_calls(calls, **kwargs) -> list[tuple[float, HandlerResult]]:
    """Run calls to completion; return (monotonic time, result) pairs."""
    results: list[tuple[float, HandlerResult]] = []
    runner = HandlerRunner(
        on_result=lambda result: results.append((time.monotonic(), result)),
        **kwargs,
    )
    for call in calls:
        runner.submit(call)
    await asyncio.wait_for(runner.wait_idle(), 60)
    await runner.close()
    return results


def test_a_handler_runs_and_its_output_is_reported(task_context, tmp_path: Path):
    settings = task_event_settings(task_events={
        'failed handlers': [f'echo %(id)s %(message)s | tee {tmp_path}/out'],
    })
    calls = plan_task_event('failed', task_context, settings, time.time())
    [(_, result)] = asyncio.run(run_calls(calls))
    assert result.succeeded and result.attempt == 1 and not result.will_retry
    assert result.out == '20250101T0000Z/model job failed\n'
    assert (tmp_path / 'out').read_text() == result.out
    assert result.describe() == (
        "[(('event-handler-00', 'failed'), 3) cmd] "
        f"echo 20250101T0000Z/model 'job failed' | tee {tmp_path}/out\n"
        "[(('event-handler-00', 'failed'), 3) ret_code] 0\n"
        "[(('event-handler-00', 'failed'), 3) out] 20250101T0000Z/model job failed"
    )


def test_a_failing_handler_is_retried_after_each_delay(tmp_path: Path):
    counter = tmp_path / 'count'
    script = (
        f'echo x >> {counter}; '
        f'[ "$(wc -l < {counter})" -ge 3 ] || {{ echo no >&2; exit 3; }}'
    )
    started = time.monotonic()
    results = asyncio.run(run_calls([command_call(script, delays=(0.0, 0.3, 0.4))]))
    assert [result.attempt for _, result in results] == [1, 2, 3]
    assert [result.return_code for _, result in results] == [3, 3, 0]
    assert [result.retry_delay for _, result in results] == [0.3, 0.4, None]
    assert results[0][1].err == 'no\n'
    times = [started] + [moment for moment, _ in results]
    assert times[2] - times[1] >= 0.3
    assert times[3] - times[2] >= 0.4


def test_retries_stop_when_the_delays_run_out():
    results = asyncio.run(run_calls([command_call('exit 1', delays=(0.0, 0.05))]))
    assert [(result.attempt, result.will_retry) for _, result in results] == [
        (1, True), (2, False),
    ]


def test_the_first_delay_postpones_the_first_try():
    started = time.monotonic()
    [(finished, result)] = asyncio.run(run_calls(
        [command_call('true', due=time.time() + 0.4)],
    ))
    assert result.succeeded
    assert finished - started >= 0.4


def test_no_more_than_the_pool_size_run_at_once(tmp_path: Path):
    record = tmp_path / 'counts'
    running = tmp_path / 'running'
    running.mkdir()
    script = (
        f'mkdir {running}/$$; ls {running} | wc -l >> {record}; '
        f'sleep 0.3; rmdir {running}/$$'
    )
    calls = [command_call(script, job=f'1/t{number}/01') for number in range(6)]
    started = time.monotonic()
    results = asyncio.run(run_calls(calls, pool_size=2))
    elapsed = time.monotonic() - started
    assert len(results) == 6 and all(result.succeeded for _, result in results)
    counts = [int(line) for line in record.read_text().split()]
    assert max(counts) == 2
    assert elapsed >= 0.9


def test_a_handler_past_the_timeout_is_killed_with_its_children(tmp_path: Path):
    pid_file = tmp_path / 'pid'
    script = f'sleep 60 & echo $! > {pid_file}; wait'
    started = time.monotonic()
    [(finished, result)] = asyncio.run(run_calls([command_call(script)], timeout=0.5))
    assert finished - started < 10
    assert result.timed_out and not result.succeeded
    assert result.err == 'killed on timeout (PT0,5S)'
    child = int(pid_file.read_text())
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail('the handler child process was not killed')


def test_the_same_task_call_is_not_run_twice_at_once():
    async def main():
        results = []
        runner = HandlerRunner(on_result=results.append)
        assert runner.submit(command_call('sleep 0.2'))
        assert not runner.submit(command_call('sleep 0.2'))
        assert runner.submit(command_call('true', handler='event-handler-01'))
        await runner.wait_idle()
        assert runner.submit(command_call('true'))
        await runner.close()
        return results

    assert len(asyncio.run(main())) == 3


def test_workflow_handlers_run_every_time(workflow_context, tmp_path: Path):
    settings = workflow_event_settings(workflow_events={
        'stall handlers': [f'echo %(event)s >> {tmp_path}/log'],
    })
    calls = [
        *plan_workflow_event('stall', workflow_context, settings, time.time()),
        *plan_workflow_event('stall', workflow_context, settings, time.time()),
    ]
    results = asyncio.run(run_calls(calls))
    assert len(results) == 2
    assert (tmp_path / 'log').read_text() == 'stall\nstall\n'


def test_close_kills_handlers_still_running_after_its_timeout(tmp_path: Path):
    async def main():
        results = []
        runner = HandlerRunner(on_result=results.append)
        runner.submit(command_call(f'echo $$ > {tmp_path}/pid; exec sleep 60'))
        await asyncio.sleep(0.5)
        started = time.monotonic()
        await runner.close(timeout=0.2)
        assert time.monotonic() - started < 10
        assert not runner.submit(command_call('true'))
        return results

    assert asyncio.run(main()) == []
    pid = int((tmp_path / 'pid').read_text())
    with pytest.raises(ProcessLookupError):
        for _ in range(50):
            os.kill(pid, 0)
            time.sleep(0.1)


def test_a_failing_result_callback_does_not_stop_the_runner(caplog):
    seen = []

    def callback(result):
        seen.append(result)
        raise RuntimeError('callback broke')

    async def main():
        runner = HandlerRunner(on_result=callback)
        runner.submit(command_call('true'))
        runner.submit(command_call('true', handler='event-handler-01'))
        await runner.wait_idle()
        await runner.close()

    asyncio.run(main())
    assert len(seen) == 2
    assert 'callback broke' in caplog.text


def test_a_malformed_smtp_setting_is_reported_when_the_runner_starts():
    with pytest.raises(MailSettingsError):
        HandlerRunner(on_result=print, smtp='mailhost:smtp')


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[tuple[str, str]] = []

    def emit(self, record):
        self.lines.append((record.levelname, record.getMessage()))


@pytest.fixture
def list_logger():
    logger = logging.getLogger('test.events.log_result')
    logger.setLevel(logging.DEBUG)
    handler = ListHandler()
    logger.addHandler(handler)
    yield logger, handler.lines
    logger.removeHandler(handler)


def test_results_are_logged_at_cylc_levels(list_logger):
    logger, lines = list_logger
    call = command_call('false', delays=(0.0, 60.0))
    log_result(logger, HandlerResult(call, 1, 1, retry_delay=60.0))
    log_result(logger, HandlerResult(call, 2, 1))
    levels = [level for level, _ in lines]
    assert levels == ['ERROR', 'DEBUG', 'ERROR', 'WARNING']
    assert lines[1][1] == (
        '1/foo/01 handler:event-handler-00 for task event:failed failed,'
        ' retrying in PT1M'
    )
    assert lines[3][1] == (
        '1/foo/01 handler:event-handler-00 for task event:failed failed'
    )
    lines.clear()
    workflow_call = command_call('h', job=None, handler='workflow-event-handler-00')
    log_result(logger, HandlerResult(workflow_call, 1, 0))
    log_result(logger, HandlerResult(workflow_call, 1, 2))
    assert [level for level, _ in lines] == ['INFO', 'ERROR', 'ERROR']
    assert lines[2][1] == 'failed EVENT HANDLER FAILED'
