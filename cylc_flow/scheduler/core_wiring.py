"""Connect the pure core to the scheduler's settings and database.

Called once after the core is built: the task event timers learn the
global ``[task events]`` defaults and whether job timeouts apply (Cylc 8
does not check them in simulation mode), and the run history gets a
database lookup for task instances it has pruned.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cylc_flow.db.errors import DatabaseError

# Modes whose jobs are not real: no submission or execution timeouts.
_NO_JOB_TIMEOUTS = frozenset({'simulation', 'skip'})


def wire_core(scheduler: Any) -> None:
    """Configure the scheduler's core from its settings; attach lookups."""
    core = scheduler.core
    mode = str(getattr(scheduler.options, 'mode', None) or 'live')
    global_task_events = scheduler.global_config.get(['task events'])
    core.pool.task_timers.configure(
        global_task_events=global_task_events
        if isinstance(global_task_events, Mapping) else None,
        job_timeouts=mode not in _NO_JOB_TIMEOUTS,
    )
    core.pool.history.lookup = history_lookup(scheduler)


def history_lookup(scheduler: Any):
    """A function answering "which flows did ``point/name`` run in?" from
    the ``task_states`` table (None: it never ran, or the database cannot
    say; a failed read is logged, not raised)."""
    db = scheduler.db

    def lookup(point: Any, name: str) -> frozenset[int] | None:
        try:
            records = db.select_task_states_by_name_point(name, str(point))
        except DatabaseError as exc:
            scheduler.log.warning(f'run history of {point}/{name}: {exc}')
            return None
        if not records:
            return None
        return frozenset().union(*(record.flow_nums for record in records))

    return lookup
