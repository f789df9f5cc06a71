"""The ZAP handler: which CURVE clients a scheduler's sockets accept.

ZeroMQ asks the handler (a REP socket on ``inproc://zeromq.zap.01`` in the
server's own context) about every new connection.  Only CURVE clients whose
public key is in ``.service/client_public_keys/`` get in; the reply's user
ID carries ``<scope>:<key name>``, which the request socket reads back from
each message's ``User-Id`` property.  Message-scope keys may not subscribe
to the publisher.  Every refusal is reported through ``on_refusal``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable

import zmq
import zmq.asyncio
from zmq.utils import z85

from cylc_flow.network.keys import MESSAGE, Grant, KeyPaths, load_authorized_keys

ZAP_ENDPOINT = 'inproc://zeromq.zap.01'
ZAP_VERSION = b'1.0'
REQUEST_DOMAIN = 'cylc-request'
PUBLISH_DOMAIN = 'cylc-publish'

LOG = logging.getLogger('cylc')


class KeyRing:
    """The accepted client public keys, re-read when their folder changes."""

    def __init__(self, keys: KeyPaths) -> None:
        self._run_dir = keys.run_dir
        self._directory = keys.client_public_dir
        self._stamp: float | None = None
        self._grants: dict[bytes, Grant] = {}
        self.reload()

    def _folder_stamp(self) -> float | None:
        try:
            return os.stat(self._directory).st_mtime_ns
        except OSError:
            return None

    def reload(self) -> None:
        """Read the accepted keys again."""
        self._stamp = self._folder_stamp()
        self._grants = load_authorized_keys(self._run_dir)

    def lookup(self, public_key: bytes) -> Grant | None:
        """The grant of a z85 public key (re-reading keys added since)."""
        grant = self._grants.get(public_key)
        if grant is None and self._folder_stamp() != self._stamp:
            self.reload()
            grant = self._grants.get(public_key)
        return grant


class ZapHandler:
    """Answers ZAP requests for every socket of one server context."""

    def __init__(
        self,
        context: zmq.asyncio.Context,
        keyring: KeyRing,
        on_refusal: Callable[[str], None],
    ) -> None:
        self._keyring = keyring
        self._on_refusal = on_refusal
        self._socket = context.socket(zmq.REP)
        self._socket.setsockopt(zmq.LINGER, 0)
        self._socket.bind(ZAP_ENDPOINT)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start answering (call from the server's event loop)."""
        self._task = asyncio.get_running_loop().create_task(self._serve())

    async def stop(self) -> None:
        """Stop answering and close the socket."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._socket.close(linger=0)

    async def _serve(self) -> None:
        while True:
            frames = await self._socket.recv_multipart()
            try:
                reply = self.answer(frames)
            except Exception:  # never let one bad request stop authentication
                LOG.exception('ZAP handler error')
                reply = [ZAP_VERSION, frames[1] if len(frames) > 1 else b'',
                         b'500', b'internal error', b'', b'']
            await self._socket.send_multipart(reply)

    def answer(self, frames: list[bytes]) -> list[bytes]:
        """The ZAP reply frames for one request."""
        if len(frames) < 6 or frames[0] != ZAP_VERSION:
            request_id = frames[1] if len(frames) > 1 else b''
            return [ZAP_VERSION, request_id, b'400', b'bad ZAP request', b'', b'']
        request_id, domain, address = frames[1], frames[2], frames[3]
        mechanism, credentials = frames[5], frames[6:]
        peer = address.decode(errors='replace') or 'unknown address'
        if mechanism != b'CURVE' or len(credentials) != 1:
            self._refuse(f'from {peer}: not a CURVE client')
            return [ZAP_VERSION, request_id, b'400', b'CURVE only', b'', b'']
        try:
            public_key = z85.encode(credentials[0])
        except ValueError:
            self._refuse(f'from {peer}: malformed CURVE key')
            return [ZAP_VERSION, request_id, b'400', b'bad key', b'', b'']
        grant = self._keyring.lookup(public_key)
        if grant is None:
            self._refuse(f'from {peer}: unknown CURVE key')
            return [ZAP_VERSION, request_id, b'400', b'unknown key', b'', b'']
        if domain.decode(errors='replace') == PUBLISH_DOMAIN and grant.scope == MESSAGE:
            self._refuse(f'from {peer}: key {grant.name} may not subscribe')
            return [ZAP_VERSION, request_id, b'400', b'not allowed', b'', b'']
        user_id = f'{grant.scope}:{grant.name}'.encode()
        return [ZAP_VERSION, request_id, b'200', b'OK', user_id, b'']

    def _refuse(self, detail: str) -> None:
        try:
            self._on_refusal(f'refused a connection {detail}')
        except Exception:
            LOG.exception('refusal callback failed')
