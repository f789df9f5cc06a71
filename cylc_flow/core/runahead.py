"""The runahead limit: how far ahead of the oldest active cycle tasks may run."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def limit_point(
    base: Any,
    limit: tuple[str, Any],
    sequences: Iterable[Any],
) -> Any:
    """The last point that may run, given the runahead base point."""
    kind, value = limit
    if kind == 'interval':
        return base + value
    sequences = list(sequences)
    point = base
    for _ in range(value):
        following = [
            nxt for nxt in (seq.get_next_point(point) for seq in sequences)
            if nxt is not None
        ]
        if not following:
            break
        point = min(following)
    return point
