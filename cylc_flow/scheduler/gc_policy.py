"""Keep the cyclic garbage collector's full passes from pausing the loop.

A scheduler holding 10,000 task proxies (and their data-store records) has
millions of container objects; CPython's automatic full collection walks
them all, pausing the event loop for hundreds of milliseconds several times
while a big workflow grows.  The scheduling core makes no reference cycles
(objects die by reference counting), so the objects that survive a turn are
moved to the collector's permanent generation every :data:`FREEZE_INTERVAL`
seconds (:func:`gc.freeze`, which costs nothing), and young objects are
collected as usual.  Cycles among frozen
objects (rare: tracebacks, cancelled asyncio tasks) are reclaimed by one full
pass at an idle moment every :data:`FULL_PASS_INTERVAL` seconds.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable

FULL_PASS_INTERVAL = 3600.0  # seconds between full collections (when idle)
FREEZE_INTERVAL = 0.2  # seconds between two freezes of the survivors


class CollectorPolicy:
    """Freeze each turn's survivors; a full collection now and then."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 interval: float = FULL_PASS_INTERVAL) -> None:
        self._clock = clock
        self._interval = interval
        self._last_full = clock()
        self._timer: asyncio.TimerHandle | None = None
        self.full_passes = 0

    def start(self, is_idle: Callable[[], bool]) -> None:
        """Start-up is done: collect its garbage and freeze what is left
        (the configuration lives as long as the run); then, on the running
        event loop, :meth:`tick` every :data:`FREEZE_INTERVAL` seconds."""
        self.full_pass()
        loop = asyncio.get_running_loop()

        def tick() -> None:
            self.tick(is_idle())
            self._timer = loop.call_later(FREEZE_INTERVAL, tick)

        self._timer = loop.call_later(FREEZE_INTERVAL, tick)

    def tick(self, idle: bool) -> None:
        """The survivors since the last tick join the frozen objects; a
        full pass instead if one is due and nothing is waiting."""
        if idle and self._clock() - self._last_full >= self._interval:
            self.full_pass()
        else:
            gc.freeze()

    def full_pass(self) -> None:
        """Collect every generation, frozen objects included, then freeze."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._last_full = self._clock()
        self.full_passes += 1

    def close(self) -> None:
        """Stop ticking; give the frozen objects back to the collector."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        gc.unfreeze()
