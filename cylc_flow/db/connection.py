"""An sqlite connection that reports every problem as a DatabaseError.

Reads retry while the file is busy (another process holds a lock) until a
deadline, then fail with a :class:`~cylc_flow.db.errors.DatabaseLockedError`
that names the file.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from cylc_flow.db.errors import (
    DatabaseError,
    DatabaseLockedError,
    database_error,
    describe,
    is_busy,
)

Result = TypeVar('Result')

# Longest single sleep between busy retries.
_RETRY_SLEEP = 0.05


class DatabaseConnection:
    """Owns one sqlite connection to one file; translates its errors."""

    def __init__(self, path: Path, retry_seconds: float) -> None:
        self.path = path
        self.retry_seconds = retry_seconds
        self._connection: sqlite3.Connection | None = None

    @property
    def connection(self) -> sqlite3.Connection:
        """The open sqlite connection (for tracing and tests)."""
        if self._connection is None:
            raise DatabaseError(f'{self.path}: the database is closed')
        return self._connection

    @property
    def is_open(self) -> bool:
        """True until :meth:`close`."""
        return self._connection is not None

    def close(self) -> None:
        """Close the connection (queued work is not committed)."""
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except sqlite3.Error as exc:
                raise database_error(self.path, exc, 'close') from None

    def __enter__(self) -> DatabaseConnection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def fetch_all(
        self, sql: str, parameters: Sequence[Any] = ()
    ) -> list[tuple[Any, ...]]:
        """Run a query and return every row, retrying while busy."""
        connection = self.connection
        return self.retrying(
            lambda: connection.execute(sql, parameters).fetchall()
        )

    def retrying(self, operation: Callable[[], Result]) -> Result:
        """Run ``operation``, retrying on SQLITE_BUSY until the deadline."""
        deadline: float | None = None
        while True:
            try:
                return operation()
            except sqlite3.Error as exc:
                if not is_busy(exc):
                    raise database_error(self.path, exc) from None
                now = time.monotonic()
                if deadline is None:
                    deadline = now + self.retry_seconds
                if now >= deadline:
                    raise DatabaseLockedError(
                        f'{self.path}: {describe(exc)};'
                        f' gave up after {self.retry_seconds:g}s'
                    ) from None
                time.sleep(min(_RETRY_SLEEP, deadline - now))
            except (ValueError, OverflowError, MemoryError) as exc:
                # e.g. an integer too large for sqlite, or a NUL in SQL
                raise DatabaseError(f'{self.path}: {exc}') from None
