"""CURVE keys: who may talk to a scheduler, and with what rights.

Every scheduler serves CURVE-encrypted ZMQ sockets.  Its keys live in the
run directory's ``.service/`` folder (mode 0700; every key file 0600)::

    <run_dir>/.service/
        server.key                  the server's public key (clients need it)
        server.key_secret           the server's key pair
        client.key_secret           the owner-scope client key pair
        message.key_secret          the message-scope client key pair
        client_public_keys/         public keys the server accepts (0700)
            client_localhost.key    owner scope (file name ``client_*.key``)
            message_localhost.key   message scope (file name ``message_*.key``)

Files use ZeroMQ's certificate format (the one ``zmq.auth`` reads and
writes): ``public-key = "<z85>"`` and, in ``*.key_secret`` files,
``secret-key = "<z85>"`` under a ``curve`` section.

Scopes:

``owner``
    Full control: the CLI, the UI Server and jobs on the scheduler host
    (which read the owner's ``.service/``, as Cylc 8 jobs do).
``message``
    May only call the methods registered for it (``put_messages``): for
    jobs on other hosts, whose credentials must not be able to stop the
    workflow.  Remote file installation ships ``message.key_secret`` and
    ``server.key``; :func:`add_client_key` makes a key per install target.

``ensure_keys`` runs at scheduler start and replaces any keys an earlier
run left; ``remove_keys`` runs at shutdown.  Loading is cheap (no zmq
import) because ``cylc message`` loads a client key on every call.
"""

from __future__ import annotations

import os
import time

from cylc_flow.network.errors import ServiceFileError

SERVICE_DIR = '.service'
CLIENT_PUBLIC_KEYS = 'client_public_keys'
PUBLIC_SUFFIX = '.key'
SECRET_SUFFIX = '.key_secret'
SERVER = 'server'
LOCAL_TARGET = 'localhost'

OWNER = 'owner'
MESSAGE = 'message'
SCOPES = (OWNER, MESSAGE)

#: Key-pair file stem (in ``.service/``) for each client scope.
CLIENT_SECRET_STEMS = {OWNER: 'client', MESSAGE: 'message'}
#: File-name prefix of each scope's public keys in ``client_public_keys/``.
PUBLIC_KEY_PREFIXES = {OWNER: 'client_', MESSAGE: 'message_'}

_Z85_LENGTH = 40
_FILE_MODE = 0o600
_DIR_MODE = 0o700


class KeyPaths:
    """Where a run's key files are (what :func:`ensure_keys` made)."""

    __slots__ = (
        'client_public_dir', 'client_secrets', 'run_dir', 'server_public',
        'server_secret', 'service_dir',
    )

    def __init__(self, run_dir: str | os.PathLike[str]) -> None:
        self.run_dir = os.fspath(run_dir)
        self.service_dir = os.path.join(self.run_dir, SERVICE_DIR)
        self.server_public = os.path.join(self.service_dir, SERVER + PUBLIC_SUFFIX)
        self.server_secret = os.path.join(self.service_dir, SERVER + SECRET_SUFFIX)
        self.client_public_dir = os.path.join(self.service_dir, CLIENT_PUBLIC_KEYS)
        self.client_secrets = {
            scope: os.path.join(self.service_dir, stem + SECRET_SUFFIX)
            for scope, stem in CLIENT_SECRET_STEMS.items()
        }

    def __repr__(self) -> str:
        return f'KeyPaths({self.run_dir!r})'


class ClientKey:
    """What a client needs to connect: its key pair and the server's key."""

    __slots__ = ('public', 'scope', 'secret', 'server_public')

    def __init__(
        self, scope: str, public: bytes, secret: bytes, server_public: bytes
    ) -> None:
        self.scope = scope
        self.public = public
        self.secret = secret
        self.server_public = server_public


class Grant:
    """An accepted client public key: its scope and its file's name."""

    __slots__ = ('name', 'scope')

    def __init__(self, scope: str, name: str) -> None:
        self.scope = scope
        self.name = name

    def __repr__(self) -> str:
        return f'Grant({self.scope!r}, {self.name!r})'


# ---------------------------------------------------------------- files


def _check_scope(scope: str) -> None:
    if scope not in CLIENT_SECRET_STEMS:
        raise ServiceFileError(
            f'unknown client scope {scope!r} (expected {" or ".join(SCOPES)})'
        )


def make_private_dir(path: str) -> None:
    """Create a directory (and parents) and make it mode 0700."""
    try:
        os.makedirs(path, mode=_DIR_MODE, exist_ok=True)
        os.chmod(path, _DIR_MODE)
    except OSError as exc:
        raise ServiceFileError(f'cannot create {path}: {exc.strerror}') from None


def _certificate_text(public: bytes, secret: bytes | None) -> str:
    kind = 'Secret' if secret is not None else 'Public'
    stamp = time.strftime('%Y-%m-%dT%H:%M:%S%z')
    lines = [
        f'#   ****  Generated on {stamp} by cylc  ****',
        f'#   ZeroMQ CURVE **{kind}** Certificate',
    ]
    if secret is not None:
        lines.append(
            '#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.'
        )
    lines += ['', 'metadata', 'curve', f'    public-key = "{public.decode()}"']
    if secret is not None:
        lines.append(f'    secret-key = "{secret.decode()}"')
    return '\n'.join(lines) + '\n'


def write_private_file(path: str, text: str) -> None:
    """Write a file with mode 0600, atomically (temporary file + rename)."""
    temporary = f'{path}.{os.getpid()}.{os.urandom(4).hex()}.tmp'
    try:
        descriptor = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, _FILE_MODE
        )
        try:
            os.fchmod(descriptor, _FILE_MODE)
            os.write(descriptor, text.encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except OSError as exc:
        with _suppress(OSError):
            os.unlink(temporary)
        raise ServiceFileError(f'cannot write {path}: {exc.strerror}') from None


def write_certificate(path: str, public: bytes, secret: bytes | None = None) -> None:
    """Write a public (or, with ``secret``, a secret) certificate file."""
    write_private_file(path, _certificate_text(public, secret))


def _key_value(line: str, path: str) -> bytes:
    _, _, value = line.partition('=')
    key = value.strip().strip('"').encode()
    if len(key) != _Z85_LENGTH:
        raise ServiceFileError(f'{path}: malformed CURVE key')
    return key


def read_certificate(path: str) -> tuple[bytes, bytes | None]:
    """Read a certificate: ``(public, secret)``, secret None if absent."""
    try:
        with open(path, encoding='utf-8', errors='replace') as handle:
            text = handle.read()
    except FileNotFoundError:
        raise ServiceFileError(f'key file not found: {path}') from None
    except OSError as exc:
        raise ServiceFileError(f'cannot read {path}: {exc.strerror}') from None
    public = secret = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith('public-key'):
            public = _key_value(stripped, path)
        elif stripped.startswith('secret-key'):
            secret = _key_value(stripped, path)
    if public is None:
        raise ServiceFileError(f'{path}: no public key in the file')
    return public, secret


def _new_pair() -> tuple[bytes, bytes]:
    import zmq

    return zmq.curve_keypair()


# ------------------------------------------------------------ creation


def ensure_keys(run_dir: str | os.PathLike[str]) -> KeyPaths:
    """Make fresh server and client keys for a scheduler run.

    Keys an earlier run left (including accepted public keys of remote
    install targets) are replaced, so old credentials stop working.
    """
    paths = KeyPaths(run_dir)
    make_private_dir(paths.service_dir)
    make_private_dir(paths.client_public_dir)
    _clear_public_keys(paths.client_public_dir)
    public, secret = _new_pair()
    write_certificate(paths.server_secret, public, secret)
    write_certificate(paths.server_public, public)
    for scope in SCOPES:
        _write_client_pair(paths, scope, LOCAL_TARGET, paths.client_secrets[scope])
    return paths


def add_client_key(
    run_dir: str | os.PathLike[str], name: str, scope: str = MESSAGE
) -> str:
    """Accept a new client key pair (e.g. for a remote install target).

    Returns the path of its secret certificate, to ship to the client;
    the server accepts it from the next connection on.
    """
    _check_scope(scope)
    if not name or '/' in name or name.startswith('.'):
        raise ServiceFileError(f'bad client key name: {name!r}')
    paths = KeyPaths(run_dir)
    make_private_dir(paths.client_public_dir)
    secret_path = os.path.join(
        paths.service_dir, f'{PUBLIC_KEY_PREFIXES[scope]}{name}{SECRET_SUFFIX}'
    )
    _write_client_pair(paths, scope, name, secret_path)
    return secret_path


def _write_client_pair(
    paths: KeyPaths, scope: str, name: str, secret_path: str
) -> None:
    public, secret = _new_pair()
    write_certificate(secret_path, public, secret)
    public_name = f'{PUBLIC_KEY_PREFIXES[scope]}{name}{PUBLIC_SUFFIX}'
    write_certificate(os.path.join(paths.client_public_dir, public_name), public)


def _clear_public_keys(directory: str) -> None:
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if name.endswith(PUBLIC_SUFFIX):
            try:
                os.unlink(os.path.join(directory, name))
            except OSError as exc:
                raise ServiceFileError(
                    f'cannot remove old key {name}: {exc.strerror}'
                ) from None


def remove_keys(run_dir: str | os.PathLike[str]) -> None:
    """Remove a run's key files (at shutdown); missing files are fine."""
    paths = KeyPaths(run_dir)
    _clear_public_keys(paths.client_public_dir)
    with _suppress(OSError):
        os.rmdir(paths.client_public_dir)
    try:
        names = os.listdir(paths.service_dir)
    except OSError:
        return
    for name in names:
        if name.endswith((PUBLIC_SUFFIX, SECRET_SUFFIX)):
            with _suppress(OSError):
                os.unlink(os.path.join(paths.service_dir, name))


# ------------------------------------------------------------- loading


def load_server_key(run_dir: str | os.PathLike[str]) -> tuple[bytes, bytes]:
    """The server's ``(public, secret)`` keys."""
    path = KeyPaths(run_dir).server_secret
    public, secret = read_certificate(path)
    if secret is None:
        raise ServiceFileError(f'{path}: no secret key in the file')
    return public, secret


def load_client_key(
    run_dir: str | os.PathLike[str], scope: str = OWNER
) -> ClientKey:
    """A client's key pair for ``scope`` and the server's public key."""
    _check_scope(scope)
    paths = KeyPaths(run_dir)
    path = paths.client_secrets[scope]
    public, secret = read_certificate(path)
    if secret is None:
        raise ServiceFileError(f'{path}: no secret key in the file')
    server_public, _ = read_certificate(paths.server_public)
    return ClientKey(scope, public, secret, server_public)


def load_authorized_keys(
    run_dir: str | os.PathLike[str],
) -> dict[bytes, Grant]:
    """The client public keys the server accepts, each with its scope.

    Files whose names match no scope prefix, or that cannot be read, are
    ignored (never granted anything).
    """
    directory = KeyPaths(run_dir).client_public_dir
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return {}
    granted: dict[bytes, Grant] = {}
    for name in names:
        if not name.endswith(PUBLIC_SUFFIX):
            continue
        scope = _scope_of(name)
        if scope is None:
            continue
        try:
            public, _ = read_certificate(os.path.join(directory, name))
        except ServiceFileError:
            continue
        stem = name[: -len(PUBLIC_SUFFIX)]
        previous = granted.get(public)
        # the same key under two names keeps the narrower scope
        if previous is None or scope == MESSAGE:
            granted[public] = Grant(scope, stem)
    return granted


def _scope_of(file_name: str) -> str | None:
    for scope, prefix in PUBLIC_KEY_PREFIXES.items():
        if file_name.startswith(prefix):
            return scope
    return None


def _suppress(*errors: type[BaseException]):
    """``contextlib.suppress``, imported only when needed (cylc message)."""
    import contextlib

    return contextlib.suppress(*errors)
