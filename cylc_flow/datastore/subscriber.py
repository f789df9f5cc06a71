"""DeltaApplier: a subscriber's copy of a data store, kept by deltas.

It starts from a snapshot, applies deltas in sequence order, and notices
when it can no longer trust its copy: a sequence number was skipped (a lost
message), a delta comes from another store (a different epoch: the store was
built afresh) or the checksum after applying a delta differs from the
store's.  ``verify=False`` skips the checksum (sequence and epoch are still
checked), saving the subscriber the cost of digesting what it receives.
Either way :attr:`DeltaApplier.needs_refetch` goes up and further deltas are
ignored until :meth:`DeltaApplier.reset` gives it a fresh snapshot.
"""

from __future__ import annotations

from typing import Any

from cylc_flow.datastore.delta import ContentChecksum, Delta
from cylc_flow.datastore.patch import PATCH_KEY, apply_patch
from cylc_flow.datastore.records import TYPES
from cylc_flow.exceptions import CylcError


class DeltaError(CylcError):
    """A snapshot or delta is malformed."""


class DeltaApplier:
    """Holds records as dicts (type -> id -> fields)."""

    def __init__(self, snapshot: dict[str, Any], *, verify: bool = True
                 ) -> None:
        self.records: dict[str, dict[str, dict[str, Any]]] = {}
        self.sequence = 0
        self.epoch: str | None = None
        self.verify = verify
        self.needs_refetch = False
        self.reason = ''
        self._checksum = ContentChecksum()
        self.reset(snapshot)

    def reset(self, snapshot: dict[str, Any]) -> None:
        """Start again from a full snapshot."""
        try:
            sequence = int(snapshot['sequence'])
            epoch = snapshot.get('epoch')
            found = snapshot['records']
            records = {kind: {item['id']: dict(item)
                              for item in found.get(kind, ())}
                       for kind in TYPES}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DeltaError(f'malformed data-store snapshot: {exc}') from None
        checksum = ContentChecksum()
        if self.verify:
            for kind, items in records.items():
                for record_id, values in items.items():
                    checksum.set_record(kind, record_id, values)
        self.records = records
        self.sequence = sequence
        self.epoch = None if epoch is None else str(epoch)
        self._checksum = checksum
        self.needs_refetch = False
        self.reason = ''
        expected = snapshot.get('checksum')
        if self.verify and expected is not None and \
                int(expected) != checksum.value:
            self._refetch('snapshot checksum mismatch')

    @property
    def checksum(self) -> int:
        return self._checksum.value

    def _refetch(self, reason: str) -> bool:
        self.needs_refetch = True
        self.reason = reason
        return False

    def apply(self, delta: Delta | dict[str, Any]) -> bool:
        """Apply the next delta; False if a re-fetch is now needed."""
        if self.needs_refetch:
            return False
        if isinstance(delta, dict):
            try:
                delta = Delta.from_dict(delta)
            except (KeyError, TypeError, ValueError) as exc:
                raise DeltaError(f'malformed data-store delta: {exc}') from None
        if delta.epoch is not None and self.epoch is not None and \
                delta.epoch != self.epoch:
            return self._refetch('the data store was rebuilt (new epoch)')
        if delta.sequence <= self.sequence:
            return True  # already held (a repeat)
        if delta.sequence != self.sequence + 1:
            return self._refetch(
                f'missed deltas {self.sequence + 1} to {delta.sequence - 1}')
        try:
            self._apply(delta)
        except (KeyError, TypeError, AttributeError, ValueError,
                IndexError) as exc:
            return self._refetch(f'delta {delta.sequence} does not apply: {exc}')
        self.sequence = delta.sequence
        if self.verify and self._checksum.value != delta.checksum:
            return self._refetch(f'checksum mismatch after delta {delta.sequence}')
        return True

    def _apply(self, delta: Delta) -> None:
        checksum = self._checksum if self.verify else None
        for kind, ids in delta.pruned.items():
            items = self.records[kind]
            for record_id in ids:
                if items.pop(record_id, None) is not None and \
                        checksum is not None:
                    checksum.drop(kind, record_id)
        for kind, found in delta.added.items():
            items = self.records[kind]
            for values in found:
                record_id = values['id']
                items[record_id] = dict(values)
                if checksum is not None:
                    checksum.set_record(kind, record_id, values)
        for kind, found in delta.updated.items():
            items = self.records[kind]
            for change in found:
                held = items[change['id']]
                patches = change.get(PATCH_KEY)
                if patches is not None:
                    change = {name: value for name, value in change.items()
                              if name != PATCH_KEY}
                    for name, patch in patches.items():
                        change[name] = apply_patch(kind, name, held[name],
                                                   patch)
                held.update(change)
                if checksum is not None:
                    checksum.set_record(kind, held['id'], held, change)

    def snapshot(self) -> dict[str, Any]:
        """What is held, in the shape of :meth:`DataStore.snapshot`."""
        return {
            'epoch': self.epoch,
            'sequence': self.sequence,
            'checksum': self._checksum.value,
            'records': {kind: list(items.values())
                        for kind, items in self.records.items()},
        }
