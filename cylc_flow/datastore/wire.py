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

from cylc_flow.datastore.delta import Delta
from cylc_flow.exceptions import CylcError

TOPIC_DELTA = b'all'
TOPIC_SHUTDOWN = b'shutdown'
TOPICS = (TOPIC_DELTA, TOPIC_SHUTDOWN)
ENTIRE_WORKFLOW = 'pb_entire_workflow'

_encode = json.JSONEncoder(separators=(',', ':'), check_circular=False).encode
_decode = json.JSONDecoder().decode


class MessageError(CylcError):
    """A published message cannot be read."""


def encode_delta(delta: Delta) -> tuple[bytes, bytes]:
    """The topic and body of a delta message."""
    return TOPIC_DELTA, _encode(delta.to_dict()).encode()


def delta_pieces(delta: Delta, slice_size: int = 100) -> Iterator[str]:
    """The body of :func:`encode_delta` as text pieces (join them), encoded
    a slice of records at a time, so a caller can pause between pieces."""
    head = {'sequence': delta.sequence, 'checksum': delta.checksum}
    if delta.epoch is not None:
        head['epoch'] = delta.epoch
    yield _encode(head)[:-1]
    for name in ('added', 'updated', 'pruned'):
        section = getattr(delta, name)
        if not section:
            continue
        yield f',"{name}":{{'
        for index, (kind, items) in enumerate(section.items()):
            yield f'{"," if index else ""}{_encode(kind)}:['
            for start in range(0, len(items), slice_size):
                text = _encode(items[start:start + slice_size])[1:-1]
                yield f',{text}' if start else text
            yield ']'
        yield '}'
    yield '}'


def snapshot_pieces(snapshot: dict[str, Any], slice_size: int = 100
                    ) -> Iterator[str]:
    """A full-store snapshot as compact JSON text pieces (join them)."""
    head = {key: value for key, value in snapshot.items() if key != 'records'}
    yield _encode(head)[:-1] + ',"records":{'
    for index, (kind, items) in enumerate(snapshot['records'].items()):
        yield f'{"," if index else ""}{_encode(kind)}:['
        for start in range(0, len(items), slice_size):
            text = _encode(items[start:start + slice_size])[1:-1]
            yield f',{text}' if start else text
        yield ']'
    yield '}}'


def encode_shutdown(reason: str) -> tuple[bytes, bytes]:
    """The topic and body of the shutdown message."""
    return TOPIC_SHUTDOWN, _encode({'reason': reason}).encode()


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
