"""The scheduler's side of jobs: submit, kill and poll them (off the event
loop), and turn what comes back (submit outcomes, job messages, polled
states) into core events on the scheduler's queue."""

from __future__ import annotations

import asyncio
from typing import Any

EXECUTION_POLLING = 'execution polling intervals'
SUBMISSION_POLLING = 'submission polling intervals'
# the core's task events after which a live job's polls are (re-)armed
POLLING_AFTER = {'submitted': SUBMISSION_POLLING, 'started': EXECUTION_POLLING}


class JobEvents:
    """Job operations and job messages for one :class:`Scheduler`."""

    def __init__(self, scheduler: Any) -> None:
        self.scheduler = scheduler

    # ---- operations (background coroutines) ----------------------------------
    async def submit(self, tasks: list[Any]) -> None:
        """Submit a batch; queue each outcome as an event."""
        from cylc_flow.scheduler.job_submission import SubmitOutcome

        scheduler = self.scheduler
        submitter = scheduler.submitter
        local, failed = submitter.prepare(tasks)
        outcomes = list(failed)
        if local:
            loop = asyncio.get_running_loop()
            try:
                outcomes += await loop.run_in_executor(
                    None, submitter.submit_local, local)
            except Exception as exc:
                scheduler.log.exception('job submission failed')
                outcomes += [SubmitOutcome(t, t.submit_num, False, None,
                                           t.job.get('platform', '?'),
                                           t.job.get('runner', '?'), str(exc))
                             for t in local]
        for outcome in outcomes:
            scheduler.post(self.submitted, outcome)

    async def kill(self, tasks: list[Any]) -> None:
        """Kill the tasks' jobs; each then fails with ``failed/KILL``."""
        from cylc_flow.jobs.kill import kill_jobs

        scheduler = self.scheduler
        dirs = [f'{t.point}/{t.name}/{t.submit_num:02d}' for t in tasks]
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, lambda: kill_jobs(
            scheduler.submitter.root, dirs))
        for itask in tasks:
            scheduler.post(self.message_for, itask, itask.submit_num,
                           'CRITICAL', 'failed/KILL')

    async def poll(self, tasks: list[Any]) -> None:
        """Poll the tasks' jobs; what changed comes back as messages."""
        from cylc_flow.scheduler.polling import poll_tasks

        await poll_tasks(self.scheduler, tasks)

    # ---- events (handlers queued with Scheduler.post) -------------------------
    def submitted(self, now: float, outcome: Any) -> None:
        """A submission's outcome (ignored if the task has moved on)."""
        scheduler = self.scheduler
        itask = outcome.task
        if outcome.submit_num != itask.submit_num:
            return
        scheduler.recorder.job_submitted(
            itask, ok=outcome.ok, job_id=outcome.job_id,
            platform=outcome.platform, runner=outcome.runner)
        if outcome.ok:
            itask.job['job_id'] = outcome.job_id
            scheduler.log.info(f'{itask.log_prefix()} submitted to'
                               f' {outcome.platform}:{outcome.runner}'
                               f'[{outcome.job_id}]')
            scheduler.core.on_job_submitted(itask, now)
        else:
            scheduler.log.error(f'{itask.log_prefix()} submission failed:'
                                f' {outcome.reason}')
            scheduler.core.on_job_submit_failed(itask, now)

    def message_for(self, now: float, itask: Any, submit_num: int,
                    severity: str, message: str) -> None:
        """A message about a task's job (killed, polled, restored), if the
        task is still in the pool."""
        core = self.scheduler.core
        if core.pool.get(itask.point, itask.name) is itask:
            core.on_message(itask, submit_num, severity, message, now)

    def messages(self, now: float, task_job: str, event_time: str,
                 messages: list[list[str]]) -> None:
        """Messages a job sent (``cylc message``)."""
        scheduler = self.scheduler
        log = scheduler.log
        try:
            cycle, name, submit = task_job.split('/')
            submit_num = int(submit)
            point = scheduler._point(cycle)
        except Exception:
            log.warning(f'message from an unknown job {task_job!r}: ignored')
            return
        core = scheduler.core
        itask = core.pool.get(point, name)
        if itask is None:
            log.warning(f'message from a job not in the pool {task_job}:'
                        f' {messages}')
            return
        for severity, message in messages:
            log.info(f'{itask.log_prefix()} (received){message}'
                     f' at {event_time}')
            core.on_message(itask, submit_num, severity, message, now)

    def arm_polls(self, itask: Any, key: str, now: float) -> None:
        """Schedule the polls of a job's platform (``key``: submission or
        execution polling intervals; the first execution poll comes by the
        execution time limit at the latest)."""
        from cylc_flow.core.task_proxy import job_runtime
        from cylc_flow.scheduler.job_polling import platform_intervals

        scheduler = self.scheduler
        intervals = platform_intervals(itask, key, scheduler.global_config)
        first = None
        if key == EXECUTION_POLLING:
            limit = job_runtime(itask, scheduler.config).get(
                'execution time limit')
            if limit:
                late = platform_intervals(
                    itask, 'execution time limit polling intervals',
                    scheduler.global_config)
                first = min(float(limit) + late[0], intervals[0])
        scheduler.polls.arm(itask, intervals, now, first_delay=first)
