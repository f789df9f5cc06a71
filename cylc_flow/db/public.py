"""The public copy of the workflow database (``log/db``) and its readers.

The scheduler never writes ``log/db`` in place: it backs the private database
up (sqlite backup API) into a temporary file beside it, switches the copy to
the ordinary rollback journal (readers need no ``-wal``/``-shm`` files) and
renames it over ``log/db``.  Readers therefore see one consistent snapshot or
the next, and never block the scheduler.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import suppress
from pathlib import Path
from urllib.parse import quote

from cylc_flow.db.errors import DatabaseError, database_error
from cylc_flow.db.queries import WorkflowDatabaseQueries

_DEFAULT_PUBLIC_MODE = 0o644


def _public_mode(path: Path) -> int:
    """Permissions for a new copy: those of the old one, else 0644."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return _DEFAULT_PUBLIC_MODE


def write_public_copy(source: sqlite3.Connection, path: Path) -> None:
    """Write a consistent snapshot of ``source`` to ``path`` atomically."""
    directory = path.parent
    if not directory.is_dir():
        raise DatabaseError(f'{path}: directory {directory} not found')
    try:
        handle, temporary_name = tempfile.mkstemp(
            prefix=f'.{path.name}.', suffix='.tmp', dir=directory
        )
        os.close(handle)
    except OSError as exc:
        raise DatabaseError(f'{path}: cannot write public copy: {exc}') from None
    temporary = Path(temporary_name)
    try:
        target = sqlite3.connect(temporary, isolation_level=None)
        try:
            # The copy is throw-away until renamed: no journal, no fsync.
            target.execute('PRAGMA journal_mode=OFF')
            target.execute('PRAGMA synchronous=OFF')
            source.backup(target)
            # The backup copies the WAL flag; readers want a plain file.
            target.execute('PRAGMA journal_mode=DELETE')
        finally:
            target.close()
        os.chmod(temporary, _public_mode(path))
        os.replace(temporary, path)
    except sqlite3.Error as exc:
        _remove(temporary)
        raise database_error(path, exc, 'write public copy') from None
    except OSError as exc:
        _remove(temporary)
        raise DatabaseError(f'{path}: cannot write public copy: {exc}') from None


def _remove(path: Path) -> None:
    for name in (path, Path(f'{path}-journal'), Path(f'{path}-wal')):
        with suppress(OSError):
            name.unlink()


class ReadOnlyWorkflowDatabase(WorkflowDatabaseQueries):
    """A workflow database opened read-only (``mode=ro``) by other tools.

    Queries retry for up to ``retry_seconds`` while another process holds a
    lock, then raise :class:`~cylc_flow.db.errors.DatabaseLockedError`.
    """

    def __init__(self, path: Path | str, retry_seconds: float = 5.0) -> None:
        super().__init__(Path(path), retry_seconds)
        if not self.path.is_file():
            raise DatabaseError(f'{self.path}: no such database file')
        uri = f'file:{quote(str(self.path.resolve()))}?mode=ro'
        try:
            self._connection = sqlite3.connect(
                uri,
                uri=True,
                timeout=min(retry_seconds, 0.05),
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise database_error(self.path, exc, 'open') from None
        try:
            # Reading the schema proves this is an sqlite database.
            self.table_names()
        except DatabaseError:
            self.close()
            raise

    def __enter__(self) -> ReadOnlyWorkflowDatabase:
        return self


def open_public_db(
    path: Path | str, retry_seconds: float = 5.0
) -> ReadOnlyWorkflowDatabase:
    """Open a workflow database (usually ``log/db``) for reading."""
    return ReadOnlyWorkflowDatabase(path, retry_seconds)
