"""The shell's side of push external triggers (``cylc ext-trigger``).

When an event satisfies a task's trigger, its ID is broadcast to the task's
cycle point (namespace ``root``) as ``$CYLC_EXT_TRIGGER_ID``, as Cylc 8
does, so every job of that cycle point can see which event started it.
"""

from __future__ import annotations

from typing import Any

from cylc_flow.core.ext_triggers import ENVIRONMENT_VARIABLE


def broadcast_trigger_ids(scheduler: Any) -> None:
    """Broadcast the IDs of the events the core matched this turn."""
    external = scheduler.core.ext_triggers
    matched = external.matched
    if not matched:
        return
    external.matched = []
    broadcasts = getattr(scheduler, 'broadcasts', None)
    if broadcasts is None:
        return
    for found in matched:
        broadcasts.put([str(found.task.point)], ['root'],
                       [{'environment': {ENVIRONMENT_VARIABLE: found.event_id}}])
