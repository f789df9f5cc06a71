"""The scheduler's PUB socket: data-store deltas for subscribers.

CURVE-secured like the request socket (same ZAP handler: owner keys only).
``publish`` never blocks: a subscriber too slow to keep up loses messages
past the high-water mark and re-fetches the full state when it sees a gap.
"""

from __future__ import annotations

import contextlib

import zmq

from cylc_flow.network.ports import bind_in_range
from cylc_flow.network.zap import PUBLISH_DOMAIN


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

    def close(self) -> None:
        """Close the socket."""
        self._socket.close(linger=0)
