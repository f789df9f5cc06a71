"""The ``xrandom`` xtrigger: succeed at random (for testing xtriggers)."""

from __future__ import annotations

from random import randint, random
from time import sleep
from typing import Any

from cylc_flow.exceptions import WorkflowConfigError

COLORS = ('red', 'orange', 'yellow', 'green', 'blue', 'indigo', 'violet')
SIZES = ('tiny', 'small', 'medium', 'large', 'huge', 'humongous')


def xrandom(
    percent: float, secs: int = 0, _: Any = None
) -> tuple[bool, dict[str, str]]:
    """Sleep ``secs`` seconds, then succeed with ~``percent`` % likelihood.

    ``_`` is unused: it lets a user make calls unique (e.g. per cycle point).
    On success the results are a random ``COLOR`` and ``SIZE``; on failure
    they are empty.
    """
    sleep(float(secs))
    if not random() < float(percent) / 100:
        return False, {}
    return True, {
        'COLOR': COLORS[randint(0, len(COLORS) - 1)],
        'SIZE': SIZES[randint(0, len(SIZES) - 1)],
    }


def validate(args: dict[str, Any]) -> None:
    """percent: a number from 0 to 100; secs: a whole number of seconds >= 0."""
    percent = args.get('percent')
    if (
        isinstance(percent, bool)
        or not isinstance(percent, int | float)
        or not 0 <= percent <= 100
    ):
        raise WorkflowConfigError("'percent' should be a float between 0 and 100")
    secs = args.get('secs')
    if isinstance(secs, bool) or not isinstance(secs, int) or secs < 0:
        raise WorkflowConfigError("'secs' should be a non-negative integer")
