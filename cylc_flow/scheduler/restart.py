"""Restart: rebuild the task pool from the workflow database."""

from __future__ import annotations

import json
from typing import Any

from cylc_flow.core import states as S
from cylc_flow.scheduler.job_events import EXECUTION_POLLING


def restore_pool(scheduler: Any, db: Any) -> None:
    """Recreate pool tasks, their outputs, prerequisites and history; queue
    a poll of the jobs that were active."""
    from cylc_flow.core.effects import PollJobs
    from cylc_flow.db.encoding import (
        deserialise_flow_nums,
        deserialise_outputs,
    )

    core = scheduler.core
    pool = core.pool
    params = db.select_workflow_params()
    if params.get('holdcp') and pool.hold_point is None:
        pool.hold_point = scheduler.config.context.point(params['holdcp'])
    if params.get('stopcp') and pool.stop_point is None:
        pool.stop_point = scheduler.config.context.point(params['stopcp'])
    config = scheduler.config
    context = config.context
    rows = db.fetch_all('SELECT name, cycle, flow_nums, submit_num, status'
                        ' FROM task_states')
    in_pool = {(row[0], row[1]): bool(row[2]) for row in db.fetch_all(
        'SELECT cycle, name, is_held FROM task_pool')}
    outputs = {(row[0], row[1]): deserialise_outputs(row[3]) for row in
               db.fetch_all('SELECT cycle, name, flow_nums, outputs'
                            ' FROM task_outputs')}
    prereqs: dict[tuple[str, str], list[tuple]] = {}
    for row in db.fetch_all('SELECT cycle, name, prereq_name, prereq_cycle,'
                            ' prereq_output, satisfied FROM task_prerequisites'):
        prereqs.setdefault((row[0], row[1]), []).append(row[2:])
    for signature, results in db.fetch_all('SELECT signature, results'
                                           ' FROM xtriggers'):
        try:
            core.xtriggers.restored[signature] = json.loads(results or '{}')
        except ValueError:
            continue
    tries = {(row[0], row[1]): int(row[2] or 1) for row in db.fetch_all(
        'SELECT cycle, name, try_num FROM task_jobs AS j WHERE submit_num ='
        ' (SELECT MAX(submit_num) FROM task_jobs WHERE cycle = j.cycle'
        ' AND name = j.name)')}
    timers: dict[tuple[str, str], tuple[dict, float]] = {}
    for cycle, name, ctx, timeout in db.fetch_all(
            "SELECT cycle, name, ctx, timeout FROM task_action_timers"
            " WHERE ctx_key = 'retry'"):
        try:
            timers[(cycle, name)] = (json.loads(ctx or '{}'), float(timeout))
        except (TypeError, ValueError):
            continue
    late, timeouts = _task_timers(db)
    active: list[Any] = []
    for name, cycle, flows_text, submit_num, status in rows:
        if name not in config.taskdefs:
            continue
        point = context.point(cycle)
        flows = deserialise_flow_nums(flows_text)
        core.flow_nums_next = max(core.flow_nums_next, max(flows, default=0) + 1)
        if (cycle, name) not in in_pool:
            pool.history[(point, name)] = pool.history.get(
                (point, name), frozenset()) | flows
            continue
        itask = pool.factory.make(config.taskdefs[name], point, flows)
        itask.is_held = in_pool[(cycle, name)]
        itask.submit_num = int(submit_num or 0)
        itask.try_num = tries.get((cycle, name), 1)
        timer = timers.get((cycle, name))
        if timer is not None and status == S.WAITING:
            retry, retry_at = timer
            itask.try_num = int(retry.get('try_num', itask.try_num))
            itask.submit_try_num = int(retry.get('submit_try_num', 1))
            itask.retry_at = retry_at
            itask.is_retry = True
            core._retrying[itask.key] = itask
        itask.state = status
        for key, value in (outputs.get((cycle, name)) or {}).items():
            itask.completed_outputs[key] = value
        for prereq_name, prereq_cycle, prereq_output, satisfied in prereqs.get(
                (cycle, name), ()):
            if satisfied and satisfied != '0':
                itask.satisfy((context.point(prereq_cycle), prereq_name,
                               prereq_output), str(satisfied))
        if status == S.PREPARING and not _job_was_submitted(scheduler.run_dir,
                                                            itask):
            # killed between deciding to submit and submitting: do it again
            itask.state = S.WAITING
            itask.submit_num -= 1
        itask.is_late = (cycle, name) in late
        pool._add(itask)
        if itask.state in S.ACTIVE_STATES:
            pool.queues.task_became_active(itask)
            active.append(itask)
            deadline = timeouts.get((cycle, name))
            if deadline is not None:
                pool.task_timers.restore_timeout(itask, deadline)
    core.flow_nums_next = max(core.flow_nums_next, _last_flow(db) + 1)
    for point, name, output in _absolute_outputs(db, context):
        pool.absolute_outputs.add((point, name, output))
    for (point, name) in list(pool.history):
        pool.touched.pop((point, name), None)
    _skip_spawned_parentless(pool)
    scheduler.log.info(f'restart: {len(pool.tasks)} tasks restored,'
                       f' {len(active)} active jobs to poll')
    if active and getattr(scheduler, 'simulated_jobs', None) is not None:
        _resume_simulated_jobs(scheduler, db, active)
    elif active:
        import time

        core.effects.add(PollJobs(active))
        for itask in active:
            scheduler.jobs.arm_polls(itask, EXECUTION_POLLING, time.time())


def _resume_simulated_jobs(scheduler: Any, db: Any, tasks: list[Any]) -> None:
    """Simulated jobs leave nothing to poll: carry on with each simulated
    run for what remains of its run length after its submit time."""
    import asyncio
    import time
    from datetime import datetime

    submitted: dict[tuple[str, str, int], float] = {}
    for cycle, name, submit_num, text in db.fetch_all(
            'SELECT cycle, name, submit_num, time_submit FROM task_jobs'):
        try:
            submitted[(cycle, name, int(submit_num))] = \
                datetime.fromisoformat(str(text)).timestamp()
        except (TypeError, ValueError):
            continue
    simulated = scheduler.simulated_jobs
    loop = asyncio.get_running_loop()
    now = time.time()
    for itask in tasks:
        run = simulated.outcome(itask)
        itask.job = {'platform': 'localhost', 'runner': 'simulation'}
        began = submitted.get((str(itask.point), itask.name, itask.submit_num))
        elapsed = 0.0 if began is None else max(now - began, 0.0)
        delay = 0.0 if simulated.skip else max(run.duration - elapsed, 0.0)
        loop.call_later(delay, scheduler.post, simulated.report, itask,
                        itask.submit_num, list(run.messages))


def _last_flow(db: Any) -> int:
    """The highest flow number ever started (0 if none is recorded)."""
    value = db.select_workflow_flows_max_flow_num()
    try:
        return int(value) if value is not None else 0
    except (TypeError, ValueError):
        return 0


def _task_timers(db: Any) -> tuple[set[tuple[str, str]],
                                    dict[tuple[str, str], float]]:
    """Late flags and job timeout deadlines, by (cycle, name)."""
    late = {(cycle, name) for cycle, name, value in db.fetch_all(
        'SELECT cycle, name, value FROM task_late_flags') if value}
    timeouts: dict[tuple[str, str], float] = {}
    for cycle, name, timeout in db.fetch_all(
            'SELECT cycle, name, timeout FROM task_timeout_timers'):
        try:
            timeouts[(cycle, name)] = float(timeout)
        except (TypeError, ValueError):
            continue
    return late, timeouts


def _job_was_submitted(run_dir: Any, itask: Any) -> bool:
    """True if the job of the current submit reached its job runner."""
    status = (run_dir / 'log' / 'job' / str(itask.point) / itask.name
              / f'{itask.submit_num:02d}' / 'job.status')
    try:
        return 'CYLC_JOB_ID=' in status.read_text()
    except OSError:
        return False


def _absolute_outputs(db: Any, context: Any) -> list[tuple[Any, str, str]]:
    return [(context.point(cycle), name, output) for cycle, name, output in
            db.fetch_all('SELECT cycle, name, output FROM absolute_outputs')]


def _skip_spawned_parentless(pool: Any) -> None:
    """Move each parentless cursor past points already spawned or run."""
    for (name, index), point in list(pool._next_parentless.items()):
        sequence = next(seq for tdef, i, seq in pool._parentless_pairs
                        if tdef.name == name and i == index)
        while point is not None and (
            (point, name) in pool.tasks or (point, name) in pool.history
        ):
            point = sequence.get_next_point_on_sequence(point)
        if point is None or not pool._within_bounds(point):
            pool._next_parentless.pop((name, index), None)
        else:
            pool._next_parentless[(name, index)] = point
