"""The workflow status and status message the data store shows (Cylc 8's
``status`` / ``statusMsg``: running, paused, stopping; stopped at the end)."""

from __future__ import annotations

from typing import Any

RUNNING = 'running'
PAUSED = 'paused'
STOPPING = 'stopping'
STOPPED = 'stopped'

# what each stop mode waits for (the "Stopping: ..." message)
STOP_EXPLANATIONS = {
    'clean': 'Regular shutdown: wait for active jobs to complete',
    'kill': 'Kill shutdown: kill active jobs, then shut down',
    'now': 'Immediate shutdown: do not wait for active jobs',
    'nownow': 'Immediate shutdown: do not wait for active jobs or event'
               ' handlers',
}


def workflow_status(scheduler: Any) -> tuple[str, str]:
    """``(status, status message)`` of a running scheduler."""
    core = getattr(scheduler, 'core', None)
    if core is None:
        return RUNNING, 'Running'
    if core.paused:
        return PAUSED, 'Paused'
    stop_mode = core.stop_mode
    if stop_mode is not None or getattr(scheduler, 'shutdown', None) is not None:
        explained = STOP_EXPLANATIONS.get(str(stop_mode), '')
        return STOPPING, f'Stopping: {explained}' if explained else 'Stopping'
    pool = core.pool
    hold_point = getattr(pool, 'hold_point', None)
    if hold_point is not None:
        return RUNNING, f'Running to hold at {hold_point}'
    stop_point = getattr(pool, 'stop_point', None)
    if stop_point is not None:
        return RUNNING, f'Running to stop at {stop_point}'
    stop_task = getattr(pool, 'stop_task', None)
    if stop_task:
        return RUNNING, f'Running to stop at {stop_task[0]}/{stop_task[1]}'
    final_point = getattr(getattr(scheduler, 'config', None), 'final_point', None)
    if final_point is not None:
        return RUNNING, f'Running to stop at {final_point}'
    return RUNNING, 'Running'
