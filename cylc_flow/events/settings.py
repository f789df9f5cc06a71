"""Layered lookup of event settings (first layer with a non-None value wins).

Task events read, in order (as Cylc 8): a broadcast ``[events]``, the
task's ``[mail]`` and ``[events]``, the workflow's ``[scheduler][mail]``,
then global.cylc ``[scheduler][mail]`` and ``[task events]``.  Workflow
events read ``[scheduler][events]``, ``[scheduler][mail]`` of flow.cylc,
then the same sections of global.cylc.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Layer = Mapping[str, Any] | None


class EventSettings:
    """Event settings resolved through an ordered list of config sections."""

    __slots__ = ('_layers',)

    def __init__(self, *layers: Layer) -> None:
        self._layers = tuple(
            layer for layer in layers if isinstance(layer, Mapping)
        )

    def get(self, key: str, default: Any = None) -> Any:
        """The first value for ``key`` that is not None, else ``default``."""
        for layer in self._layers:
            value = layer.get(key)
            if value is not None:
                return value
        return default

    def get_list(self, key: str) -> list:
        """A list-valued setting (a lone string counts as one item)."""
        value = self.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        try:
            return list(value)
        except TypeError:
            return [value]


def task_event_settings(
    *,
    broadcast_events: Layer = None,
    task_mail: Layer = None,
    task_events: Layer = None,
    workflow_mail: Layer = None,
    global_mail: Layer = None,
    global_task_events: Layer = None,
) -> EventSettings:
    """Settings for one task's events, in Cylc 8's precedence order."""
    return EventSettings(
        broadcast_events,
        task_mail,
        task_events,
        workflow_mail,
        global_mail,
        global_task_events,
    )


def workflow_event_settings(
    *,
    workflow_events: Layer = None,
    workflow_mail: Layer = None,
    global_events: Layer = None,
    global_mail: Layer = None,
) -> EventSettings:
    """Settings for workflow events, in Cylc 8's precedence order."""
    return EventSettings(workflow_events, workflow_mail, global_events, global_mail)
