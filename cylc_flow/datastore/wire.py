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
