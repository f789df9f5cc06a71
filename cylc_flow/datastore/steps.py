"""Run sliced data-store work on an event loop without blocking it long."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Generator, Iterable
from typing import TypeVar

Result = TypeVar('Result')

STEP_BUDGET = 0.02  # seconds of work between two chances to serve requests


def run_to_end(steps: Generator[None, None, Result]) -> Result:
    """Drive a sliced-work generator to completion at once."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


async def run_steps(steps: Generator[None, None, Result],
                    budget: float = STEP_BUDGET) -> Result:
    """Drive a generator that yields between small slices of work; let the
    event loop run other callbacks (answer requests) whenever ``budget``
    seconds of slices have run."""
    clock = time.perf_counter
    deadline = clock() + budget
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
        if clock() >= deadline:
            await asyncio.sleep(0)
            deadline = clock() + budget


async def join_pieces(pieces: Iterable[str], budget: float = STEP_BUDGET) -> str:
    """Join text encoded piece by piece, letting the event loop run other
    callbacks whenever ``budget`` seconds of encoding have run."""
    clock = time.perf_counter
    deadline = clock() + budget
    parts = []
    for piece in pieces:
        parts.append(piece)
        if clock() >= deadline:
            await asyncio.sleep(0)
            deadline = clock() + budget
    return ''.join(parts)
