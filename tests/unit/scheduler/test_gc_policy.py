"""The collector policy freezes survivors each turn and runs a full pass
only when one is due and the scheduler is idle."""

from __future__ import annotations

import gc
import weakref

from cylc_flow.scheduler.gc_policy import CollectorPolicy


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_survivors_are_frozen_and_cycles_reclaimed_by_the_full_pass():
    clock = Clock()
    policy = CollectorPolicy(clock, interval=60.0)
    try:
        policy.full_pass()
        assert policy.full_passes == 1
        gc.unfreeze()
        kept = [[index] for index in range(1000)]
        frozen = gc.get_freeze_count()
        policy.tick(idle=True)  # not due yet: freeze only
        assert policy.full_passes == 1
        assert gc.get_freeze_count() >= frozen + len(kept)

        cycle = Node()
        alive = weakref.ref(cycle)
        policy.tick(idle=False)  # the cycle is frozen with the rest
        del cycle
        gc.collect()
        assert alive() is not None  # frozen: an ordinary pass leaves it

        clock.now = 61.0
        policy.tick(idle=False)  # due, but work is waiting
        assert policy.full_passes == 1
        policy.tick(idle=True)
        assert policy.full_passes == 2
        assert alive() is None  # the full pass reclaimed it
        assert kept[999] == [999]
    finally:
        policy.close()
    assert gc.get_freeze_count() == 0


def test_start_ticks_on_the_event_loop_until_closed():
    import asyncio

    from cylc_flow.scheduler import gc_policy

    async def run() -> int:
        policy = CollectorPolicy()
        policy.start(lambda: True)
        gc.unfreeze()
        before = gc.get_freeze_count()
        kept = [[index] for index in range(100)]
        await asyncio.sleep(gc_policy.FREEZE_INTERVAL * 2.5)
        frozen = gc.get_freeze_count() - before
        policy.close()
        assert kept
        return frozen

    assert asyncio.run(run()) >= 100
    assert gc.get_freeze_count() == 0
