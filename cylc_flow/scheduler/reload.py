"""``cylc reload`` at the scheduler: re-read the installed flow.cylc and swap
it in without losing the run's state.

The new config is loaded and checked as soon as the request arrives, so a
broken flow.cylc is rejected there and then (the caller gets the error, the
log says ``Reload failed - ...``, the run carries on unchanged).  A good one
is applied as Cylc 8 does: pause (unless already paused), wait for
preparing tasks to submit their jobs, swap the definitions in, rebuild the
data store, resume::

    Pausing the workflow: Reloading workflow
    Reloading the workflow definition.
    Reloading task definitions.
    ...
    Reload completed.
    RESUMING the workflow now
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from cylc_flow.exceptions import CylcError
from cylc_flow.scheduler.mutations.tasks import QUEUED, reject

COMMAND = 'reload'
FLUSH_POLL_INTERVAL = 0.05  # seconds between checks for preparing tasks
FAILURE_ADVICE = (
    '\nThis is probably due to an issue with the new configuration.'
    '\nFix the configuration and attempt to reload again.'
)


class Reloader:
    """One scheduler's reload requests (one at a time)."""

    def __init__(self, scheduler: Any) -> None:
        self.scheduler = scheduler
        self.in_progress = False

    # ---- request (network side: validate, then queue) -----------------------
    def request(self, reload_global: bool = False) -> tuple[bool, str]:
        """Load and check the new config; queue the swap if it is good."""
        scheduler = self.scheduler
        log = scheduler.log
        if self.in_progress:
            return reject(scheduler, COMMAND, 'a reload is already in progress')
        try:
            global_config = load_global_config() if reload_global else None
            plan = load_reload_plan(scheduler)
        except Exception as exc:  # reported, never raised: the run goes on
            reason = f'Reload failed - {type(exc).__name__}: {exc}'
            log.critical(reason + FAILURE_ADVICE,
                         exc_info=exc if not isinstance(exc, CylcError)
                         or scheduler.options.debug else None)
            return reject(scheduler, COMMAND, reason)
        self.in_progress = True
        scheduler.post(self._begin, plan, global_config)
        return True, QUEUED

    # ---- main loop side --------------------------------------------------------
    def _begin(self, now: float, plan: Any, global_config: Any) -> None:
        scheduler = self.scheduler
        was_paused = scheduler.core.paused
        if not was_paused:
            scheduler.core.pause()
            scheduler.log.info('Pausing the workflow: Reloading workflow')
        scheduler._spawn(self._flush_preparing(plan, global_config, was_paused))

    async def _flush_preparing(self, plan: Any, global_config: Any,
                               was_paused: bool) -> None:
        """Let preparing tasks submit (their jobs use the old settings)."""
        scheduler = self.scheduler
        try:
            while scheduler.shutdown is None and _preparing(scheduler.core):
                await asyncio.sleep(FLUSH_POLL_INTERVAL)
        finally:
            if scheduler.shutdown is None:
                scheduler.post(self._apply, plan, global_config, was_paused)
            else:
                self.in_progress = False

    def _apply(self, now: float, plan: Any, global_config: Any,
               was_paused: bool) -> None:
        scheduler = self.scheduler
        log = scheduler.log
        core = scheduler.core
        try:
            if global_config is not None:
                log.info('Reloading the global configuration.')
                _swap_global_config(scheduler, global_config)
            log.info('Reloading the workflow definition.')
            report = core.reload(plan, output_lookup=_database_outputs(scheduler))
            _swap_shell_config(scheduler, plan.config)
            # the core's lines (task by task) belong before "Reload completed."
            scheduler._apply(core.effects.drain(), now)
            for name in report.added:
                log.info(f"Added task: '{name}'")
            scheduler.graphql.reload()
            log.info('Reload completed.')
            log.info(f'Command "{COMMAND}" actioned')
        except Exception as exc:  # a bug: say so, keep the scheduler alive
            log.exception(f'Reload failed - {type(exc).__name__}: {exc}')
        finally:
            self.in_progress = False
            if not was_paused:
                log.info('RESUMING the workflow now')
                core.resume(now)


# ---- loading -------------------------------------------------------------------
def load_global_config() -> Any:
    """A freshly read global.cylc (not yet in use)."""
    from cylc_flow.config.global_config import GlobalConfig

    return GlobalConfig.get_inst(cached=False)


def load_reload_plan(scheduler: Any) -> Any:
    """Read the run directory's flow.cylc with the run's template variables
    and initial cycle point; check it can replace the running config."""
    from cylc_flow.config.workflow_config import WorkflowConfig
    from cylc_flow.core.reload import plan_reload
    from cylc_flow.workflow_paths import find_flow_file

    old = scheduler.config
    options = scheduler.options
    config = WorkflowConfig(
        find_flow_file(scheduler.run_dir), scheduler.workflow_id,
        template_vars=options.template_vars,
        icp=str(old.initial_point), fcp=options.fcp,
        run_dir=scheduler.run_dir,
        warn=lambda message: scheduler.log.warning(message),
    )
    return plan_reload(config, old)


def _preparing(core: Any) -> bool:
    return any(itask.state == 'preparing' for itask in core.pool.tasks.values())


# ---- swapping the shell's references -------------------------------------------
def _swap_shell_config(scheduler: Any, config: Any) -> None:
    """Everything in the shell that reads the workflow config."""
    scheduler.config = config
    scheduler._point_cache.clear()
    if scheduler.submitter is not None:
        scheduler.submitter.config = config
    for part in (scheduler.event_handling, scheduler.simulated_jobs):
        if part is not None:
            part.use_config(config)


def _swap_global_config(scheduler: Any, global_config: Any) -> None:
    from cylc_flow.config.global_config import GlobalConfig

    GlobalConfig.set_inst(global_config)
    scheduler.global_config = global_config
    if scheduler.submitter is not None:
        scheduler.submitter.global_config = global_config


def _database_outputs(scheduler: Any
                      ) -> Callable[[Any, str, str, frozenset[int]], bool]:
    """Completed outputs recorded in the workflow database (read once, on
    the first question)."""
    found: dict[tuple[str, str], list[tuple[frozenset[int], dict]]] | None = None

    def lookup(point: Any, name: str, output: str, flows: frozenset[int]
               ) -> bool:
        nonlocal found
        if found is None:
            found = {}
            try:
                records = scheduler.db.select_task_outputs()
            except Exception:  # no database answer: treat as not complete
                records = []
            for record in records:
                found.setdefault((record.cycle, record.name), []).append(
                    (record.flow_nums, record.outputs))
        for record_flows, outputs in found.get((str(point), name), ()):
            if output in outputs and (not flows or not record_flows
                                      or record_flows & flows):
                return True
        return False

    return lookup
