"""``cylc play --start-task CYCLE/TASK``: start a new run from given tasks.

As in Cylc 8, the start tasks are spawned (flow 1) with their
prerequisites satisfied and the flow follows the graph on from them;
dependence on anything before the earliest start task's cycle point is
ignored (it becomes the start point), and a start task that is parentless
carries on spawning its own later instances.  No other parentless task
spawns: the run is the sub-graph downstream of the start tasks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cylc_flow.cycling import PointBase
from cylc_flow.exceptions import CyclingError, InputError


class StartTaskError(InputError):
    """A ``--start-task`` that names no task instance of the workflow."""


def check_start_tasks(
    config: Any, start_tasks: Iterable[tuple[Any, str]] | None
) -> list[tuple[Any, str]]:
    """The start tasks as (point, name), in order, without repeats; raise
    StartTaskError for an unknown task or a point off its sequences.

    Points may be given as cycle point objects or strings."""
    if not start_tasks:
        return []
    found: dict[tuple[Any, str], None] = {}
    for item in start_tasks:
        try:
            point, name = item
        except (TypeError, ValueError):
            raise StartTaskError(
                f'Invalid start task: {item!r} (expected CYCLE/TASK)') from None
        shown = f'{_shown(point)}/{_shown(name)}'
        point = _point(config, point, shown)
        tdef = config.taskdefs.get(name) if isinstance(name, str) else None
        if tdef is None:
            raise StartTaskError(
                f'Invalid start task {shown}: no task {_shown(name)} in the'
                ' graph')
        if not any(sequence.is_valid(point) for sequence in tdef.sequences):
            raise StartTaskError(
                f'Invalid start task {shown}: {name} does not run at cycle'
                f' point {point}')
        found[(point, name)] = None
    return list(found)


def _shown(text: Any) -> str:
    """Text for a one-line message (quoted if it would not read as one)."""
    text = str(text)
    return text if text.isprintable() and text == text.strip() else repr(text)


def _point(config: Any, point: Any, shown: str) -> Any:
    if isinstance(point, PointBase):
        return point
    try:
        return config.context.point(str(point))
    except (CyclingError, ValueError, TypeError):
        raise StartTaskError(
            f'Invalid start task {shown}: {_shown(point)} is not a valid cycle'
            ' point') from None
