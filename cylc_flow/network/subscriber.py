"""Follow a running workflow's data store: full store once, then deltas.

For the UI Server (hundreds of workflows in one asyncio process) and for
``cylc subscribe``::

    async with WorkflowSubscriber('flow/run1') as subscriber:
        async for update in subscriber:     # ends at the shutdown message
            ...subscriber.data.records...   # a DeltaApplier, kept current

    for update in follow('flow/run1'):      # the same, synchronously
        ...

Start-up: the SUB socket connects (CURVE, owner key from the workflow's
``.service``) and subscribes first, then the full store is requested
(``pb_entire_workflow``); deltas it already holds are skipped.  A skipped
sequence number, a checksum mismatch or a new store epoch makes the
subscriber re-fetch the full store and carry on.  Sockets are
``zmq.asyncio`` sockets in one shared context by default, so watching many
workflows costs no threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import zmq
import zmq.asyncio

from cylc_flow.datastore.subscriber import DeltaApplier, DeltaError
from cylc_flow.datastore.wire import (
    ENTIRE_WORKFLOW,
    TOPIC_DELTA,
    TOPIC_SHUTDOWN,
    TOPICS,
    MessageError,
    decode_body,
)
from cylc_flow.network import contact as contact_file
from cylc_flow.network.client_contact import (
    explain_timeout,
    scheduler_address,
    workflow_run_dir,
)
from cylc_flow.network.errors import ClientError, ServiceFileError
from cylc_flow.network.keys import OWNER, load_client_key
from cylc_flow.network.protocol import decode_reply, encode_request

DEFAULT_TIMEOUT = 30.0  # seconds for the full-store reply (it can be large)
HANDSHAKE_WAIT = 2.0  # seconds to wait for the SUB connection before fetching


@dataclass(slots=True)
class Update:
    """One message, after it was applied.

    ``topic``: ``all`` (a delta) or ``shutdown``; ``data``: the decoded
    body; ``applied``: the delta is now in :attr:`WorkflowSubscriber.data`
    (False for a repeat, or when a re-fetch replaced it); ``refetched``: the
    full store was fetched again because of this message (``reason`` says
    why).
    """

    topic: str
    data: dict[str, Any]
    applied: bool = False
    refetched: bool = False
    reason: str = ''


class WorkflowSubscriber:
    """A copy of one workflow's data store, kept up to date from its PUB."""

    def __init__(
        self,
        workflow_id: str,
        *,
        run_dir: str | os.PathLike[str] | None = None,
        context: zmq.asyncio.Context | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        verify: bool = True,
    ) -> None:
        self.workflow_id = workflow_id
        self.run_dir = os.fspath(run_dir) if run_dir else \
            workflow_run_dir(workflow_id)
        self.timeout = float(timeout)
        self.verify = verify
        self.contact, self.host, self.port = scheduler_address(
            workflow_id, self.run_dir, OWNER)
        try:
            self.publish_port = int(
                self.contact.get(contact_file.PUBLISH_PORT, ''))
        except ValueError:
            path = contact_file.contact_file_path(self.run_dir)
            raise ServiceFileError(
                f'{path}: no valid {contact_file.PUBLISH_PORT}') from None
        self.key = load_client_key(self.run_dir, OWNER)
        self._own_context = context is None
        self._context = context or zmq.asyncio.Context()
        self._sub: zmq.asyncio.Socket | None = None
        self._req: zmq.asyncio.Socket | None = None
        self.data: DeltaApplier | None = None
        self.deltas = 0  # deltas applied
        self.refetches = 0  # full-store fetches after the first
        self.stopped = False

    # ---- sockets ---------------------------------------------------------------
    def _secure(self, socket: zmq.asyncio.Socket) -> None:
        socket.setsockopt(zmq.LINGER, 0)
        socket.curve_secretkey = self.key.secret
        socket.curve_publickey = self.key.public
        socket.curve_serverkey = self.key.server_public

    async def start(self) -> None:
        """Subscribe, then fetch the full store."""
        if self._sub is not None:
            return
        socket = self._context.socket(zmq.SUB)
        self._secure(socket)
        socket.setsockopt(zmq.RCVHWM, 0)  # never drop: a gap costs a re-fetch
        for topic in TOPICS:
            socket.setsockopt(zmq.SUBSCRIBE, topic)
        monitor = socket.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED)
        try:
            socket.connect(f'tcp://{self.host}:{self.publish_port}')
            self._sub = socket
            # fetching before the connection is up would lose the first
            # deltas (and cost a re-fetch): wait a little for it
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(monitor.recv_multipart(), HANDSHAKE_WAIT)
        finally:
            with contextlib.suppress(zmq.ZMQError):
                socket.disable_monitor()
            monitor.close(linger=0)
        self.data = DeltaApplier(await self.entire_workflow(),
                                 verify=self.verify)

    async def request(self, command: str, args: dict[str, Any] | None = None,
                      timeout: float | None = None) -> Any:
        """One request to the scheduler's request socket (owner scope)."""
        if self._req is None:
            socket = self._context.socket(zmq.REQ)
            self._secure(socket)
            socket.connect(f'tcp://{self.host}:{self.port}')
            self._req = socket
        socket = self._req
        wait = self.timeout if timeout is None else timeout
        try:
            await asyncio.wait_for(
                socket.send(encode_request(command, args, {'prog': 'subscribe'})),
                wait)
            body = await asyncio.wait_for(socket.recv(), wait)
        except TimeoutError:
            self._req = None  # a REQ socket is unusable after a lost reply
            socket.close(linger=0)
            explain_timeout(self.workflow_id, self.run_dir, self.contact,
                            (self.host, self.port), OWNER, wait)
        ok, data = decode_reply(body)
        if not ok:
            raise ClientError(f'{self.workflow_id}: {data}')
        return data

    async def entire_workflow(self) -> dict[str, Any]:
        """The full store, in one reply."""
        data = await self.request(ENTIRE_WORKFLOW)
        if not isinstance(data, dict):
            raise ClientError(f'{self.workflow_id}: the full store reply'
                              ' is not an object')
        return data

    async def refetch(self) -> None:
        """Replace the copy with the scheduler's full store."""
        snapshot = await self.entire_workflow()
        if self.data is None:
            self.data = DeltaApplier(snapshot, verify=self.verify)
        else:
            self.data.reset(snapshot)
        self.refetches += 1

    def close(self) -> None:
        """Close the sockets (and the context if this subscriber made it)."""
        for socket in (self._sub, self._req):
            if socket is not None:
                socket.close(linger=0)
        self._sub = self._req = None
        if self._own_context:
            self._context.term()

    async def __aenter__(self) -> WorkflowSubscriber:
        try:
            await self.start()
        except BaseException:
            self.close()
            raise
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()

    # ---- messages --------------------------------------------------------------
    async def receive(self, timeout: float | None = None) -> Update:
        """Wait for the next message and apply it (``TimeoutError`` after
        ``timeout`` seconds if given)."""
        if self._sub is None or self.data is None:
            await self.start()
        assert self._sub is not None
        receiving = self._sub.recv_multipart()
        frames = await (receiving if timeout is None
                        else asyncio.wait_for(receiving, timeout))
        if len(frames) != 2:
            return Update('?', {}, reason='malformed message: expected 2 frames')
        return await self.handle(frames[0], frames[1])

    async def handle(self, topic: bytes, body: bytes) -> Update:
        """Apply one received message (re-fetching after a gap)."""
        name = topic.decode(errors='replace')
        try:
            data = decode_body(topic, body)
        except MessageError as exc:  # a lost delta: the next one shows a gap
            return Update(name, {}, reason=str(exc))
        if topic == TOPIC_SHUTDOWN:
            self.stopped = True
            return Update('shutdown', data)
        if topic != TOPIC_DELTA:
            return Update(name, data)
        applier = self.data
        assert applier is not None
        held = applier.sequence
        try:
            ok = applier.apply(data)
            reason = applier.reason
        except DeltaError as exc:
            ok, reason = False, str(exc)
        if ok:
            applied = applier.sequence != held
            self.deltas += applied
            return Update('all', data, applied=applied)
        await self.refetch()
        return Update('all', data, refetched=True, reason=reason)

    async def __aiter__(self) -> AsyncIterator[Update]:
        while not self.stopped:
            yield await self.receive()


def follow(workflow_id: str, **options: Any) -> Iterator[Update]:
    """Synchronous use: yield each update until the workflow shuts down.

    The first item is an ``Update('full', snapshot)`` of the store fetched
    at start.
    """
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        subscriber = WorkflowSubscriber(workflow_id, **options)
    except BaseException:
        asyncio.set_event_loop(None)
        loop.close()
        raise
    try:
        loop.run_until_complete(subscriber.start())
        assert subscriber.data is not None
        yield Update('full', subscriber.data.snapshot(), applied=True)
        while not subscriber.stopped:
            yield loop.run_until_complete(subscriber.receive())
    finally:
        subscriber.close()
        asyncio.set_event_loop(None)
        loop.close()
