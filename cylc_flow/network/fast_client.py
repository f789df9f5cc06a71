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

The JSON codec here uses only the C accelerator module ``_json`` (the
``json`` package imports ``re``, a large share of a short command's
start-up); it falls back to ``json`` where ``_json`` is missing.
"""

from __future__ import annotations

import errno
import os
import sys
import time

from cylc_flow.network import contact as contact_file
from cylc_flow.network.errors import (
    ClientError,
    ClientTimeout,
    ContactFileMissing,
    ContactFileStale,
    WorkflowStopped,
)
from cylc_flow.network.keys import OWNER, load_client_key

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ENV_LIBZMQ = 'CYLC_LIBZMQ'
DEFAULT_TIMEOUT = 5.0  # seconds, as the pyzmq client

# libzmq constants (zmq.h; stable across libzmq 4.x)
_ZMQ_REQ = 3
_ZMQ_LINGER = 17
_ZMQ_RCVTIMEO = 27
_ZMQ_SNDTIMEO = 28
_ZMQ_CURVE_PUBLICKEY = 48
_ZMQ_CURVE_SECRETKEY = 49
_ZMQ_CURVE_SERVERKEY = 50
_ZMQ_REQ_CORRELATE = 52
_ZMQ_REQ_RELAXED = 53
_ZMQ_MSG_T_SIZE = 64

_SYSTEM_NAMES = ('libzmq.so.5', 'libzmq.so', 'libzmq.5.dylib', 'libzmq.dylib')

_library: Any = None


class FastClientUnavailable(Exception):
    """libzmq (with CURVE) cannot be loaded: use the pyzmq client."""


# ------------------------------------------------------------- library


def _site_directories() -> list[str]:
    """Where pyzmq may be installed, without running ``site``."""
    version = f'python{sys.version_info[0]}.{sys.version_info[1]}'
    directories = [entry for entry in sys.path if entry]
    package_parent = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    directories.append(package_parent)
    # the virtual environment of this interpreter (``-S`` leaves
    # sys.prefix at the base installation), then the base installation
    environment = os.path.dirname(os.path.dirname(os.path.abspath(sys.executable)))
    for prefix in (environment, sys.prefix, sys.base_prefix):
        directories.append(os.path.join(prefix, 'lib', version, 'site-packages'))
    return list(dict.fromkeys(directories))


def libzmq_candidates() -> list[str]:
    """Paths and names to try loading libzmq from, best first."""
    configured = os.environ.get(ENV_LIBZMQ)
    if configured:
        return [configured]  # as configured, or not at all
    candidates: list[str] = []
    for directory in _site_directories():
        libs = os.path.join(directory, 'pyzmq.libs')
        try:
            names = os.listdir(libs)
        except OSError:
            continue
        candidates.extend(
            os.path.join(libs, name) for name in sorted(names)
            if name.startswith('libzmq')
        )
    for prefix in (sys.prefix, os.path.dirname(os.path.dirname(sys.executable))):
        candidates.extend(os.path.join(prefix, 'lib', name) for name in _SYSTEM_NAMES)
    candidates.extend(_SYSTEM_NAMES)
    return list(dict.fromkeys(candidates))


def load_libzmq(candidates: list[str] | None = None) -> Any:
    """The loaded libzmq (cached); ``FastClientUnavailable`` if none works."""
    global _library
    if _library is not None and candidates is None:
        return _library
    try:
        import ctypes
    except ImportError as exc:  # an interpreter built without ctypes
        raise FastClientUnavailable(f'no ctypes: {exc}') from None
    problems = []
    for candidate in libzmq_candidates() if candidates is None else candidates:
        if os.sep in candidate and not os.path.exists(candidate):
            continue
        try:
            library = ctypes.CDLL(candidate)
            _declare(ctypes, library)
        except (OSError, AttributeError) as exc:
            problems.append(f'{candidate}: {exc}')
            continue
        if not library.zmq_has(b'curve'):
            problems.append(f'{candidate}: built without CURVE')
            continue
        if candidates is None:
            _library = library
        return library
    raise FastClientUnavailable(
        'cannot load libzmq with CURVE'
        + (f' ({"; ".join(problems)})' if problems else '')
    )


def _declare(ctypes: Any, library: Any) -> None:
    """Argument and result types of the functions used (64-bit safe)."""
    pointer, integer, size = ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t
    for name, result, arguments in (
        ('zmq_ctx_new', pointer, ()),
        ('zmq_ctx_term', integer, (pointer,)),
        ('zmq_socket', pointer, (pointer, integer)),
        ('zmq_close', integer, (pointer,)),
        ('zmq_setsockopt', integer, (pointer, integer, pointer, size)),
        ('zmq_connect', integer, (pointer, ctypes.c_char_p)),
        ('zmq_send', integer, (pointer, ctypes.c_char_p, size, integer)),
        ('zmq_msg_init', integer, (pointer,)),
        ('zmq_msg_recv', integer, (pointer, pointer, integer)),
        ('zmq_msg_data', pointer, (pointer,)),
        ('zmq_msg_size', size, (pointer,)),
        ('zmq_msg_close', integer, (pointer,)),
        ('zmq_errno', integer, ()),
        ('zmq_strerror', ctypes.c_char_p, (integer,)),
        ('zmq_has', integer, (ctypes.c_char_p,)),
    ):
        function = getattr(library, name)
        function.restype = result
        function.argtypes = arguments


# ---------------------------------------------------------------- JSON


def _json_codec() -> tuple[Any, Any]:
    """``(encode_string, scan)`` from ``_json``, or None, None."""
    try:
        import _json
    except ImportError:
        return None, None

    class _Context:
        strict = True
        object_hook = None
        object_pairs_hook = None
        parse_float = float
        parse_int = int
        parse_constant = float  # NaN, Infinity, -Infinity

    return _json.encode_basestring, _json.make_scanner(_Context())


_ENCODE_STRING, _SCAN = _json_codec()
_INFINITY = float('inf')


def _encode(value: Any, parts: list[str]) -> None:
    if isinstance(value, str):
        parts.append(_ENCODE_STRING(value))
    elif value is None:
        parts.append('null')
    elif value is True:
        parts.append('true')
    elif value is False:
        parts.append('false')
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        if value != value or value in (_INFINITY, -_INFINITY):
            raise TypeError('NaN or infinity')  # json's spelling is used
        parts.append(float.__repr__(value))
    elif isinstance(value, dict):
        parts.append('{')
        for index, (key, item) in enumerate(value.items()):
            if index:
                parts.append(',')
            if not isinstance(key, str):
                raise TypeError('a key that is not a string')
            parts.append(_ENCODE_STRING(key))
            parts.append(':')
            _encode(item, parts)
        parts.append('}')
    elif isinstance(value, (list, tuple)):
        parts.append('[')
        for index, item in enumerate(value):
            if index:
                parts.append(',')
            _encode(item, parts)
        parts.append(']')
    else:
        raise TypeError(f'not JSON serialisable: {type(value).__name__}')


def encode_request(command: str, args: dict[str, Any] | None,
                   meta: dict[str, Any] | None = None) -> bytes:
    """A request in :mod:`.protocol`'s format (the same JSON document).

    Values the small encoder does not handle (non-string keys, NaN) go
    through :mod:`json`, as does everything where ``_json`` is missing.
    """
    message = {'command': command, 'args': args or {}, 'meta': meta or {}}
    if _ENCODE_STRING is not None:
        parts: list[str] = []
        try:
            _encode(message, parts)
        except TypeError:
            pass
        else:
            return ''.join(parts).encode()
    from cylc_flow.network import protocol

    return protocol.encode_request(command, args, meta)


def decode_reply(body: bytes) -> tuple[bool, Any]:
    """Parse a reply: ``(True, data)`` or ``(False, error message)``."""
    if _SCAN is None:
        from cylc_flow.network import protocol
        return protocol.decode_reply(body)
    try:
        text = body.decode('utf-8').strip(' \t\n\r')
        reply, end = _SCAN(text, 0)
    except (UnicodeDecodeError, StopIteration, ValueError, RecursionError):
        return False, 'the server sent a reply that is not JSON'
    if end != len(text):
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


# -------------------------------------------------------------- socket


class _Socket:
    """One REQ socket in its own context (closed after a timeout)."""

    def __init__(self, library: Any, address: bytes, key: Any) -> None:
        import ctypes

        self._ctypes: Any = ctypes
        self._library = library
        self._context = library.zmq_ctx_new()
        if not self._context:
            raise OSError(self._error('zmq_ctx_new'))
        self._socket = library.zmq_socket(self._context, _ZMQ_REQ)
        if not self._socket:
            library.zmq_ctx_term(self._context)
            raise OSError(self._error('zmq_socket'))
        try:
            self._option_int(_ZMQ_LINGER, 0)
            self._option_int(_ZMQ_REQ_RELAXED, 1)
            self._option_int(_ZMQ_REQ_CORRELATE, 1)
            self._option_bytes(_ZMQ_CURVE_SECRETKEY, key.secret)
            self._option_bytes(_ZMQ_CURVE_PUBLICKEY, key.public)
            self._option_bytes(_ZMQ_CURVE_SERVERKEY, key.server_public)
            if library.zmq_connect(self._socket, address) != 0:
                raise OSError(self._error(f'connect {address.decode()}'))
        except BaseException:
            self.close()
            raise

    def _error(self, what: str) -> str:
        number = self._library.zmq_errno()
        reason = self._library.zmq_strerror(number) or b'error'
        return f'{what}: {reason.decode(errors="replace")}'

    def _option_int(self, option: int, value: int) -> None:
        number = self._ctypes.c_int(value)
        if self._library.zmq_setsockopt(
            self._socket, option, self._ctypes.byref(number), 4
        ) != 0:
            raise OSError(self._error(f'zmq_setsockopt {option}'))

    def _option_bytes(self, option: int, value: bytes) -> None:
        # Z85 text (40 characters) plus its terminating NUL, as libzmq expects
        buffer = self._ctypes.create_string_buffer(value)
        if self._library.zmq_setsockopt(
            self._socket, option, buffer, len(value) + 1
        ) != 0:
            raise OSError(self._error('CURVE key'))

    def exchange(self, body: bytes, timeout: float) -> bytes | None:
        """Send one request; its reply, or None if none came in time."""
        library = self._library
        milliseconds = max(1, int(timeout * 1000))
        self._option_int(_ZMQ_SNDTIMEO, milliseconds)
        if library.zmq_send(self._socket, body, len(body), 0) < 0:
            if library.zmq_errno() == errno.EAGAIN:
                return None
            raise OSError(self._error('zmq_send'))
        deadline = time.monotonic() + timeout
        message = (self._ctypes.c_uint64 * (_ZMQ_MSG_T_SIZE // 8))()
        library.zmq_msg_init(message)
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._option_int(_ZMQ_RCVTIMEO, max(1, int(remaining * 1000)))
                if library.zmq_msg_recv(message, self._socket, 0) >= 0:
                    size = library.zmq_msg_size(message)
                    return self._ctypes.string_at(library.zmq_msg_data(message), size)
                number = library.zmq_errno()
                if number == errno.EAGAIN:
                    return None
                if number != errno.EINTR:
                    raise OSError(self._error('zmq_msg_recv'))
        finally:
            library.zmq_msg_close(message)

    def close(self) -> None:
        """Close the socket and its context (LINGER is 0: no wait)."""
        if self._socket:
            self._library.zmq_close(self._socket)
            self._socket = None
        if self._context:
            self._library.zmq_ctx_term(self._context)
            self._context = None


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
        try:
            self.contact = contact_file.load_contact(run_dir)
        except ContactFileMissing:
            raise WorkflowStopped(workflow_id) from None
        path = contact_file.contact_file_path(run_dir)
        self.host, self.port = contact_file.contact_address(self.contact, path)
        if scope == OWNER and _pid_is_gone(self.contact, self.host):
            contact_file.remove_contact(run_dir)
            raise ContactFileStale(workflow_id)
        self.key = load_client_key(run_dir, scope)
        self._socket: _Socket | None = None
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
            self._socket = _Socket(self._library, address, self.key)
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
        """Explain a timeout: moved, stopped (stale contact file) or slow."""
        from cylc_flow.exceptions import CylcError

        where = f'{self.host}:{self.port}'
        try:
            current = contact_file.load_contact(self.run_dir)
        except ContactFileMissing:
            raise WorkflowStopped(self.workflow_id) from None
        except CylcError:
            current = self.contact
        old_host = self.contact.get(contact_file.HOST)
        old_port = self.contact.get(contact_file.PORT)
        new_host = current.get(contact_file.HOST)
        new_port = current.get(contact_file.PORT)
        if (new_host, new_port) != (old_host, old_port):
            raise CylcError(
                f'workflow {self.workflow_id} is no longer running at {where}'
                f' (it has moved to {new_host}:{new_port})'
            )
        if self.scope == OWNER and contact_file.detect_stale(self.run_dir):
            contact_file.remove_contact(self.run_dir)
            raise ContactFileStale(self.workflow_id)
        raise ClientTimeout(
            f'timed out after {wait:g}s waiting for workflow {self.workflow_id}'
            f' at {where} (try a longer --comms-timeout, or check the'
            ' workflow log)'
        )


def _pid_is_gone(contact: dict[str, str], host: str) -> bool:
    """Cheap check: a local scheduler whose PID no longer exists."""
    try:
        pid = int(contact.get(contact_file.PID, ''))
    except ValueError:
        return False
    if pid <= 0 or not contact_file.is_local_host(host):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False
