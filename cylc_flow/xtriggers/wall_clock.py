"""The ``wall_clock`` xtrigger: real time past the cycle point plus an offset.

The scheduler evaluates clock xtriggers itself (they are quick), with
:func:`wall_clock_satisfied`; :func:`wall_clock` exists for its signature
(argument checking and documentation) and is never run out of process.
Clock xtriggers are sequential by default.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from metomi.isodatetime.data import (
    Duration,
    get_timepoint_from_seconds_since_unix_epoch,
)
from metomi.isodatetime.exceptions import IsodatetimeError
from metomi.isodatetime.parsers import DurationParser

from cylc_flow.exceptions import WorkflowConfigError


def wall_clock(offset: str = 'PT0S', sequential: bool = True) -> tuple[bool, dict]:
    """Trigger when the wall clock reaches the cycle point plus ``offset``.

    Args:
        offset: ISO 8601 duration after the cycle point (may be negative).
        sequential: clock xtriggers are sequential unless told otherwise.

    The scheduler evaluates this trigger with :func:`wall_clock_satisfied`
    because it needs the task's cycle point; calling it directly is an error.
    """
    raise RuntimeError(
        'wall_clock is evaluated by the scheduler: use wall_clock_satisfied()'
    )


@lru_cache(maxsize=256)
def _parse_offset(offset: str) -> Duration:
    return DurationParser().parse(offset)


def _offset_duration(offset: Any) -> Duration:
    if not isinstance(offset, str):
        raise WorkflowConfigError(f'Invalid offset: {offset}')
    try:
        return _parse_offset(offset.strip())
    except (IsodatetimeError, ValueError, TypeError):
        raise WorkflowConfigError(f'Invalid offset: {offset}') from None


def wall_clock_trigger_time(point_time_seconds: float, offset: str | float) -> float:
    """Seconds since the epoch when the clock trigger becomes satisfied.

    ``offset`` is seconds or an ISO 8601 duration; calendar units (years,
    months) are added on the calendar, not as fixed lengths.
    """
    if isinstance(offset, bool):
        raise WorkflowConfigError(f'Invalid offset: {offset}')
    if isinstance(offset, int | float):
        return point_time_seconds + offset
    duration = _offset_duration(offset)
    if not (duration.years or duration.months):
        return point_time_seconds + duration.get_seconds()
    whole = int(point_time_seconds)
    point = get_timepoint_from_seconds_since_unix_epoch(whole)
    shifted = point + duration
    return shifted.seconds_since_unix_epoch + (point_time_seconds - whole)


def wall_clock_satisfied(
    point_time_seconds: float, offset: str | float, now_seconds: float
) -> bool:
    """True once ``now`` is past the cycle point plus the offset."""
    return now_seconds > wall_clock_trigger_time(point_time_seconds, offset)


def validate(args: dict[str, Any]) -> None:
    """Check the declared arguments: the offset must be an ISO 8601 duration."""
    _offset_duration(args.get('offset'))
