"""Errors raised by the workflow database layer.

Every sqlite problem reaches the caller as a :class:`DatabaseError` whose one
line names the database file and the reason, never as a raw ``sqlite3``
exception.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cylc_flow.exceptions import CylcError

# sqlite's own wording, mapped to a hint the user can act on.
_HINTS = (
    ('file is not a database', 'not an sqlite database, or corrupt'),
    ('database disk image is malformed', 'the database file is corrupt'),
    ('database is locked', 'locked by another process'),
    ('database table is locked', 'locked by another process'),
    ('unable to open database file', 'cannot open the file'),
    ('disk i/o error', 'disk I/O error'),
    ('database or disk is full', 'the disk is full'),
    ('attempt to write a readonly database', 'the file is read-only'),
    ('cannot operate on a closed database', 'the database is closed'),
)


class DatabaseError(CylcError):
    """A workflow database cannot be opened, read or written."""


class DatabaseLockedError(DatabaseError):
    """Another process held a lock on the database for too long."""


class DatabaseValueError(DatabaseError):
    """A stored value is not in the encoding Cylc uses (e.g. bad JSON)."""


class DatabaseUsageError(DatabaseError):
    """The caller named a table or column that the schema does not have."""


def describe(exc: BaseException) -> str:
    """Return a short reason for an sqlite exception, with a hint if known."""
    text = str(exc).strip() or type(exc).__name__
    lowered = text.lower()
    for fragment, hint in _HINTS:
        if fragment in lowered:
            return f'{hint} ({text})'
    return text


def is_busy(exc: BaseException) -> bool:
    """True if an sqlite exception means "busy/locked, try again later"."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, 'sqlite_errorcode', None)
    if code is not None:
        # SQLITE_BUSY (5) and SQLITE_LOCKED (6), with extended codes.
        return code & 0xFF in (5, 6)
    lowered = str(exc).lower()
    return 'locked' in lowered or 'busy' in lowered


def database_error(
    path: Path | str, exc: BaseException, action: str | None = None
) -> DatabaseError:
    """Build the one-line error for an sqlite exception on ``path``."""
    reason = describe(exc)
    if action:
        reason = f'{action}: {reason}'
    error_class = DatabaseLockedError if is_busy(exc) else DatabaseError
    return error_class(f'{path}: {reason}')
