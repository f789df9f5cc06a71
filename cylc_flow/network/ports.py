"""Binding a server socket to a free port of the configured range."""

from __future__ import annotations

import random

import zmq

from cylc_flow.network.errors import ServerError

#: ``global.cylc[scheduler][run hosts]ports`` default: 43001 .. 43100.
DEFAULT_PORT_RANGE = (43001, 43101)


def candidate_ports(port_range: tuple[int, int]) -> list[int]:
    """The ports to try, in random order.

    ``port_range`` is ``(min, max)`` as global.cylc gives it: ``max`` is
    exclusive (as Cylc 8 reads it), and ``max <= min`` means just ``min``.
    """
    try:
        low, high = int(port_range[0]), int(port_range[1])
    except (TypeError, ValueError, IndexError):
        raise ServerError(f'bad port range: {port_range!r}') from None
    if not 0 < low < 65536:
        raise ServerError(f'bad port range: {port_range!r}')
    high = min(max(high, low + 1), 65536)
    ports = list(range(low, high))
    random.shuffle(ports)
    return ports


def bind_in_range(socket: zmq.Socket, host: str, port_range: tuple[int, int]) -> int:
    """Bind ``socket`` to ``tcp://host:<port>``; return the port."""
    ports = candidate_ports(port_range)
    last_error = 'no port in range'
    for port in ports:
        try:
            socket.bind(f'tcp://{host}:{port}')
        except zmq.ZMQError as exc:
            last_error = exc.strerror
            if exc.errno == zmq.EADDRINUSE:
                continue
            raise ServerError(
                f'cannot bind tcp://{host}:{port}: {exc.strerror}'
            ) from None
        return port
    raise ServerError(
        f'no free port in {ports and min(ports)}..{ports and max(ports)}'
        f' on {host} ({last_error})'
    )
