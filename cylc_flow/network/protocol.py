"""The request/reply wire format (Cylc 8's), shared by server and client.

A request is one UTF-8 JSON object::

    {"command": "put_messages", "args": {...}, "meta": {"prog": ..., ...}}

A reply is ``{"data": <result>}`` or ``{"error": {"message": "<one line>"}}``.
Replies never carry a traceback.  The server adds the caller's identity to
``meta`` (``scope`` and ``key``) after authentication, overriding anything
the client sent under those names.
"""

from __future__ import annotations

import json
from typing import Any

#: Requests larger than this get an error reply.
MAX_REQUEST_BYTES = 1 << 20

_ENCODER = json.JSONEncoder(separators=(',', ':'), ensure_ascii=False)
_DECODER = json.JSONDecoder()


class MalformedRequest(Exception):
    """A request that cannot be served (the text is the error reply)."""


def encode_request(command: str, args: dict[str, Any] | None,
                   meta: dict[str, Any] | None = None) -> bytes:
    """Serialise a request."""
    message = {'command': command, 'args': args or {}, 'meta': meta or {}}
    return _ENCODER.encode(message).encode()


def decode_request(body: bytes) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Parse a request into ``(command, args, meta)``.

    Raises ``MalformedRequest`` with the reply text for anything else.
    """
    try:
        message = _DECODER.decode(body.decode('utf-8'))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise MalformedRequest('malformed request: not a JSON document') from None
    if not isinstance(message, dict):
        raise MalformedRequest('malformed request: not a JSON object')
    command = message.get('command')
    args = message.get('args', {})
    meta = message.get('meta', {})
    if not isinstance(command, str) or not command:
        raise MalformedRequest('Request missing required field(s): "command"')
    if args is None:
        args = {}
    if not isinstance(args, dict):
        raise MalformedRequest('malformed request: "args" must be an object')
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise MalformedRequest('malformed request: "meta" must be an object')
    return command, args, meta


def encode_data(data: Any) -> bytes:
    """Serialise a success reply (``TypeError``/``ValueError`` if it cannot)."""
    return _ENCODER.encode({'data': data}).encode()


def encode_error(message: str) -> bytes:
    """Serialise an error reply."""
    return _ENCODER.encode({'error': {'message': message}}).encode()


def decode_reply(body: bytes) -> tuple[bool, Any]:
    """Parse a reply: ``(True, data)`` or ``(False, error message)``."""
    try:
        reply = _DECODER.decode(body.decode('utf-8'))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False, 'the server sent a reply that is not JSON'
    if not isinstance(reply, dict):
        return False, 'the server sent a reply that is not a JSON object'
    if 'data' in reply:
        return True, reply['data']
    error = reply.get('error')
    if isinstance(error, dict):
        error = error.get('message', error)
    if not error:
        return False, f'the server sent an invalid reply: {reply!r:.200}'
    return False, str(error)
