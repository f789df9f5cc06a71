"""Poll jobs (after a restart, or when messages may have been lost)."""

from __future__ import annotations

import asyncio
from typing import Any


async def poll_tasks(scheduler: Any, tasks: list[Any]) -> None:
    """Poll the jobs of ``tasks`` and feed what the job files say to the core."""
    from cylc_flow.jobs.poll import poll_jobs
    from cylc_flow.jobs.summary import parse_output_line

    by_dir = {f'{t.point}/{t.name}/{t.submit_num:02d}': t for t in tasks
              if t.submit_num}
    if not by_dir:
        return
    loop = asyncio.get_running_loop()
    report = await loop.run_in_executor(
        None, lambda: poll_jobs(scheduler.submitter.root, list(by_dir)))
    for line in report.stdout:
        parsed = parse_output_line(line)
        if parsed is None or parsed.job_log_dir not in by_dir:
            continue
        itask = by_dir[parsed.job_log_dir]
        fields = parsed.poll_fields()
        if parsed.prefix.startswith('[TASK JOB MESSAGE]'):
            severity, _, message = parsed.payload.partition('|')
            scheduler.post(scheduler.jobs.message_for, itask, itask.submit_num,
                           severity or 'INFO', message or severity)
            continue
        if fields is None:
            continue
        for message in _messages_from_status(fields):
            scheduler.log.info(f'{itask.log_prefix()} (polled){message}')
            scheduler.post(scheduler.jobs.message_for, itask, itask.submit_num,
                           'INFO', message)


def _messages_from_status(fields: dict) -> list[str]:
    """started/succeeded/failed messages implied by a poll summary."""
    messages: list[str] = []
    run_status = fields.get('run_status')
    if fields.get('time_run'):
        messages.append('started')
    if run_status == 0:
        messages.append('succeeded')
    elif run_status == 1:
        signal = fields.get('run_signal')
        messages.append(f'failed/{signal}' if signal else 'failed')
    elif fields.get('job_runner_exit_polled') and not fields.get('time_run_exit'):
        messages.append('failed')
    return messages
