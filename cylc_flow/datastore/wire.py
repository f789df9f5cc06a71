"""The data-store messages on the scheduler's PUB socket.

Each message has two frames: a topic and a UTF-8 JSON body.

* ``all``: one per scheduler turn that changed anything: a delta
  (:meth:`Delta.to_dict`: ``epoch``, ``sequence``, ``checksum`` and the
  ``added`` / ``updated`` / ``pruned`` sections by record type).
* ``shutdown``: the scheduler is stopping: ``{"reason": ...}``.

The full store (``pb_entire_workflow``, the name Cylc 8 gives that request)
is a snapshot: ``epoch``, ``sequence``, ``checksum`` and ``records`` by type.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from cylc_flow.datastore.delta import SECTIONS, Delta, compact_json
from cylc_flow.exceptions import CylcError

TOPIC_DELTA = b'all'
TOPIC_SHUTDOWN = b'shutdown'
TOPICS = (TOPIC_DELTA, TOPIC_SHUTDOWN)
ENTIRE_WORKFLOW = 'pb_entire_workflow'

_decode = json.JSONDecoder().decode


class MessageError(CylcError):
    """A published message cannot be read."""


def encode_delta(delta: Delta) -> tuple[bytes, bytes]:
    """The topic and body of a delta message."""
    return TOPIC_DELTA, ''.join(delta_pieces(delta)).encode()


def _section_pieces(name: str, section: dict[str, list[Any]],
                    slice_size: int) -> Iterator[str]:
    """``"name":{"kind":[item,...],...}``, a slice of items per piece."""
    yield f'{compact_json(name)}:{{'
    for index, (kind, items) in enumerate(section.items()):
        yield f'{"," if index else ""}{compact_json(kind)}:['
        for start in range(0, len(items), slice_size):
            text = compact_json(items[start:start + slice_size])[1:-1]
            yield f',{text}' if start else text
        yield ']'
    yield '}'


def delta_pieces(delta: Delta, slice_size: int = 100) -> Iterator[str]:
    """A delta's :meth:`~Delta.to_dict` as compact JSON text pieces (join
    them), a slice of records at a time, so a caller can pause between."""
    yield compact_json(delta.header())[:-1]
    for name in SECTIONS:
        section = getattr(delta, name)
        if section:
            yield ','
            yield from _section_pieces(name, section, slice_size)
    yield '}'


def snapshot_pieces(snapshot: dict[str, Any], slice_size: int = 100
                    ) -> Iterator[str]:
    """A full-store snapshot as compact JSON text pieces (join them)."""
    head = {key: value for key, value in snapshot.items() if key != 'records'}
    yield compact_json(head)[:-1] + ','
    yield from _section_pieces('records', snapshot['records'], slice_size)
    yield '}'


def encode_shutdown(reason: str) -> tuple[bytes, bytes]:
    """The topic and body of the shutdown message."""
    return TOPIC_SHUTDOWN, compact_json({'reason': reason}).encode()


def decode_body(topic: bytes, body: bytes) -> dict[str, Any]:
    """The JSON object of a message (``MessageError`` if malformed)."""
    try:
        data = _decode(body.decode('utf-8'))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise MessageError(
            f'malformed {topic.decode(errors="replace")!r} message:'
            ' not a JSON document') from None
    if not isinstance(data, dict):
        raise MessageError(
            f'malformed {topic.decode(errors="replace")!r} message:'
            ' not a JSON object')
    return data
