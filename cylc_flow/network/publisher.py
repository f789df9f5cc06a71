"""The scheduler's PUB socket: data-store deltas for subscribers.

CURVE-secured like the request socket (same ZAP handler: owner keys only).
``publish`` never blocks: a subscriber too slow to keep up loses messages
past the high-water mark and re-fetches the full state when it sees a gap.
"""

from __future__ import annotations

import contextlib
from types import SimpleNamespace
from typing import Any

import zmq

from cylc_flow.datastore.steps import join_pieces
from cylc_flow.datastore.wire import (
    ENTIRE_WORKFLOW,
    TOPIC_DELTA,
    delta_pieces,
    encode_delta,
    encode_shutdown,
    snapshot_pieces,
)
from cylc_flow.network.ports import bind_in_range
from cylc_flow.network.zap import PUBLISH_DOMAIN

# how long closing waits to flush the last messages (the shutdown notice)
CLOSE_LINGER_MS = 300


class Publisher:
    """A bound PUB socket; ``publish(topic, payload)`` sends one message."""

    def __init__(
        self,
        context: zmq.Context,
        server_keys: tuple[bytes, bytes],
        *,
        host: str,
        port_range: tuple[int, int],
        high_water_mark: int = 10000,
    ) -> None:
        socket = context.socket(zmq.PUB)
        socket.setsockopt(zmq.LINGER, 0)
        socket.setsockopt(zmq.SNDHWM, high_water_mark)
        socket.curve_server = True
        socket.curve_publickey, socket.curve_secretkey = server_keys
        socket.zap_domain = PUBLISH_DOMAIN.encode()
        try:
            self.port = bind_in_range(socket, host, port_range)
        except BaseException:
            socket.close(linger=0)
            raise
        self._socket = socket

    def publish(self, topic: bytes, payload: bytes) -> None:
        """Send ``[topic, payload]`` to every subscriber of ``topic``."""
        # if nobody can take it now, drop it: subscribers re-fetch on a gap
        with contextlib.suppress(zmq.Again):
            self._socket.send_multipart([topic, payload], flags=zmq.NOBLOCK)

    def close(self, linger_ms: int = CLOSE_LINGER_MS) -> None:
        """Close the socket, giving queued messages ``linger_ms`` to go."""
        self._socket.close(linger=linger_ms)


def publish_delta(server: Any, delta: Any) -> None:
    """Publish a turn's delta (nothing if it is empty or there is no server)."""
    if server is not None and not delta.is_empty:
        server.publish(*encode_delta(delta))


async def publish_delta_async(server: Any, delta: Any) -> None:
    """:func:`publish_delta`, encoding a big delta in slices (serving
    requests between them)."""
    if server is None or delta.is_empty:
        return
    text = await join_pieces(delta_pieces(delta))
    server.publish(TOPIC_DELTA, text.encode())


def publish_shutdown(server: Any, store: Any, reason: str) -> None:
    """The workflow is stopping: a last delta (status ``stopped``) if the
    store exists, then the ``shutdown`` message."""
    if server is None:
        return
    if store is not None:
        store.set_status('stopped', reason)
        idle = SimpleNamespace(tasks={}, dirty={}, removed=())
        publish_delta(server, store.apply_turn(idle))
    server.publish(*encode_shutdown(reason))


def register_entire_workflow(server: Any, ensure_store: Any) -> None:
    """Serve ``pb_entire_workflow``: the whole store in one reply (owner
    scope).  ``await ensure_store()`` gives the store (built on first use)
    once no turn is part done; the reply is encoded a slice at a time from
    a snapshot taken then, serving other requests in between."""

    async def entire_workflow(args: dict[str, Any], meta: dict[str, Any]
                              ) -> Any:
        from cylc_flow.network.server import EncodedData

        store = await ensure_store()
        snapshot = store.snapshot()  # at once: no turn runs before it
        text = await join_pieces(snapshot_pieces(snapshot))
        return EncodedData(text.encode())

    server.register(ENTIRE_WORKFLOW, entire_workflow)
