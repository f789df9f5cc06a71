"""Deltas and the content checksum shared by the store and its subscribers.

A :class:`Delta` holds, per record type, the records added (whole), the
fields updated (the record ID plus only the fields that changed) and the IDs
pruned, with a sequence number that grows by one per delta and the checksum
of the whole store after applying it.

The checksum is a sum (mod 2**64) of one digest per record over its
compact JSON (fields in record order, which JSON keeps), so it can be kept
up to date record by record, and a subscriber in another process computes
the same number from the same JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from hashlib import blake2b
from typing import Any

MASK = (1 << 64) - 1
_encode = json.JSONEncoder(separators=(',', ':'), check_circular=False).encode


def record_digest(kind: str, record_id: str, values: dict[str, Any]) -> int:
    """The digest of one record (stable across processes)."""
    text = f'{kind}\0{record_id}\0{_encode(values)}'
    return int.from_bytes(
        blake2b(text.encode(), digest_size=8).digest(), 'little')


class ContentChecksum:
    """The digest of every record held, and their sum."""

    __slots__ = ('_digests', 'value')

    def __init__(self) -> None:
        self._digests: dict[tuple[str, str], int] = {}
        self.value = 0

    def set_record(self, kind: str, record_id: str,
                   values: dict[str, Any]) -> None:
        """Note a record's whole content (new or changed)."""
        key = (kind, record_id)
        digest = record_digest(kind, record_id, values)
        self.value = (self.value + digest - self._digests.get(key, 0)) & MASK
        self._digests[key] = digest

    def drop(self, kind: str, record_id: str) -> None:
        """Forget a pruned record."""
        digest = self._digests.pop((kind, record_id), None)
        if digest is not None:
            self.value = (self.value - digest) & MASK

    def __len__(self) -> int:
        return len(self._digests)


@dataclass(slots=True)
class Delta:
    """What changed in one turn."""

    sequence: int
    checksum: int
    added: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    updated: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    pruned: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.updated or self.pruned)

    def to_dict(self) -> dict[str, Any]:
        """A compact JSON-able form (empty sections left out)."""
        found: dict[str, Any] = {'sequence': self.sequence,
                                 'checksum': self.checksum}
        for name in ('added', 'updated', 'pruned'):
            section = getattr(self, name)
            if section:
                found[name] = section
        return found

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Delta:
        return cls(int(data['sequence']), int(data['checksum']),
                   dict(data.get('added') or {}),
                   dict(data.get('updated') or {}),
                   dict(data.get('pruned') or {}))

    def to_json(self) -> str:
        return _encode(self.to_dict())
