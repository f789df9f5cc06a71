"""Broadcasts: override ``[runtime]`` settings of a running workflow by cycle
point and namespace (``cylc broadcast``, the ``broadcast`` mutation).

:mod:`.store` holds the pure state, :mod:`.settings` parses and validates
settings, :mod:`.upgrade` upgrades Cylc 7 item names, :mod:`.runtime`
applies overrides to a task's settings, :mod:`.report` words the output
as Cylc 8 does, and :mod:`.scheduler_broadcasts` connects them to a running scheduler.
"""

from __future__ import annotations

from cylc_flow.broadcast.runtime import apply_overrides
from cylc_flow.broadcast.settings import BroadcastSettingError
from cylc_flow.broadcast.store import (
    ALL_POINTS,
    BroadcastChange,
    BroadcastResult,
    BroadcastStore,
)

__all__ = [
    'ALL_POINTS',
    'BroadcastChange',
    'BroadcastResult',
    'BroadcastSettingError',
    'BroadcastStore',
    'apply_overrides',
]
