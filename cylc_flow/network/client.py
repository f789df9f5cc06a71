"""A synchronous client of a scheduler's request socket (plain zmq).

``WorkflowClient('flow/run1').request('ping')`` finds the contact file under
``~/cylc-run/<id>/.service/``, connects with the CURVE key of its scope and
returns the reply's data.  No asyncio, so short commands (``cylc message``)
start fast.
"""

from __future__ import annotations

import os
from typing import Any

import zmq

from cylc_flow.network.client_contact import (
    explain_timeout,
    request_meta,
    scheduler_address,
    workflow_run_dir,
)
from cylc_flow.network.errors import (
    ClientError,
)
from cylc_flow.network.keys import OWNER, load_client_key
from cylc_flow.network.protocol import decode_reply, encode_request

DEFAULT_TIMEOUT = 5.0  # seconds, as Cylc 8


class WorkflowClient:
    """Requests to one running scheduler, over CURVE-secured ZMQ.

    Args:
        workflow_id: the workflow (``name/runN``).
        scope: which client key to use: ``owner`` or ``message``.
        timeout: seconds to wait for each reply.
        run_dir: the run directory, if not the usual one for the ID.

    Raises ``WorkflowStopped`` if there is no contact file, and (owner scope)
    ``ContactFileStale`` after removing a contact file whose scheduler
    process has gone.
    """

    def __init__(
        self,
        workflow_id: str,
        *,
        scope: str = OWNER,
        timeout: float = DEFAULT_TIMEOUT,
        run_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.workflow_id = workflow_id
        self.scope = scope
        self.timeout = float(timeout)
        self.run_dir = os.fspath(run_dir) if run_dir else workflow_run_dir(workflow_id)
        self.contact, self.host, self.port = scheduler_address(
            workflow_id, self.run_dir, scope)
        self.key = load_client_key(self.run_dir, scope)
        self._context: zmq.Context | None = None
        self._socket: zmq.Socket | None = None
        self._meta = request_meta()

    # ------------------------------------------------------------ socket

    def _connect(self) -> zmq.Socket:
        if self._socket is not None:
            return self._socket
        if self._context is None:
            self._context = zmq.Context()
        socket = self._context.socket(zmq.REQ)
        socket.setsockopt(zmq.LINGER, 0)
        # after a timeout, the next request may be sent; late replies to
        # earlier requests are dropped
        socket.setsockopt(zmq.REQ_RELAXED, 1)
        socket.setsockopt(zmq.REQ_CORRELATE, 1)
        socket.curve_secretkey = self.key.secret
        socket.curve_publickey = self.key.public
        socket.curve_serverkey = self.key.server_public
        socket.connect(f'tcp://{self.host}:{self.port}')
        self._socket = socket
        return socket

    def close(self) -> None:
        """Close the socket (the client can reconnect on the next request)."""
        if self._socket is not None:
            self._socket.close(linger=0)
            self._socket = None
        if self._context is not None:
            self._context.term()
            self._context = None

    def __enter__(self) -> WorkflowClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ----------------------------------------------------------- request

    def request(
        self,
        command: str,
        args: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
        meta: dict[str, Any] | None = None,
    ) -> Any:
        """Call a server method; return its data.

        Raises ``ClientError`` with the server's message on an error reply
        and ``ClientTimeout`` if no reply comes in time.
        """
        socket = self._connect()
        body = encode_request(command, args, {**self._meta, **(meta or {})})
        socket.send(body)
        wait = self.timeout if timeout is None else float(timeout)
        if not socket.poll(int(wait * 1000), zmq.POLLIN):
            # a REQ socket cannot be reused safely after a lost reply
            self._socket = None
            socket.close(linger=0)
            self._on_timeout(wait)
        ok, data = decode_reply(socket.recv())
        if not ok:
            raise ClientError(f'{self.workflow_id}: {data}')
        return data

    __call__ = request

    def _on_timeout(self, wait: float) -> None:
        explain_timeout(self.workflow_id, self.run_dir, self.contact,
                        (self.host, self.port), self.scope, wait)
