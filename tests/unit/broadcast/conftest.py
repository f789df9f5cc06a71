"""A broadcast store over a small family tree with integer cycling."""

from __future__ import annotations

import pytest

from cylc_flow.broadcast import BroadcastStore
from cylc_flow.cycling.context import CyclingContext

# name -> inheritance order (itself first, root last)
ANCESTRY = {
    'root': ['root'],
    'FAM': ['FAM', 'root'],
    'SUB': ['SUB', 'FAM', 'root'],
    'foo': ['foo', 'SUB', 'FAM', 'root'],
    'bar': ['bar', 'FAM', 'root'],
    'baz': ['baz', 'root'],
}


def make_store(cycling: str = 'integer') -> BroadcastStore:
    context = (CyclingContext.integer() if cycling == 'integer'
               else CyclingContext.iso8601())
    return BroadcastStore(set(ANCESTRY), ANCESTRY.__getitem__, context.point)


@pytest.fixture
def store() -> BroadcastStore:
    return make_store()
