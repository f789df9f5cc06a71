"""Run sliced data-store work on an event loop without blocking it long."""

from __future__ import annotations

import asyncio
from collections.abc import Generator
from typing import TypeVar

Result = TypeVar('Result')


async def run_steps(steps: Generator[None, None, Result]) -> Result:
    """Drive a generator that yields between slices of work; let the event
    loop run other callbacks (answer requests) at each yield."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
        await asyncio.sleep(0)
