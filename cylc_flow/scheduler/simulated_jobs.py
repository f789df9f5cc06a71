"""Simulation and skip modes in the live scheduler: jobs without processes.

Each submitted task reports ``submitted`` and ``started`` at once and the
rest of its simulated run (required custom outputs, ``succeeded`` or
``failed``) after its run length (``[simulation]default run length``; zero
in skip mode) on the real clock, through the normal event queue.
"""

from __future__ import annotations

import asyncio
from typing import Any

from cylc_flow.scheduler.simulation import default_outcome


class SimulatedJobs:
    """Stands in for job submission when the run mode is not live."""

    def __init__(self, scheduler: Any, *, skip: bool = False) -> None:
        self.scheduler = scheduler
        self.outcome = default_outcome(scheduler.config)
        self.skip = skip

    def use_config(self, config: Any) -> None:
        """New task definitions (reload): their simulated outcomes."""
        self.outcome = default_outcome(config)

    def submit(self, tasks: list[Any]) -> None:
        scheduler = self.scheduler
        loop = asyncio.get_running_loop()
        for itask in tasks:
            itask.job = {'platform': 'localhost', 'runner': 'simulation',
                         'runtime': scheduler.broadcasts.task_runtime(itask)}
            run = self.outcome(itask)
            submit_num = itask.submit_num
            scheduler.recorder.job_submitted(itask, ok=True, job_id=None,
                                             platform='localhost',
                                             runner='simulation')
            scheduler.post(self._submitted, itask, submit_num)
            messages = list(run.messages)
            delay = 0.0 if self.skip else run.duration
            if delay <= 0:
                scheduler.post(self.report, itask, submit_num, messages)
                continue
            # the job starts at once and reports the rest after its run length
            if messages[:1] == ['started']:
                scheduler.post(self.report, itask, submit_num, messages[:1])
                messages = messages[1:]
            loop.call_later(delay, scheduler.post, self.report, itask,
                            submit_num, messages)

    def _submitted(self, now: float, itask: Any, submit_num: int) -> None:
        if itask.submit_num == submit_num:
            self.scheduler.core.on_job_submitted(itask, now)

    def report(self, now: float, itask: Any, submit_num: int,
               messages: list[str]) -> None:
        """The messages of a simulated job (queued with ``post``)."""
        for message in messages:
            self.scheduler.jobs.message_for(now, itask, submit_num, 'INFO',
                                            message)
