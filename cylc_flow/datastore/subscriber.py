"""DeltaApplier: a subscriber's copy of a data store, kept by deltas.

It starts from a snapshot, applies deltas in sequence order, and notices
when it can no longer trust its copy: a sequence number was skipped (a lost
message) or the checksum after applying a delta differs from the store's.
Either way :attr:`DeltaApplier.needs_refetch` goes up and further deltas are
ignored until :meth:`DeltaApplier.reset` gives it a fresh snapshot.
"""

from __future__ import annotations

from typing import Any

from cylc_flow.datastore.delta import ContentChecksum, Delta
from cylc_flow.datastore.records import TYPES
from cylc_flow.exceptions import CylcError


class DeltaError(CylcError):
    """A snapshot or delta is malformed."""


class DeltaApplier:
    """Holds records as dicts (type -> id -> fields)."""

    def __init__(self, snapshot: dict[str, Any]) -> None:
        self.records: dict[str, dict[str, dict[str, Any]]] = {}
        self.sequence = 0
        self.needs_refetch = False
        self.reason = ''
        self._checksum = ContentChecksum()
        self.reset(snapshot)

    def reset(self, snapshot: dict[str, Any]) -> None:
        """Start again from a full snapshot."""
        try:
            sequence = int(snapshot['sequence'])
            found = snapshot['records']
            records = {kind: {item['id']: dict(item)
                              for item in found.get(kind, ())}
                       for kind in TYPES}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DeltaError(f'malformed data-store snapshot: {exc}') from None
        checksum = ContentChecksum()
        for kind, items in records.items():
            for record_id, values in items.items():
                checksum.set_record(kind, record_id, values)
        self.records = records
        self.sequence = sequence
        self._checksum = checksum
        self.needs_refetch = False
        self.reason = ''
        expected = snapshot.get('checksum')
        if expected is not None and int(expected) != checksum.value:
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
        if delta.sequence <= self.sequence:
            return True  # already held (a repeat)
        if delta.sequence != self.sequence + 1:
            return self._refetch(
                f'missed deltas {self.sequence + 1} to {delta.sequence - 1}')
        try:
            self._apply(delta)
        except (KeyError, TypeError, AttributeError) as exc:
            return self._refetch(f'delta {delta.sequence} does not apply: {exc}')
        self.sequence = delta.sequence
        if self._checksum.value != delta.checksum:
            return self._refetch(f'checksum mismatch after delta {delta.sequence}')
        return True

    def _apply(self, delta: Delta) -> None:
        checksum = self._checksum
        for kind, ids in delta.pruned.items():
            items = self.records[kind]
            for record_id in ids:
                if items.pop(record_id, None) is not None:
                    checksum.drop(kind, record_id)
        for kind, found in delta.added.items():
            items = self.records[kind]
            for values in found:
                record_id = values['id']
                if record_id in items:
                    checksum.drop(kind, record_id)
                items[record_id] = dict(values)
                checksum.set_record(kind, record_id, values)
        for kind, found in delta.updated.items():
            items = self.records[kind]
            for change in found:
                record_id = change['id']
                held = items[record_id]
                fields = {name: value for name, value in change.items()
                          if name != 'id'}
                held.update(fields)
                checksum.set_record(kind, record_id, held)

    def snapshot(self) -> dict[str, Any]:
        """What is held, in the shape of :meth:`DataStore.snapshot`."""
        return {
            'sequence': self.sequence,
            'checksum': self._checksum.value,
            'records': {kind: list(items.values())
                        for kind, items in self.records.items()},
        }
