"""Is a workflow running?  Read its contact file (``.service/contact``).

The scheduler writes ``KEY=value`` lines (``CYLC_WORKFLOW_HOST``,
``CYLC_WORKFLOW_PID``, ``CYLC_WORKFLOW_PORT``...) when it starts and removes
the file when it stops; a file left by a scheduler that died is stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cylc_flow.install.layout import CONTACT_FILE, SERVICE_DIR

HOST = 'CYLC_WORKFLOW_HOST'
PID = 'CYLC_WORKFLOW_PID'
PORT = 'CYLC_WORKFLOW_PORT'


@dataclass(frozen=True, slots=True)
class ContactInfo:
    """What a contact file says about its scheduler."""

    path: Path
    fields: dict[str, str]

    @property
    def host(self) -> str:
        return self.fields.get(HOST, '') or 'localhost'

    @property
    def port(self) -> str:
        return self.fields.get(PORT, '')

    @property
    def pid(self) -> int | None:
        try:
            return int(self.fields.get(PID, ''))
        except ValueError:
            return None


def contact_file_path(run_dir: Path) -> Path:
    """``<run_dir>/.service/contact``."""
    return run_dir / SERVICE_DIR / CONTACT_FILE


def read_contact_file(run_dir: Path) -> ContactInfo | None:
    """The contact file of a run directory, or None if there is none."""
    path = contact_file_path(run_dir)
    try:
        text = path.read_text(encoding='utf-8', errors='replace')
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError:
        return ContactInfo(path, {})
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, equals, value = line.partition('=')
        if equals:
            # Cylc 7 era names used SUITE where Cylc 8 uses WORKFLOW
            fields[key.strip().replace('SUITE', 'WORKFLOW')] = value.strip()
    return ContactInfo(path, fields)


def scheduler_alive(contact: ContactInfo) -> bool:
    """Whether the scheduler a contact file names is (or may be) alive.

    A scheduler on another host counts as alive (it cannot be checked from
    here); a file without a PID is a leftover, as Cylc 8 treats it.  Locally
    the process must exist and (if recorded) run the recorded command line,
    as the network layer checks it.
    """
    from cylc_flow.network.contact import is_local_host, process_is_gone

    if contact.pid is None:
        return False
    if not is_local_host(contact.fields.get(HOST, '') or 'localhost'):
        return True
    return not process_is_gone(contact.fields, str(contact.path))


def running_scheduler(run_dir: Path) -> ContactInfo | None:
    """The contact info of a live scheduler of this run, else None."""
    contact = read_contact_file(run_dir)
    if contact is None or not scheduler_alive(contact):
        return None
    return contact


def remove_stale_contact_file(run_dir: Path) -> bool:
    """Remove a contact file whose scheduler is dead; True if removed."""
    contact = read_contact_file(run_dir)
    if contact is None or scheduler_alive(contact):
        return False
    try:
        contact.path.unlink()
    except FileNotFoundError:
        return False
    except OSError:
        return False
    return True
