"""The job side of task messages, in one self-contained module.

Job scripts run this module with the scheduler's Python, isolated and
without ``site`` (``python -I -S``; see ``cylc__job__message`` in
``job.sh``), once or twice per job, so it imports no ``cylc_flow`` module
and only what a bare interpreter has loaded already plus ``ctypes``,
``errno`` and ``_json`` (not ``json``, ``re``, ``typing``, ``collections``
or ``contextlib``).  ``cylc message`` (:mod:`cylc_flow.network.task_messages`)
uses its parsing and its :class:`Messenger` too.

It talks to the scheduler through the libzmq shared library that pyzmq
ships (or a system one), loaded with ``ctypes``: a REQ socket with CURVE,
one JSON ``put_messages`` request per batch (the wire format of
:mod:`cylc_flow.network.protocol`; a test checks the constants agree).
Where libzmq cannot be loaded it hands over to ``cylc message``'s own code
(and pyzmq).

Two ways to run it (``main``):

``[OPTIONS] -- WORKFLOW_ID JOB_ID [SEVERITY:]MESSAGE ...``
    as ``cylc message``: print, record in ``job.status``, send; exit.
``--serve [OPTIONS] -- WORKFLOW_ID JOB_ID MESSAGE ...``
    the job's co-process: handle the messages given (``started``), write
    ``done <code>`` to file descriptor 3 (also after a hand-over, which
    ends the co-process), then wait up to the grace time
    (``$CYLC_JOB_MESSAGE_GRACE`` seconds, default 2) for one more batch on
    stdin (one message per line, then an empty line: the job's final
    messages), handle it on the same CURVE connection, acknowledge it the
    same way and exit.  A job that ends later (or whose co-process has
    gone) starts a fresh process instead.
"""

# (no "from __future__ import annotations": importing __future__ costs a
# job a third of a millisecond; every annotation here evaluates at run time)
import os
import sys
import time

# ---- wire format (must agree with cylc_flow.network.protocol; tested) ----
REQUEST_COMMAND = 'command'
REQUEST_ARGS = 'args'
REQUEST_META = 'meta'
REPLY_DATA = 'data'
REPLY_ERROR = 'error'
PUT_MESSAGES = 'put_messages'

# ---- run directory layout (as cylc_flow.network.contact / keys) ----
SERVICE_DIR = '.service'
CONTACT_FILE = 'contact'
CONTACT_HOST = 'CYLC_WORKFLOW_HOST'
CONTACT_PORT = 'CYLC_WORKFLOW_PORT'
SERVER_PUBLIC_KEY = 'server.key'
CLIENT_SECRET_KEYS = {'message': 'message.key_secret', 'owner': 'client.key_secret'}

# ---- job environment ----
ENV_LIBZMQ = 'CYLC_LIBZMQ'
ENV_MAX_TRIES = 'CYLC_TASK_MSG_MAX_TRIES'
ENV_RETRY_DELAY = 'CYLC_TASK_MSG_RETRY_INTVL'
ENV_TIMEOUT = 'CYLC_TASK_MSG_TIMEOUT'
ENV_GRACE = 'CYLC_JOB_MESSAGE_GRACE'
DEFAULT_MAX_TRIES = 5
DEFAULT_RETRY_DELAY = 2.0
DEFAULT_TIMEOUT = 10.0
DEFAULT_GRACE = 2.0
ACK_FD = 3  # the co-process acknowledges each batch on this descriptor

SEVERITY_DEFAULT = 'INFO'
STDERR_SEVERITIES = frozenset(('WARNING', 'ERROR', 'CRITICAL'))
STARTED = 'started'
SUCCEEDED = 'succeeded'
FAILED_PREFIX = 'failed'
ABORTED_PREFIX = 'aborted'
VACATED_PREFIX = 'vacated'
_JOB_RUN_KEYS = ('CYLC_JOB_PID=', 'CYLC_JOB_INIT_TIME=', 'CYLC_JOB_EXIT=',
                 'CYLC_JOB_EXIT_TIME=')
PROG = 'cylc message'


class MessengerError(Exception):
    """A problem with the input or the run directory (one line)."""


class FastClientUnavailable(Exception):
    """libzmq (with CURVE) cannot be loaded: use the pyzmq client."""


class NoReply(Exception):
    """No reply from the scheduler after every try (messages in job.status)."""


# ================================================================ messages


def read_stdin_messages(stream: object) -> list[str]:
    """Messages from a stream: blocks of lines separated by blank lines."""
    messages: list[str] = []
    current = ''
    while True:
        line = stream.readline()  # type: ignore[attr-defined]
        if line.strip():
            current += line
            continue
        if current:
            messages.append(current)
        current = ''
        if not line:
            return messages


def is_word(text: str) -> bool:
    """Whether ``text`` matches regex ``\\w+``."""
    return bool(text) and all(char == '_' or char.isalnum() for char in text)


def parse_messages(texts: list[str], severity: str | None = None) -> list[list[str]]:
    """``[severity, message]`` pairs (``SEVERITY:message`` sets one)."""
    default = severity or SEVERITY_DEFAULT
    messages: list[list[str]] = []
    for text in texts:
        if text == '-':
            continue
        if ':' in text:
            prefix, _, body = text.partition(':')
            if not is_word(prefix):
                raise MessengerError(
                    f'Invalid task message "{text}" - cannot contain `:` unless'
                    ' it occurs at the end of the first word')
            if text.startswith('_cylc'):
                raise MessengerError(
                    f'Invalid task message "{text}" - cannot start with: `_cylc`')
            messages.append([prefix.strip(), body.strip()])
        else:
            messages.append([default, text.strip()])
    return messages


def check_job_id(job_id: str) -> str:
    """A job ID must be ``CYCLE/TASK/NN``."""
    parts = job_id.strip('/').split('/')
    if len(parts) != 3 or not all(parts) or '..' in parts:
        raise MessengerError(f'invalid job ID "{job_id}": expected CYCLE/TASK/NN')
    return '/'.join(parts)


def workflow_name(workflow_id: str) -> str:
    """The workflow part of an ID (no ``~user/``, no ``//cycle/task``)."""
    name = workflow_id.split('//', 1)[0]
    if name.startswith('~'):
        name = name.partition('/')[2]
    name = os.path.normpath(name.strip('/')) if name.strip('/') else ''
    if not name or name.startswith('..') or name == '.':
        raise MessengerError(f'invalid workflow ID "{workflow_id}"')
    return name


def workflow_run_dir(name: str) -> str:
    """``$CYLC_WORKFLOW_RUN_DIR`` for the job's own workflow, else
    ``~/cylc-run/<name>``."""
    from_env = os.environ.get('CYLC_WORKFLOW_RUN_DIR')
    if from_env and os.environ.get('CYLC_WORKFLOW_ID') == name:
        return from_env
    return os.path.join(os.path.expanduser('~'), 'cylc-run', name)


def event_time() -> str:
    """Now, in the job's time zone convention (``$CYLC_UTC``)."""
    now = time.time()
    if os.environ.get('CYLC_UTC') == 'True':
        return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(now))
    text = time.strftime('%Y-%m-%dT%H:%M:%S%z', time.localtime(now))
    if text[-5:] in ('+0000', '-0000'):
        return text[:-5] + 'Z'
    return f'{text[:-2]}:{text[-2:]}'


def print_messages(when: str, messages: list[list[str]]) -> None:
    """Print each message to stdout, or stderr for the serious ones."""
    for severity, text in messages:
        stream = sys.stderr if severity.upper() in STDERR_SEVERITIES else sys.stdout
        stream.write(f'{when} {severity} - {text}\n')
        stream.flush()


# ============================================================ job.status


def status_line(key: str, value: object) -> str:
    """A ``job.status`` line (the format of ``cylc_flow.jobs.status_file``)."""
    return f'{key}={str(value).replace(chr(10), " ")}\n'


def job_status_path(run_dir: str, job_id: str) -> str:
    """``$CYLC_TASK_LOG_ROOT.status`` in the job itself, else
    ``<run_dir>/log/job/<job id>/job.status``."""
    log_root = os.environ.get('CYLC_TASK_LOG_ROOT')
    if log_root and os.environ.get('CYLC_TASK_JOB') == job_id:
        return log_root + '.status'
    return os.path.join(run_dir, 'log', 'job', job_id, 'job.status')


def _has_line(text: str, start: str) -> bool:
    return text.startswith(start) or f'\n{start}' in text


def status_lines(existing: str, when: str, messages: list[list[str]]
                 ) -> tuple[str, bool]:
    """What recording ``messages`` does to a ``job.status`` text:
    ``(whole new text, True)`` for a vacated job, else ``(lines to append,
    False)``.  Lines the job script wrote already are not repeated."""
    text = existing
    rewrite = False
    for severity, message in messages:
        prefix, _, signal = message.partition('/')
        if message == STARTED:
            if not _has_line(text, 'CYLC_JOB_INIT_TIME='):
                parent = os.getppid()
                if parent > 1:
                    text += status_line('CYLC_JOB_PID', parent)
                text += status_line('CYLC_JOB_INIT_TIME', when)
        elif message == SUCCEEDED or (
            signal and prefix in (FAILED_PREFIX, ABORTED_PREFIX)
        ):
            if not _has_line(text, 'CYLC_JOB_EXIT='):
                text += status_line(
                    'CYLC_JOB_EXIT', 'SUCCEEDED' if message == SUCCEEDED else signal)
                text += status_line('CYLC_JOB_EXIT_TIME', when)
        elif signal and prefix == VACATED_PREFIX:
            lines = text.splitlines(keepends=True)
            kept = [line for line in lines if not line.startswith(_JOB_RUN_KEYS)]
            recorded = bool(kept) and kept[-1].startswith('CYLC_MESSAGE=') and (
                kept[-1].endswith(f'|{severity}|{message}\n'))
            if not (recorded and len(kept) == len(lines)):
                if not recorded:
                    kept.append(status_line(
                        'CYLC_MESSAGE', f'{when}|{severity}|{message}'))
                text = ''.join(kept)
                rewrite = True
        else:
            text += status_line('CYLC_MESSAGE', f'{when}|{severity}|{message}')
    if rewrite:
        return text, True
    return text[len(existing):], False


def write_status_file(path: str, when: str, messages: list[list[str]]) -> str | None:
    """Record messages in ``job.status``; return an error line, or None."""
    try:
        try:
            with open(path, encoding='utf-8', errors='replace') as handle:
                existing = handle.read()
        except FileNotFoundError:
            existing = ''
        text, rewrite = status_lines(existing, when, messages)
        if rewrite:
            temporary = f'{path}.{os.getpid()}.tmp'
            with open(temporary, 'w', encoding='utf-8') as handle:
                handle.write(text)
            os.replace(temporary, path)
        elif text:
            with open(path, 'a', encoding='utf-8') as handle:
                handle.write(text)
    except OSError as exc:
        return f'cannot write {path}: {exc.strerror}'
    return None


# =============================================================== settings


def _env_number(name: str, default: float, minimum: float) -> float:
    text = os.environ.get(name, '').strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise MessengerError(f'${name}: not a number: {text!r}') from None
    if not minimum <= value < 1e9:
        raise MessengerError(f'${name}: must be a number from {minimum:g}: {text!r}')
    return value


def retry_settings(timeout: float | None) -> tuple[int, float, float]:
    """``(tries, delay, timeout)`` from the environment (and the option)."""
    tries = int(_env_number(ENV_MAX_TRIES, DEFAULT_MAX_TRIES, 1))
    delay = _env_number(ENV_RETRY_DELAY, DEFAULT_RETRY_DELAY, 0)
    if timeout is None:
        timeout = _env_number(ENV_TIMEOUT, DEFAULT_TIMEOUT, 0.001)
    return tries, delay, timeout


# ======================================================= run directory


def read_contact(run_dir: str) -> dict[str, str] | None:
    """The contact file's fields; None if there is none (not running)."""
    path = os.path.join(run_dir, SERVICE_DIR, CONTACT_FILE)
    try:
        with open(path, encoding='utf-8', errors='replace') as handle:
            text = handle.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise MessengerError(f'cannot read {path}: {exc.strerror}') from None
    fields = {}
    for line in text.splitlines():
        key, sep, value = line.partition('=')
        if sep:
            fields[key.strip().replace('SUITE', 'WORKFLOW')] = value.strip()
    return fields


def contact_endpoint(contact: dict[str, str], run_dir: str) -> bytes:
    """``tcp://host:port`` of the scheduler's request socket."""
    host = contact.get(CONTACT_HOST, '')
    port = contact.get(CONTACT_PORT, '')
    if not host or not port.isdigit():
        raise MessengerError(
            f'{os.path.join(run_dir, SERVICE_DIR, CONTACT_FILE)}: no valid'
            f' {CONTACT_HOST} and {CONTACT_PORT}')
    return f'tcp://{host}:{port}'.encode()


def read_keys(path: str, *names: str) -> list[bytes]:
    """Z85 keys (``public-key``, ``secret-key``) from one certificate, in
    the order named."""
    try:
        with open(path, encoding='utf-8', errors='replace') as handle:
            text = handle.read()
    except OSError as exc:
        raise MessengerError(f'cannot read {path}: {exc.strerror}') from None
    found: dict[str, bytes] = {}
    for line in text.splitlines():
        stripped = line.strip()
        for name in names:
            if name not in found and stripped.startswith(name):
                key = stripped.partition('=')[2].strip().strip('"').encode()
                if len(key) != 40:
                    raise MessengerError(f'{path}: malformed CURVE key')
                found[name] = key
    for name in names:
        if name not in found:
            raise MessengerError(f'{path}: no {name} in the file')
    return [found[name] for name in names]


def client_keys(run_dir: str) -> tuple[bytes, bytes, bytes]:
    """``(public, secret, server public)``: the message-scope key pair if
    the run has one, else the owner's."""
    service = os.path.join(run_dir, SERVICE_DIR)
    path = os.path.join(service, CLIENT_SECRET_KEYS['message'])
    if not os.path.exists(path):
        path = os.path.join(service, CLIENT_SECRET_KEYS['owner'])
    public, secret = read_keys(path, 'public-key', 'secret-key')
    [server_public] = read_keys(os.path.join(service, SERVER_PUBLIC_KEY), 'public-key')
    return public, secret, server_public


# ================================================================= JSON

try:
    import _json
except ImportError:  # pragma: no cover - CPython always has it
    _json = None


class _ScanContext:
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = float  # NaN, Infinity, -Infinity


_ENCODE_STRING = _json.encode_basestring if _json else None
_SCAN = _json.make_scanner(_ScanContext()) if _json else None
_INFINITY = float('inf')


def _encode(value: object, parts: list[str]) -> None:
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
            raise TypeError('NaN or infinity')
        parts.append(float.__repr__(value))
    elif isinstance(value, dict):
        parts.append('{')
        for index, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError('a key that is not a string')
            parts.append(',' if index else '')
            parts.append(_ENCODE_STRING(key))
            parts.append(':')
            _encode(item, parts)
        parts.append('}')
    elif isinstance(value, (list, tuple)):
        parts.append('[')
        for index, item in enumerate(value):
            parts.append(',' if index else '')
            _encode(item, parts)
        parts.append(']')
    else:
        raise TypeError(f'not JSON serialisable: {type(value).__name__}')


def encode_request(command: str, args: dict | None, meta: dict | None = None
                   ) -> bytes:
    """A request document, byte for byte as ``protocol.encode_request``."""
    message = {REQUEST_COMMAND: command, REQUEST_ARGS: args or {},
               REQUEST_META: meta or {}}
    if _ENCODE_STRING is not None:
        parts: list[str] = []
        try:
            _encode(message, parts)
        except TypeError:
            pass
        else:
            return ''.join(parts).encode()
    import json  # odd values only (NaN, non-string keys)

    return json.dumps(message, separators=(',', ':'), ensure_ascii=False).encode()


def decode_reply(body: bytes) -> tuple[bool, object]:
    """Parse a reply: ``(True, data)`` or ``(False, error message)``."""
    not_json = (False, 'the server sent a reply that is not JSON')
    try:
        text = body.decode('utf-8').strip(' \t\n\r')
        if _SCAN is None:  # pragma: no cover
            import json

            reply, end = json.JSONDecoder().raw_decode(text), len(text)
            reply = reply[0]
        else:
            reply, end = _SCAN(text, 0)
    except (UnicodeDecodeError, StopIteration, ValueError, RecursionError):
        return not_json
    if end != len(text):
        return not_json
    if not isinstance(reply, dict):
        return False, 'the server sent a reply that is not a JSON object'
    if REPLY_DATA in reply:
        return True, reply[REPLY_DATA]
    error = reply.get(REPLY_ERROR)
    if isinstance(error, dict):
        error = error.get('message', error)
    if not error:
        return False, f'the server sent an invalid reply: {reply!r:.200}'
    return False, str(error)


# ================================================================ libzmq

# zmq.h constants (stable across libzmq 4.x)
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
_EAGAIN = 11
_EINTR = 4
_SYSTEM_NAMES = ('libzmq.so.5', 'libzmq.so', 'libzmq.5.dylib', 'libzmq.dylib')
_library = None
_library_path = ''
_library_problem: str | None = None  # why the search failed


def _site_directories() -> list[str]:
    """Where pyzmq may be installed, without running ``site``."""
    version = f'python{sys.version_info[0]}.{sys.version_info[1]}'
    directories = [entry for entry in sys.path if entry]
    here = os.path.abspath(__file__)
    directories.append(os.path.dirname(os.path.dirname(os.path.dirname(here))))
    # this interpreter's virtual environment (-S leaves sys.prefix at the base)
    environment = os.path.dirname(os.path.dirname(os.path.abspath(sys.executable)))
    for prefix in (environment, sys.prefix, sys.base_prefix):
        directories.append(os.path.join(prefix, 'lib', version, 'site-packages'))
    return list(dict.fromkeys(directories))


def libzmq_candidates() -> list[str]:
    """Paths and names to load libzmq from, best first: ``$CYLC_LIBZMQ``
    (alone), pyzmq's bundled copy, then the loader's path."""
    configured = os.environ.get(ENV_LIBZMQ)
    if configured:
        return [configured]
    candidates: list[str] = []
    for directory in _site_directories():
        libs = os.path.join(directory, 'pyzmq.libs')
        try:
            names = os.listdir(libs)
        except OSError:
            continue
        candidates.extend(os.path.join(libs, name) for name in sorted(names)
                          if name.startswith('libzmq'))
    for prefix in (sys.prefix, os.path.dirname(os.path.dirname(sys.executable))):
        candidates.extend(os.path.join(prefix, 'lib', name) for name in _SYSTEM_NAMES)
    candidates.extend(_SYSTEM_NAMES)
    return list(dict.fromkeys(candidates))


def load_libzmq(candidates: list[str] | None = None) -> object:
    """The loaded libzmq; ``FastClientUnavailable`` if none works.

    The search of :func:`libzmq_candidates` (no ``candidates`` given) is
    done once per process: its library, or its failure, is kept.
    """
    global _library, _library_path, _library_problem
    if candidates is None:
        if _library is not None:
            return _library
        if _library_problem is not None:
            raise FastClientUnavailable(_library_problem)
    try:
        import ctypes
    except ImportError as exc:
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
            _library, _library_path = library, candidate
        return library
    problem = 'cannot load libzmq with CURVE' + (
        f' ({"; ".join(problems)})' if problems else '')
    if candidates is None:
        _library_problem = problem
    raise FastClientUnavailable(problem)


def libzmq_path() -> str:
    """The path (or loader name) :func:`load_libzmq` found libzmq at."""
    load_libzmq()
    return _library_path


def _declare(ctypes: object, library: object) -> None:
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


class LibzmqSocket:
    """One CURVE REQ socket (``REQ_RELAXED``, ``REQ_CORRELATE``, ``LINGER``
    0) in its own context: pyzmq's ``WorkflowClient`` socket, over ctypes.

    ``keys`` is ``(public, secret, server public)``, Z85 bytes.
    """

    def __init__(self, library: object, address: bytes, keys: tuple) -> None:
        import ctypes

        self._ctypes = ctypes
        self._library = library
        self._socket = None
        self._context = library.zmq_ctx_new()
        if not self._context:
            raise OSError(self._error('zmq_ctx_new'))
        self._socket = library.zmq_socket(self._context, _ZMQ_REQ)
        if not self._socket:
            self.close()
            raise OSError(self._error('zmq_socket'))
        try:
            self._option_int(_ZMQ_LINGER, 0)
            self._option_int(_ZMQ_REQ_RELAXED, 1)
            self._option_int(_ZMQ_REQ_CORRELATE, 1)
            public, secret, server_public = keys
            self._option_bytes(_ZMQ_CURVE_SECRETKEY, secret)
            self._option_bytes(_ZMQ_CURVE_PUBLICKEY, public)
            self._option_bytes(_ZMQ_CURVE_SERVERKEY, server_public)
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
                self._socket, option, self._ctypes.byref(number), 4) != 0:
            raise OSError(self._error(f'zmq_setsockopt {option}'))

    def _option_bytes(self, option: int, value: bytes) -> None:
        # Z85 text (40 characters) and its terminating NUL, as libzmq expects
        buffer = self._ctypes.create_string_buffer(value)
        if self._library.zmq_setsockopt(
                self._socket, option, buffer, len(value) + 1) != 0:
            raise OSError(self._error('CURVE key'))

    def exchange(self, body: bytes, timeout: float) -> bytes | None:
        """Send one request; its reply, or None if none came in time."""
        library = self._library
        self._option_int(_ZMQ_SNDTIMEO, max(1, int(timeout * 1000)))
        if library.zmq_send(self._socket, body, len(body), 0) < 0:
            if library.zmq_errno() == _EAGAIN:
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
                    return self._ctypes.string_at(library.zmq_msg_data(message),
                                                  library.zmq_msg_size(message))
                number = library.zmq_errno()
                if number == _EAGAIN:
                    return None
                if number != _EINTR:
                    raise OSError(self._error('zmq_msg_recv'))
        finally:
            library.zmq_msg_close(message)

    def close(self) -> None:
        """Close the socket and its context (no linger)."""
        if self._socket:
            self._library.zmq_close(self._socket)
            self._socket = None
        if self._context:
            self._library.zmq_ctx_term(self._context)
            self._context = None


# ============================================================ the sender


class Messenger:
    """Record a job's messages and send them, reusing one connection."""

    def __init__(self, workflow_id: str, job_id: str, timeout: float | None = None
                 ) -> None:
        self.workflow_id = workflow_name(workflow_id)
        self.job_id = check_job_id(job_id)
        self.tries, self.delay, self.timeout = retry_settings(timeout)
        self.run_dir = workflow_run_dir(self.workflow_id)
        self.sending = os.environ.get('CYLC_TASK_COMMS_METHOD') != 'poll'
        self.library = None
        if self.sending:
            self.library = self._load_library()
        self._socket: LibzmqSocket | None = None
        self._address = ''  # host:port of the last connection
        self._meta = {'prog': 'message', 'comms_method': 'zmq'}

    def _load_library(self) -> object:
        return load_libzmq()  # FastClientUnavailable: use pyzmq

    def record(self, messages: list[list[str]]) -> None:
        """Print, write to job.status, then send (module doc)."""
        when = event_time()
        print_messages(when, messages)
        problem = write_status_file(
            job_status_path(self.run_dir, self.job_id), when, messages)
        if problem:
            sys.stderr.write(f'WARNING: {problem}\n')
        if self.sending:
            self.send({'task_job': self.job_id, 'event_time': when,
                       'messages': messages})

    def send(self, payload: dict) -> bool:
        """One ``put_messages`` request, retried; False if not running."""
        body = encode_request(PUT_MESSAGES, payload, self._meta)
        for attempt in range(1, self.tries + 1):
            contact = read_contact(self.run_dir)
            if contact is None:
                self.close()
                return False  # not running: the messages wait in job.status
            if self._socket is None:
                endpoint = contact_endpoint(contact, self.run_dir)
                self._socket = LibzmqSocket(self.library, endpoint,
                                            client_keys(self.run_dir))
                self._address = endpoint.decode()[len('tcp://'):]
            reply = self._socket.exchange(body, self.timeout)
            if reply is not None:
                ok, data = decode_reply(reply)
                if not ok:
                    raise MessengerError(f'{self.workflow_id}: {data}')
                return True
            self.close()  # as pyzmq's client: a fresh socket for the next try
            if attempt < self.tries:
                time.sleep(self.delay)
        raise self.no_reply()

    def no_reply(self) -> NoReply:
        """The error after every try went unanswered."""
        return NoReply(
            f'no answer from workflow {self.workflow_id} at {self._address}'
            f' after {self.tries}'
            f' {"try" if self.tries == 1 else "tries"} of {self.timeout:g}s'
            ' (the messages are in job.status)')

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


# ============================================================ entry points


def parse_arguments(argv: list[str]) -> tuple[dict[str, str], list[str]]:
    """Options (``severity``, ``comms_timeout``, ``serve``, ``help``) and
    arguments; a value may follow its option as the next argument, after
    ``=``, or attached (``-sWARNING``)."""
    options: dict[str, str] = {}
    positional: list[str] = []
    names = {'-s': 'severity', '-p': 'severity', '--severity': 'severity',
             '--priority': 'severity', '--comms-timeout': 'comms_timeout'}
    index = 0
    while index < len(argv):
        arg = argv[index]
        index += 1
        if arg == '--':
            positional += argv[index:]
            break
        if arg == '--serve':
            options['serve'] = 'true'
        elif arg in ('-h', '--help'):
            options['help'] = 'true'
            break
        elif arg in ('-v', '--verbose', '-q', '--quiet', '--debug'):
            continue
        elif arg == '-' or not arg.startswith('-'):
            positional.append(arg)
        else:
            name, sep, value = arg.partition('=')
            if not sep and name[:2] in ('-s', '-p') and len(name) > 2:
                name, sep, value = name[:2], '=', name[2:]
            if name not in names:
                raise MessengerError(f'no such option: {name}')
            if not sep:
                if index >= len(argv):
                    raise MessengerError(f'{name} option requires an argument')
                value = argv[index]
                index += 1
            options[names[name]] = value
    return options, positional


def _handle(messenger: Messenger, messages: list[list[str]]) -> int:
    """Record and send; the exit code a ``cylc message`` would have had."""
    try:
        messenger.record(messages)
    except (MessengerError, NoReply, OSError) as exc:
        sys.stderr.write(f'{PROG}: {exc}\n')
        return 1
    return 0


def _read_batch(grace: float) -> list[str] | None:
    """The job's final messages from stdin: None if none came in time
    (or stdin closed before a whole batch)."""
    import select

    data = b''
    deadline = time.monotonic() + grace
    while not (data.endswith(b'\n\n') or data == b'\n'):
        remaining = deadline - time.monotonic()
        if not data and remaining <= 0:
            return None
        ready, _, _ = select.select([0], [], [], max(remaining, 5.0 if data else 0))
        if not ready:
            return None
        chunk = os.read(0, 65536)
        if not chunk:
            return None
        data += chunk
    return [line for line in data.decode('utf-8', 'replace').split('\n') if line]


def _acknowledge(code: int) -> bool:
    """Tell the job a batch is done; False if the job has gone."""
    try:
        os.write(ACK_FD, f'done {code}\n'.encode())
    except OSError:
        return False
    return True


def serve(messenger: Messenger, messages: list[list[str]], grace: float,
          severity: str | None) -> int:
    """The co-process: handle ``messages``, then at most one batch more."""
    if not _acknowledge(_handle(messenger, messages)):
        return 0
    batch = _read_batch(grace)
    if batch is None:
        return 0
    try:
        messages = parse_messages(batch, severity)
        code = _handle(messenger, messages) if messages else 0
    except MessengerError as exc:
        sys.stderr.write(f'{PROG}: {exc}\n')
        code = 1
    _acknowledge(code)
    return 0


def _hand_over(argv: list[str]) -> int:
    """No libzmq here: run ``cylc message`` itself (pyzmq)."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if root not in sys.path:
        sys.path.insert(0, root)
    from cylc_flow.cli.errors import run_guarded
    from cylc_flow.scripts.message import main as message_main

    return run_guarded(message_main, argv)


def main(argv: list[str]) -> int:
    """Send messages as ``cylc message`` does, or serve as the job's
    co-process (``--serve``); returns the exit code."""
    try:
        options, args = parse_arguments(argv)
        if 'help' in options:
            return _hand_over(argv)
        if len(args) < 3:
            raise MessengerError('expected WORKFLOW_ID JOB_ID MESSAGE...')
        workflow_id, job_id, *texts = args
        if '-' in texts:
            texts += read_stdin_messages(sys.stdin)
        messages = parse_messages(texts, options.get('severity'))
        if not messages:
            raise MessengerError('No message supplied')
        timeout = None
        if 'comms_timeout' in options:
            timeout = float(options['comms_timeout'])
            if not 0 < timeout < 1e9:
                raise ValueError
        try:
            messenger = Messenger(workflow_id, job_id, timeout)
        except FastClientUnavailable:
            code = _hand_over([arg for arg in argv if arg != '--serve'])
            if 'serve' in options:
                _acknowledge(code)  # (the job sends its final messages itself)
            return code
        try:
            if 'serve' in options:
                grace = _env_number(ENV_GRACE, DEFAULT_GRACE, 0)
                return serve(messenger, messages, grace, options.get('severity'))
            return _handle(messenger, messages)
        finally:
            messenger.close()
    except ValueError:
        sys.stderr.write(f'{PROG}: error: --comms-timeout: not a positive number\n')
    except MessengerError as exc:
        sys.stderr.write(f'{PROG}: error: {exc}\n')
    return 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
