"""Deltas and the content checksum shared by the store and its subscribers.

A :class:`Delta` holds, per record type, the records added (whole), the
fields updated (the record ID plus only the fields that changed) and the IDs
pruned, with a sequence number that grows by one per delta, the checksum of
the whole store after applying it, and the store's *epoch* (a token that
changes whenever a store is built afresh, so a subscriber never mixes the
deltas of two stores).

The checksum is a sum (mod 2**64) of digests over the records' compact JSON.
Each record is digested in parts: the container fields that change often
(:data:`SEPARATE`: outputs, prerequisites, child lists...) each on its own
and every other field together, so a change costs the size of the parts it
touched, not the size of the record.  A few list fields (:data:`ELEMENTWISE`:
a task's prerequisites) are digested element by element, and an element
with a ``conditions`` list (which can number thousands) condition by
condition plus one part for its other keys, so replacing one condition costs
one condition, as a patch (:mod:`.patch`) sends it.  A subscriber in another
process computes the same number from the same JSON with the same code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from hashlib import blake2b
from typing import Any

from cylc_flow.datastore.records import (
    FAMILY_PROXIES,
    FIELDS,
    JOBS,
    TASK_PROXIES,
    WORKFLOW,
)

MASK = (1 << 64) - 1
#: Compact JSON text (the wire's and the digests' encoding).
compact_json = json.JSONEncoder(separators=(',', ':'),
                                check_circular=False).encode
CONDITIONS = 'conditions'  # an element's list digested per item

# Fields digested on their own, per record type (the rest go together).
SEPARATE: dict[str, tuple[str, ...]] = {
    WORKFLOW: ('latest_state_tasks', 'broadcasts', 'ns_def_order'),
    TASK_PROXIES: ('outputs', 'prerequisites', 'jobs', 'xtriggers'),
    FAMILY_PROXIES: ('child_tasks', 'child_families'),
    JOBS: ('messages',),
}
# list fields digested per element (the part is the sum over elements)
ELEMENTWISE: frozenset[tuple[str, str]] = frozenset({
    (TASK_PROXIES, 'prerequisites'),
})
# per type: the fields digested together, and each separate field's part
_REST: dict[str, tuple[str, ...]] = {
    kind: tuple(name for name in names if name not in SEPARATE.get(kind, ()))
    for kind, names in FIELDS.items()
}
_PART_INDEX: dict[str, dict[str, int]] = {
    kind: {name: index for index, name in enumerate(names, 1)}
    for kind, names in SEPARATE.items()
}


def _digest(text: str) -> int:
    return int.from_bytes(blake2b(text.encode(), digest_size=8).digest(),
                          'little')


def record_digest(kind: str, record_id: str, values: dict[str, Any]) -> int:
    """The digest of one record (stable across processes)."""
    return sum(_parts(kind, record_id, values)) & MASK


def _rest_part(kind: str, record_id: str, values: dict[str, Any]) -> int:
    get = values.get
    return _digest(f'{kind}\0{record_id}\0'
                   f'{compact_json([get(name) for name in _REST[kind]])}')


def _field_part(kind: str, record_id: str, name: str, value: Any) -> int:
    return _digest(f'{kind}\0{record_id}\0{name}\0{compact_json(value)}')


# One element of a list field: the element, the part of its keys other than
# CONDITIONS (of the whole element if it has no CONDITIONS list), the part
# of each condition (None: no CONDITIONS list) and the sum of those.
Element = tuple[Any, int, list[int] | None, int]
Elements = list[Element]


def _others(value: dict[str, Any]) -> dict[str, Any]:
    return {key: value[key] for key in sorted(value) if key != CONDITIONS}


def _element(head: str, value: Any, before: Element | None) -> Element:
    """The digest parts of one element (``head`` names it), reusing
    ``before``'s parts of what did not change."""
    conditions = value.get(CONDITIONS) if isinstance(value, dict) else None
    if not isinstance(conditions, list):
        whole = _digest(head + compact_json(value))
        return value, whole, None, 0
    if before is None or before[2] is None:
        digests = [_digest(f'{head}{position}\0{compact_json(condition)}')
                   for position, condition in enumerate(conditions)]
        others = _digest(f'{head}\0{compact_json(_others(value))}')
        return value, others, digests, sum(digests)
    old = before[0]
    others = _others(value)
    rest = before[1] if _others(old) == others else \
        _digest(f'{head}\0{compact_json(others)}')
    digests = before[2][:len(conditions)]
    total = before[3] - sum(before[2][len(conditions):])
    for position, (previous, condition) in enumerate(
            zip(old[CONDITIONS], conditions, strict=False)):
        if previous is not condition and previous != condition:
            part = _digest(f'{head}{position}\0{compact_json(condition)}')
            total += part - digests[position]
            digests[position] = part
    for position in range(len(digests), len(conditions)):
        part = _digest(f'{head}{position}\0{compact_json(conditions[position])}')
        digests.append(part)
        total += part
    return value, rest, digests, total


def _elements(kind: str, record_id: str, name: str, value: Any,
              before: Elements | None = None) -> Elements | None:
    """The element digests of a list field, reusing ``before``'s parts of
    what did not change; None if the value is not a list."""
    if not isinstance(value, list):
        return None
    held = before or []
    found = []
    for index, element in enumerate(value):
        previous = held[index] if index < len(held) else None
        if previous is not None and previous[0] is element:
            found.append(previous)
        else:
            found.append(_element(f'{kind}\0{record_id}\0{name}\0{index}\0',
                                  element, previous))
    return found


def _part_of(kind: str, record_id: str, name: str, value: Any,
             elements: Elements | None) -> int:
    if elements is None:
        return _field_part(kind, record_id, name, value)
    return sum(element[1] + element[3] for element in elements) & MASK


def _parts(kind: str, record_id: str, values: dict[str, Any],
           elements: dict[tuple[str, str, str], Elements] | None = None
           ) -> list[int]:
    parts = [_rest_part(kind, record_id, values)]
    get = values.get
    for name in SEPARATE.get(kind, ()):
        value = get(name)
        found = None
        if (kind, name) in ELEMENTWISE:
            found = _elements(kind, record_id, name, value)
            if elements is not None:
                key = (kind, record_id, name)
                if found is None:
                    elements.pop(key, None)
                else:
                    elements[key] = found
        parts.append(_part_of(kind, record_id, name, value, found))
    return parts


class ContentChecksum:
    """The digest parts of every record held, and their sum."""

    __slots__ = ('_elements', '_parts', 'value')

    def __init__(self) -> None:
        self._parts: dict[tuple[str, str], list[int]] = {}
        self._elements: dict[tuple[str, str, str], Elements] = {}
        self.value = 0

    def set_record(self, kind: str, record_id: str, values: dict[str, Any],
                   changed: Iterable[str] | None = None) -> None:
        """Note a record's content: new (``changed`` None) or with the
        fields named in ``changed`` replaced (``values`` is the whole
        record after the change)."""
        key = (kind, record_id)
        old = self._parts.get(key)
        if old is None or changed is None:
            parts = _parts(kind, record_id, values, self._elements)
            before = sum(old) if old is not None else 0
            self._parts[key] = parts
            self.value = (self.value + sum(parts) - before) & MASK
            return
        index = _PART_INDEX.get(kind, {})
        rest_changed = False
        total = self.value
        for name in changed:
            position = index.get(name)
            if position is None:
                rest_changed = rest_changed or name != 'id'
                continue
            value = values.get(name)
            elements = None
            if (kind, name) in ELEMENTWISE:
                element_key = (kind, record_id, name)
                elements = _elements(kind, record_id, name, value,
                                     self._elements.get(element_key))
                if elements is None:
                    self._elements.pop(element_key, None)
                else:
                    self._elements[element_key] = elements
            part = _part_of(kind, record_id, name, value, elements)
            total += part - old[position]
            old[position] = part
        if rest_changed:
            part = _rest_part(kind, record_id, values)
            total += part - old[0]
            old[0] = part
        self.value = total & MASK

    def drop(self, kind: str, record_id: str) -> None:
        """Forget a pruned record."""
        parts = self._parts.pop((kind, record_id), None)
        if parts is not None:
            for name in SEPARATE.get(kind, ()):
                if (kind, name) in ELEMENTWISE:
                    self._elements.pop((kind, record_id, name), None)
            self.value = (self.value - sum(parts)) & MASK

    def __len__(self) -> int:
        return len(self._parts)


SECTIONS = ('added', 'updated', 'pruned')  # a delta's parts, in order


@dataclass(slots=True)
class Delta:
    """What changed in one turn."""

    sequence: int
    checksum: int
    added: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    updated: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    pruned: dict[str, list[str]] = field(default_factory=dict)
    epoch: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.updated or self.pruned)

    def header(self) -> dict[str, Any]:
        """``sequence``, ``checksum`` and (if set) ``epoch``."""
        found: dict[str, Any] = {'sequence': self.sequence,
                                 'checksum': self.checksum}
        if self.epoch is not None:
            found['epoch'] = self.epoch
        return found

    def to_dict(self) -> dict[str, Any]:
        """A compact JSON-able form (empty sections left out)."""
        found = self.header()
        for name in SECTIONS:
            section = getattr(self, name)
            if section:
                found[name] = section
        return found

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Delta:
        epoch = data.get('epoch')
        return cls(int(data['sequence']), int(data['checksum']),
                   dict(data.get('added') or {}),
                   dict(data.get('updated') or {}),
                   dict(data.get('pruned') or {}),
                   None if epoch is None else str(epoch))

    def to_json(self) -> str:
        return compact_json(self.to_dict())
