"""The data model the UIs see, and its per-turn deltas (added / updated /
pruned).  Plain Python: no graphene, no I/O, no asyncio."""

from __future__ import annotations

from cylc_flow.datastore.delta import Delta
from cylc_flow.datastore.store import DataStore
from cylc_flow.datastore.subscriber import DeltaApplier

__all__ = ['DataStore', 'Delta', 'DeltaApplier']
