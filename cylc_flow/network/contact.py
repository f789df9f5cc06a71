"""The contact file: how clients find a running scheduler.

``<run_dir>/.service/contact`` holds sorted ``KEY=value`` lines (the Cylc 8
field names below).  The scheduler writes it once its sockets are bound and
removes it at shutdown; a file whose process has gone is *stale*.
"""

from __future__ import annotations

import os

from cylc_flow.network.errors import ContactFileMissing, ServiceFileError
from cylc_flow.network.keys import SERVICE_DIR, make_private_dir, write_private_file

TYPE_CHECKING = False  # typing itself is not imported: cylc message starts fast
if TYPE_CHECKING:
    from collections.abc import Mapping

CONTACT_FILE = 'contact'

API = 'CYLC_API'
VERSION = 'CYLC_VERSION'
COMMAND = 'CYLC_WORKFLOW_COMMAND'
HOST = 'CYLC_WORKFLOW_HOST'
WORKFLOW_ID = 'CYLC_WORKFLOW_ID'
OWNER = 'CYLC_WORKFLOW_OWNER'
PID = 'CYLC_WORKFLOW_PID'
PORT = 'CYLC_WORKFLOW_PORT'
PUBLISH_PORT = 'CYLC_WORKFLOW_PUBLISH_PORT'
RUN_DIR_ON_HOST = 'CYLC_WORKFLOW_RUN_DIR_ON_WORKFLOW_HOST'
UUID = 'CYLC_WORKFLOW_UUID'
SCHEDULER_CYLC_PATH = 'SCHEDULER_CYLC_PATH'
SCHEDULER_SSH_COMMAND = 'SCHEDULER_SSH_COMMAND'
SCHEDULER_USE_LOGIN_SHELL = 'SCHEDULER_USE_LOGIN_SHELL'

#: Every field a scheduler writes.
FIELDS = (
    API, VERSION, COMMAND, HOST, WORKFLOW_ID, OWNER, PID, PORT, PUBLISH_PORT,
    RUN_DIR_ON_HOST, UUID, SCHEDULER_CYLC_PATH, SCHEDULER_SSH_COMMAND,
    SCHEDULER_USE_LOGIN_SHELL,
)

_LOCAL_NAMES = frozenset(('localhost', 'localhost.localdomain', '127.0.0.1', '::1'))


def contact_file_path(run_dir: str | os.PathLike[str]) -> str:
    """``<run_dir>/.service/contact``."""
    return os.path.join(os.fspath(run_dir), SERVICE_DIR, CONTACT_FILE)


def write_contact(
    run_dir: str | os.PathLike[str], fields: Mapping[str, object]
) -> None:
    """Write the contact file (atomically, synced to disk, mode 0600)."""
    lines = []
    for key, value in sorted(fields.items()):
        text = str(value)
        if not key or '=' in key or any(char in key for char in '\n\r'):
            raise ServiceFileError(f'bad contact file field name: {key!r}')
        if '\n' in text or '\r' in text:
            raise ServiceFileError(f'contact file field {key} has a line break')
        lines.append(f'{key}={text}\n')
    path = contact_file_path(run_dir)
    make_private_dir(os.path.dirname(path))
    write_private_file(path, ''.join(lines))
    # sync the directory too, so clients on other hosts (NFS) see the file
    try:
        descriptor = os.open(os.path.dirname(path), os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError:
        pass


def load_contact(run_dir: str | os.PathLike[str]) -> dict[str, str]:
    """Read the contact file into a dict (``ContactFileMissing`` if absent)."""
    path = contact_file_path(run_dir)
    try:
        with open(path, encoding='utf-8', errors='replace') as handle:
            text = handle.read()
    except FileNotFoundError:
        raise ContactFileMissing(f'no contact file: {path}') from None
    except OSError as exc:
        raise ServiceFileError(f'cannot read {path}: {exc.strerror}') from None
    return parse_contact(text, path)


def parse_contact(text: str, path: str = CONTACT_FILE) -> dict[str, str]:
    """Parse contact file text; malformed lines raise ``ServiceFileError``."""
    data: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        key, sep, value = line.partition('=')
        key = key.strip()
        if not sep or not key:
            raise ServiceFileError(f'{path}:{number}: not a KEY=value line')
        # Cylc 7 "SUITE" names read as their Cylc 8 "WORKFLOW" names
        data[key.replace('SUITE', 'WORKFLOW')] = value.strip()
    return data


def remove_contact(run_dir: str | os.PathLike[str]) -> bool:
    """Remove the contact file; return False if it was not there."""
    try:
        os.unlink(contact_file_path(run_dir))
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise ServiceFileError(
            f'cannot remove {contact_file_path(run_dir)}: {exc.strerror}'
        ) from None
    return True


def contact_address(contact: Mapping[str, str], path: str = CONTACT_FILE
                    ) -> tuple[str, int]:
    """The ``(host, port)`` of the request socket a contact file names."""
    host = contact.get(HOST, '')
    try:
        port = int(contact.get(PORT, ''))
    except ValueError:
        raise ServiceFileError(f'{path}: no valid {PORT}') from None
    if not host:
        raise ServiceFileError(f'{path}: no {HOST}')
    return host, port


def is_local_host(host: str) -> bool:
    """Whether a host name (as a contact file gives it) is this host."""
    import socket

    name = host.lower()
    if name in _LOCAL_NAMES:
        return True
    here = socket.gethostname().lower()
    if name in (here, here.split('.', 1)[0]):
        return True
    return name == socket.getfqdn().lower()


def command_line_text(arguments: list[str]) -> str:
    """A command line as one string, as the contact file records it."""
    import shlex

    return shlex.join(arguments).replace('\r', ' ').replace('\n', ' ')


def process_is_gone(contact: Mapping[str, str], path: str = CONTACT_FILE) -> bool:
    """Whether the local scheduler process the contact file names has gone.

    Gone means: no such PID, or a process with that PID whose command line
    is not the recorded ``CYLC_WORKFLOW_COMMAND`` (the PID was reused).
    """
    try:
        pid = int(contact.get(PID, ''))
    except ValueError:
        raise ServiceFileError(f'{path}: no valid {PID}') from None
    import psutil

    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return True
        arguments = process.cmdline()
    except psutil.NoSuchProcess:
        return True
    except psutil.AccessDenied:
        return False  # someone's process is there: assume it is ours
    command = contact.get(COMMAND)
    if not command:
        return False
    return command_line_text(arguments) != command


def detect_stale(run_dir: str | os.PathLike[str]) -> bool:
    """Whether the contact file is stale (its scheduler process has gone).

    False when there is no contact file, or when the scheduler runs on
    another host (that is checked by the host itself, not from here).
    """
    try:
        contact = load_contact(run_dir)
    except ContactFileMissing:
        return False
    if not is_local_host(contact.get(HOST, '')):
        return False
    return process_is_gone(contact, contact_file_path(run_dir))


def clear_stale_contact(run_dir: str | os.PathLike[str], workflow_id: str) -> bool:
    """Before starting a scheduler: remove a stale contact file.

    Returns True if one was removed; raises ``ServiceFileError`` if the
    workflow is still running.
    """
    try:
        contact = load_contact(run_dir)
    except ContactFileMissing:
        return False
    path = contact_file_path(run_dir)
    if is_local_host(contact.get(HOST, '')) and process_is_gone(contact, path):
        return remove_contact(run_dir)
    raise ServiceFileError(
        f'workflow {workflow_id} is already running on'
        f' {contact.get(HOST, "?")}:{contact.get(PORT, "?")}'
        f' (pid {contact.get(PID, "?")}; contact file {path})'
    )


def scheduler_contact_fields(
    workflow_id: str,
    run_dir: str | os.PathLike[str],
    *,
    port: int,
    publish_port: int,
    uuid: str,
    host: str | None = None,
    pid: int | None = None,
    command: list[str] | None = None,
    owner: str | None = None,
    cylc_path: str | None = None,
    ssh_command: str = 'ssh -oBatchMode=yes -oConnectTimeout=10',
    use_login_shell: bool = True,
) -> dict[str, str]:
    """The contact file fields for this scheduler process."""
    import getpass
    import socket
    import sys

    from cylc_flow import API as API_VERSION
    from cylc_flow import __version__

    if command is None:
        command = [os.path.basename(sys.argv[0]) or 'cylc', *sys.argv[1:]]
        try:
            import psutil

            command = psutil.Process().cmdline()
        except Exception:  # psutil cannot see itself: keep argv
            pass
    return {
        API: str(API_VERSION),
        VERSION: __version__,
        COMMAND: command_line_text(command),
        HOST: host or socket.getfqdn(),
        WORKFLOW_ID: workflow_id,
        OWNER: owner or getpass.getuser(),
        PID: str(pid if pid is not None else os.getpid()),
        PORT: str(port),
        PUBLISH_PORT: str(publish_port),
        RUN_DIR_ON_HOST: os.path.abspath(os.fspath(run_dir)),
        UUID: uuid,
        SCHEDULER_CYLC_PATH: str(cylc_path),
        SCHEDULER_SSH_COMMAND: ssh_command,
        SCHEDULER_USE_LOGIN_SHELL: str(use_login_shell),
    }
