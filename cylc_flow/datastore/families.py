"""Family proxies: a family at a cycle point, summarising its children.

A family proxy exists while a task proxy in the window descends from it
along the first-parent tree.  Its ``state_totals`` count its direct children
(child task proxies by state, child family proxies by their summary state);
its summary state is the first state in :data:`STATE_PRIORITY` that any child
is in.  The ``is_*_total`` counts are over all descendant task proxies.
Every change walks up the first-parent chain only, so it costs the depth of
the family tree.
"""

from __future__ import annotations

from typing import Any

from cylc_flow.core.states import ALL_STATES

# Which child state a family shows (the most important first).
STATE_PRIORITY = ('submit-failed', 'failed', 'expired', 'running', 'submitted',
                  'preparing', 'waiting', 'succeeded')

FamilyKey = tuple[Any, str]  # (cycle point, family name)


class FamilyCounts:
    """The running counts behind one family proxy."""

    __slots__ = ('child_families', 'child_tasks', 'held', 'leaves', 'queued',
                 'runahead', 'state', 'states')

    def __init__(self) -> None:
        self.states: dict[str, int] = dict.fromkeys(ALL_STATES, 0)
        self.state: str | None = None
        self.child_tasks: set[str] = set()
        self.child_families: set[str] = set()
        self.leaves = 0
        self.held = 0
        self.queued = 0
        self.runahead = 0

    def summary_state(self) -> str | None:
        states = self.states
        for state in STATE_PRIORITY:
            if states[state]:
                return state
        return None


class FamilyTracker:
    """Family proxies of the window, updated one task proxy at a time.

    ``chains`` maps each task name to its first-parent families, nearest
    first (``('FAM', 'root')``).  Changed proxies collect in
    :attr:`changed` (state and totals) and :attr:`members_changed` (child
    lists); created and removed ones are found by comparing with
    :attr:`counts`.
    """

    def __init__(self, chains: dict[str, tuple[str, ...]],
                 family_parents: dict[str, str | None]) -> None:
        self.chains = chains
        self.family_parents = family_parents
        self.counts: dict[FamilyKey, FamilyCounts] = {}
        self.changed: set[FamilyKey] = set()
        self.members_changed: set[FamilyKey] = set()

    def _ensure(self, key: FamilyKey) -> FamilyCounts:
        counts = self.counts.get(key)
        if counts is None:
            counts = self.counts[key] = FamilyCounts()
            self.changed.add(key)
            self.members_changed.add(key)
            parent = self.family_parents.get(key[1])
            if parent is not None:
                parent_counts = self._ensure((key[0], parent))
                parent_counts.child_families.add(key[1])
                self.members_changed.add((key[0], parent))
        return counts

    def _child_state(self, key: FamilyKey, old: str | None, new: str | None
                     ) -> None:
        """A child of ``key`` went from state ``old`` to ``new`` (None: it
        did not exist / no longer exists); pass summary changes upwards."""
        while True:
            counts = self.counts[key]
            if old is not None:
                counts.states[old] -= 1
            if new is not None:
                counts.states[new] += 1
            self.changed.add(key)
            before = counts.state
            after = counts.summary_state()
            if before == after:
                return
            counts.state = after
            parent = self.family_parents.get(key[1])
            if parent is None:
                if after is None:
                    self._drop(key)
                return
            parent_key = (key[0], parent)
            if after is None:
                self._drop(key)
                self.counts[parent_key].child_families.discard(key[1])
                self.members_changed.add(parent_key)
            key, old, new = parent_key, before, after

    def _drop(self, key: FamilyKey) -> None:
        """Forget a family proxy with no children left (it stays in
        :attr:`changed` so the reader prunes its record)."""
        del self.counts[key]
        self.changed.add(key)

    def _flags(self, point: Any, name: str, sign: int, held: bool,
               queued: bool, runahead: bool, leaf: bool) -> None:
        for family in self.chains[name]:
            key = (point, family)
            counts = self.counts[key]
            counts.held += sign * held
            counts.queued += sign * queued
            counts.runahead += sign * runahead
            if leaf:
                counts.leaves += sign
            self.changed.add(key)

    # ---- task proxies ----------------------------------------------------
    def add_task(self, point: Any, name: str, task_id: str, state: str,
                 flags: tuple[bool, bool, bool]) -> None:
        chain = self.chains[name]
        if not chain:
            return
        key = (point, chain[0])
        counts = self._ensure(key)
        counts.child_tasks.add(task_id)
        self.members_changed.add(key)
        self._flags(point, name, 1, *flags, leaf=True)
        self._child_state(key, None, state)

    def update_task(self, point: Any, name: str, old_state: str,
                    new_state: str, old_flags: tuple[bool, bool, bool],
                    new_flags: tuple[bool, bool, bool]) -> None:
        chain = self.chains[name]
        if not chain:
            return
        if old_flags != new_flags:
            self._flags(point, name, -1, *old_flags, leaf=False)
            self._flags(point, name, 1, *new_flags, leaf=False)
        if old_state != new_state:
            self._child_state((point, chain[0]), old_state, new_state)

    def remove_task(self, point: Any, name: str, task_id: str, state: str,
                    flags: tuple[bool, bool, bool]) -> None:
        chain = self.chains[name]
        if not chain:
            return
        key = (point, chain[0])
        self._flags(point, name, -1, *flags, leaf=True)
        self.counts[key].child_tasks.discard(task_id)
        self.members_changed.add(key)
        self._child_state(key, state, None)
