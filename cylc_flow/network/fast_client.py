"""A pyzmq-free client for ``cylc message``: libzmq driven through ctypes.

Importing pyzmq costs more than the rest of ``cylc message`` together, so
jobs talk to the scheduler through the libzmq shared library that pyzmq
ships (``pyzmq.libs/libzmq-*.so``), or a system ``libzmq.so.5``, loaded
with :mod:`ctypes`.  The wire is exactly :class:`~.client.WorkflowClient`'s:
a REQ socket (``REQ_RELAXED`` + ``REQ_CORRELATE``, ``LINGER`` 0) with the
client's CURVE key pair and the server's public key, one JSON request per
call (:mod:`.protocol`'s format), and the same errors and timeout rules.

Where the library is (first found wins):

1. ``$CYLC_LIBZMQ`` (a path; when set, nothing else is tried);
2. ``pyzmq.libs/libzmq*`` in a site-packages directory (found without
   importing anything: ``sys.path``, the interpreter's prefix and its
   virtual environment, the directory that holds ``cylc_flow``);
3. ``libzmq.so.5`` / ``libzmq.so`` / ``libzmq.5.dylib`` on the loader's
   path (conda and system installs).

:func:`load_libzmq` raises :class:`FastClientUnavailable` when no library
with CURVE can be loaded; callers then use the pyzmq client.

The library loading, the socket and the JSON codec (``_json`` only: the
``json`` package imports ``re``) live in the self-contained job-side module
:mod:`cylc_flow.jobs.job_messenger`, which job scripts run on their own;
this module adds the client interface and errors of the pyzmq client.
"""

from __future__ import annotations

import os
import sys

from cylc_flow.jobs.job_messenger import (
    ENV_LIBZMQ,
    FastClientUnavailable,
    LibzmqSocket,
    decode_reply,
    encode_request,
    libzmq_candidates,
    load_libzmq,
)
from cylc_flow.network.client_contact import explain_timeout, scheduler_address
from cylc_flow.network.errors import (
    ClientError,
)
from cylc_flow.network.keys import OWNER, load_client_key

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    'ENV_LIBZMQ', 'FastClientUnavailable', 'FastWorkflowClient', 'decode_reply',
    'encode_request', 'libzmq_candidates', 'load_libzmq',
]
DEFAULT_TIMEOUT = 5.0  # seconds, as the pyzmq client


# -------------------------------------------------------------- client


class FastWorkflowClient:
    """:class:`~.client.WorkflowClient`'s interface and rules, over ctypes.

    Raises ``WorkflowStopped`` if there is no contact file (and, owner
    scope, ``ContactFileStale`` after removing a contact file whose local
    scheduler process has gone), and ``FastClientUnavailable`` if libzmq
    cannot be loaded.
    """

    def __init__(
        self,
        workflow_id: str,
        *,
        scope: str = OWNER,
        timeout: float = DEFAULT_TIMEOUT,
        run_dir: str,
        library: Any = None,
    ) -> None:
        self.workflow_id = workflow_id
        self.scope = scope
        self.timeout = float(timeout)
        self.run_dir = run_dir
        self._library = library if library is not None else load_libzmq()
        self.contact, self.host, self.port = scheduler_address(
            workflow_id, run_dir, scope)
        self.key = load_client_key(run_dir, scope)
        self._socket: LibzmqSocket | None = None
        self._meta = {
            'prog': os.path.basename(sys.argv[0]) if sys.argv else 'python',
            'comms_method': 'zmq',
        }

    def request(
        self, command: str, args: dict[str, Any] | None = None, *,
        timeout: float | None = None,
    ) -> Any:
        """Call a server method; return its data.

        Raises ``ClientError`` with the server's message on an error reply
        and ``ClientTimeout`` if no reply comes in time.
        """
        if self._socket is None:
            address = f'tcp://{self.host}:{self.port}'.encode()
            self._socket = LibzmqSocket(
                self._library, address,
                (self.key.public, self.key.secret, self.key.server_public))
        wait = self.timeout if timeout is None else float(timeout)
        reply = self._socket.exchange(encode_request(command, args, self._meta), wait)
        if reply is None:
            # as with pyzmq: a fresh socket for the next try
            self._socket.close()
            self._socket = None
            self._on_timeout(wait)
        ok, data = decode_reply(reply)
        if not ok:
            raise ClientError(f'{self.workflow_id}: {data}')
        return data

    def close(self) -> None:
        """Close the socket (the client can reconnect on the next request)."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def __enter__(self) -> FastWorkflowClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _on_timeout(self, wait: float) -> None:
        explain_timeout(self.workflow_id, self.run_dir, self.contact,
                        (self.host, self.port), self.scope, wait)
