"""The scheduler's network server: a CURVE-secured ROUTER socket (+ PUB).

Usage (inside the scheduler's event loop)::

    server = WorkflowServer(ensure_keys(run_dir), port_range=(43001, 43101))
    server.register('put_messages', on_messages, scope='message')
    server.register('stop', on_stop)              # owner scope by default
    await server.start()                          # then write the contact file
    ...
    server.publish(b'delta', payload)
    await server.stop()

A handler is a plain or async callable ``(args, meta) -> result``; the result
must be JSON-serialisable.  Plain handlers run inline on the event loop and
must be quick (queue the work, return); pass ``blocking=True`` to run one in
a worker thread instead.  ``meta`` is the client's metadata plus ``scope``
and ``key`` (the authenticated key's scope and name).

Every request gets exactly one reply (see :mod:`.protocol`); malformed,
oversized, unknown or forbidden requests get an error reply and the server
carries on.  Unauthenticated peers get nothing and are reported through
``on_refusal`` (rate-limited).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import os
import time
from collections.abc import Callable
from typing import Any

import zmq
import zmq.asyncio
from zmq.utils.monitor import parse_monitor_message

from cylc_flow.exceptions import CylcError
from cylc_flow.network.keys import MESSAGE, OWNER, SCOPES, KeyPaths, load_server_key
from cylc_flow.network.ports import DEFAULT_PORT_RANGE, bind_in_range
from cylc_flow.network.protocol import (
    MAX_REQUEST_BYTES,
    MalformedRequest,
    decode_request,
    encode_data,
    encode_error,
)
from cylc_flow.network.publisher import Publisher
from cylc_flow.network.zap import REQUEST_DOMAIN, KeyRing, ZapHandler

LOG = logging.getLogger('cylc')

Handler = Callable[[dict[str, Any], dict[str, Any]], Any]

_HANDSHAKE_EVENTS = (
    zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL | zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL
)
_REFUSALS_PER_MINUTE = 20


class EncodedData:
    """A handler's result already encoded as JSON (``body``: UTF-8 bytes),
    sent as the reply's data as is."""

    __slots__ = ('body',)

    def __init__(self, body: bytes) -> None:
        self.body = body


class _Method:
    __slots__ = ('blocking', 'handler', 'scope')

    def __init__(self, handler: Handler, scope: str, blocking: bool) -> None:
        self.handler = handler
        self.scope = scope
        self.blocking = blocking


class _RefusalReporter:
    """Pass refusal lines on, at most a few a minute (then a count)."""

    def __init__(self, report: Callable[[str], None]) -> None:
        self._report = report
        self._window_start = 0.0
        self._count = 0
        self._suppressed = 0

    def __call__(self, text: str) -> None:
        now = time.monotonic()
        if now - self._window_start >= 60.0:
            if self._suppressed:
                self._report(f'{self._suppressed} more refused connections'
                             ' in the last minute were not logged')
            self._window_start, self._count, self._suppressed = now, 0, 0
        self._count += 1
        if self._count <= _REFUSALS_PER_MINUTE:
            self._report(text)
        else:
            self._suppressed += 1


def _log_refusal(text: str) -> None:
    LOG.warning(text)


class WorkflowServer:
    """Serves registered methods to authenticated clients; publishes deltas."""

    def __init__(
        self,
        keys: KeyPaths,
        *,
        port_range: tuple[int, int] = DEFAULT_PORT_RANGE,
        host: str = '*',
        max_request_bytes: int = MAX_REQUEST_BYTES,
        max_pending: int = 1000,
        on_refusal: Callable[[str], None] | None = None,
    ) -> None:
        self.keys = keys
        self.port_range = port_range
        self.host = host
        self.max_request_bytes = max_request_bytes
        self.max_pending = max_pending
        self._on_refusal = _RefusalReporter(on_refusal or _log_refusal)
        self._methods: dict[str, _Method] = {}
        self._pending: set[asyncio.Future[Any]] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._context: zmq.asyncio.Context | None = None
        self._router: zmq.asyncio.Socket | None = None
        self._monitor: zmq.asyncio.Socket | None = None
        self._zap: ZapHandler | None = None
        self._publisher: Publisher | None = None
        self.port: int | None = None
        self.publish_port: int | None = None

    # ------------------------------------------------------- registration

    def register(
        self, method: str, handler: Handler, scope: str = OWNER, *,
        blocking: bool = False,
    ) -> None:
        """Serve ``method`` with ``handler`` to clients of ``scope`` or wider.

        ``owner`` methods are for owner keys only; ``message`` methods are
        for both scopes.
        """
        if scope not in SCOPES:
            raise ValueError(f'unknown scope {scope!r}')
        self._methods[method] = _Method(handler, scope, blocking)

    # --------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Authenticate, bind both sockets and start serving."""
        server_keys = load_server_key(self.keys.run_dir)
        context = zmq.asyncio.Context()
        self._context = context
        try:
            self._zap = ZapHandler(context, KeyRing(self.keys), self._on_refusal)
            self._zap.start()
            router = context.socket(zmq.ROUTER)
            self._router = router
            router.setsockopt(zmq.LINGER, 0)
            # ZMQ drops the peer of anything far bigger than the limit
            router.setsockopt(zmq.MAXMSGSIZE, self.max_request_bytes * 4 + 65536)
            router.curve_server = True
            router.curve_publickey, router.curve_secretkey = server_keys
            router.zap_domain = REQUEST_DOMAIN.encode()
            self._monitor = router.get_monitor_socket(_HANDSHAKE_EVENTS)
            self.port = bind_in_range(router, self.host, self.port_range)
            self._publisher = Publisher(
                zmq.Context.shadow(context.underlying), server_keys,
                host=self.host, port_range=self.port_range,
            )
            self.publish_port = self._publisher.port
        except BaseException:
            await self.stop()
            raise
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._serve_requests()),
            loop.create_task(self._watch_handshakes()),
        ]

    async def stop(self) -> None:
        """Stop serving, close the sockets (idempotent)."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
        for future in list(self._pending):
            future.cancel()
        self._pending.clear()
        if self._publisher is not None:
            self._publisher.close()
            self._publisher = None
        if self._router is not None:
            if self._monitor is not None:
                with contextlib.suppress(zmq.ZMQError):
                    self._router.disable_monitor()
                self._monitor.close(linger=0)
                self._monitor = None
            self._router.close(linger=0)
            self._router = None
        if self._zap is not None:
            await self._zap.stop()
            self._zap = None
        if self._context is not None:
            self._context.term()
            self._context = None

    async def __aenter__(self) -> WorkflowServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def publish(self, topic: bytes, payload: bytes) -> None:
        """Publish one message (no-op before start or after stop)."""
        if self._publisher is not None:
            self._publisher.publish(topic, payload)

    # ----------------------------------------------------------- serving

    async def _serve_requests(self) -> None:
        router = self._router
        assert router is not None
        while True:
            frames = await router.recv_multipart(copy=False)
            try:
                self._dispatch(frames)
            except Exception:  # a bug here must not stop the server
                LOG.exception('error serving a request')

    def _dispatch(self, frames: list[zmq.Frame]) -> None:
        delimiter = next(
            (index for index, frame in enumerate(frames) if not frame.bytes), None
        )
        split = 1 if delimiter is None else delimiter + 1
        envelope = [frame.bytes for frame in frames[:split]]
        body = frames[split:]
        if len(body) != 1:
            self._send(envelope, encode_error('malformed request: expected one frame'))
            return
        frame = body[0]
        scope, _, key_name = (frame.get('User-Id') or '').partition(':')
        if scope not in SCOPES:
            return  # not authenticated (cannot happen with a ZAP handler)
        if len(frame) > self.max_request_bytes:
            self._send(envelope, encode_error(
                f'request too large: {len(frame)} bytes'
                f' (limit {self.max_request_bytes})'
            ))
            return
        try:
            command, args, meta = decode_request(frame.bytes)
        except MalformedRequest as exc:
            self._send(envelope, encode_error(str(exc)))
            return
        method = self._methods.get(command)
        if method is None:
            self._send(envelope, encode_error(f'No method by the name "{command}"'))
            return
        if method.scope == OWNER and scope == MESSAGE:
            self._on_refusal(
                f'refused {command} from key {key_name}: message-scope keys'
                ' may only send task messages'
            )
            self._send(envelope, encode_error(
                f'permission denied: {command} needs the workflow owner\'s key'
                ' (this key may only send task messages)'
            ))
            return
        if len(self._pending) >= self.max_pending:
            self._send(envelope, encode_error('server busy: try again later'))
            return
        meta['scope'] = scope
        meta['key'] = key_name
        if method.blocking:
            loop = asyncio.get_running_loop()
            future = loop.run_in_executor(None, method.handler, args, meta)
            self._track(self._finish(envelope, command, future))
            return
        try:
            result = method.handler(args, meta)
        except Exception as exc:
            self._send(envelope, self._error_reply(command, exc))
            return
        if inspect.isawaitable(result):
            self._track(self._finish(envelope, command, result))
        else:
            self._send(envelope, self._data_reply(command, result))

    def _track(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _finish(
        self, envelope: list[bytes], command: str, awaitable: Any
    ) -> None:
        try:
            result = await awaitable
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._send(envelope, self._error_reply(command, exc))
            return
        self._send(envelope, self._data_reply(command, result))

    @staticmethod
    def _error_reply(command: str, exc: Exception) -> bytes:
        if isinstance(exc, CylcError):
            return encode_error(str(exc).splitlines()[0] if str(exc) else
                                type(exc).__name__)
        LOG.error('%s request failed', command, exc_info=exc)
        return encode_error(f'{command}: internal error: {type(exc).__name__}: {exc}')

    @staticmethod
    def _data_reply(command: str, result: Any) -> bytes:
        if isinstance(result, EncodedData):
            return b'{"data":' + result.body + b'}'
        try:
            return encode_data(result)
        except (TypeError, ValueError, RecursionError) as exc:
            LOG.error('%s returned a result that is not JSON: %s', command, exc)
            return encode_error(f'{command}: internal error: result is not JSON')

    def _send(self, envelope: list[bytes], reply: bytes) -> None:
        router = self._router
        if router is None:
            return
        sent = router.send_multipart([*envelope, reply])
        if isinstance(sent, asyncio.Future):
            sent.add_done_callback(_check_sent)

    # -------------------------------------------------------- monitoring

    async def _watch_handshakes(self) -> None:
        monitor = self._monitor
        assert monitor is not None
        while True:
            frames = await monitor.recv_multipart()
            try:
                event = parse_monitor_message(frames)
            except Exception:
                continue
            value = event['value']
            if event['event'] == zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL:
                detail = f'handshake failed ({os.strerror(value)})'
            elif value == zmq.PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH:
                detail = 'not a CURVE client'
            elif value == zmq.PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC:
                detail = 'CURVE handshake failed (wrong server key?)'
            else:
                detail = f'handshake failed (ZMTP protocol error {value:#x})'
            self._on_refusal(f'refused a connection on port {self.port}: {detail}')


def _check_sent(future: asyncio.Future[Any]) -> None:
    if future.cancelled():
        return
    error = future.exception()
    if error is not None:
        LOG.warning('could not send a reply: %s', error)

