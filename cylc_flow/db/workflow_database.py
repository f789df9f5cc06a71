"""The scheduler's workflow database: queue writes, commit once per turn.

The private file (``.service/db``) is opened in WAL mode with
``synchronous=NORMAL``; every queued statement of a turn is applied by
:meth:`WorkflowDatabase.commit` in ONE transaction, as a few ``executemany``
calls.  :meth:`WorkflowDatabase.copy_to_public` then refreshes the public copy
(``log/db``) that other tools read.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from cylc_flow.db import schema
from cylc_flow.db.errors import DatabaseError, database_error
from cylc_flow.db.public import write_public_copy
from cylc_flow.db.queries import WorkflowDatabaseQueries
from cylc_flow.db.statements import Row, StatementQueue

PRIVATE_MODE = 0o600


class WorkflowDatabase(WorkflowDatabaseQueries):
    """Read and write a workflow's private database; publish its copy.

    Args:
        private_path: the private database file (created if missing; its
            directory must exist).
        public_path: where :meth:`copy_to_public` writes the public copy.
        busy_timeout: seconds to wait for a lock held by another process
            before raising :class:`~cylc_flow.db.errors.DatabaseLockedError`.
    """

    def __init__(
        self,
        private_path: Path | str,
        public_path: Path | str | None = None,
        busy_timeout: float = 1.0,
    ) -> None:
        super().__init__(Path(private_path), busy_timeout)
        self.public_path = None if public_path is None else Path(public_path)
        self._queue = StatementQueue()
        self._generation = 0  # successful commits that changed something
        self._public_generation = -1  # generation of the last public copy
        self._connection = self._open()
        try:
            self._create_tables()
        except sqlite3.Error as exc:
            self._abandon()
            raise database_error(self.path, exc, 'create tables') from None
        except DatabaseError:
            self._abandon()
            raise

    # -- opening ---------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """Connect, creating a private (0600) file if there is none."""
        path = self.path
        if not path.parent.is_dir():
            raise DatabaseError(f'{path}: directory {path.parent} not found')
        if path.is_dir():
            raise DatabaseError(f'{path}: is a directory, not a database')
        try:
            if not path.exists():
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_MODE))
        except OSError as exc:
            raise DatabaseError(f'{path}: cannot create: {exc}') from None
        connection = None
        try:
            connection = sqlite3.connect(
                path,
                timeout=self.retry_seconds,
                isolation_level=None,
                check_same_thread=False,
            )
            (mode,) = connection.execute('PRAGMA journal_mode=WAL').fetchone()
            connection.execute('PRAGMA synchronous=NORMAL')
        except sqlite3.Error as exc:
            if connection is not None:
                connection.close()
            raise database_error(path, exc, 'open') from None
        self.journal_mode = str(mode).lower()
        return connection

    def _create_tables(self) -> None:
        """Create missing tables and columns; record the schema version."""
        connection = self.connection
        (version,) = connection.execute('PRAGMA user_version').fetchone()
        if version > schema.SCHEMA_VERSION:
            raise DatabaseError(
                f'{self.path}: written by a newer version (database schema'
                f' {version}, this version reads {schema.SCHEMA_VERSION})'
            )
        connection.execute('BEGIN IMMEDIATE')
        try:
            existing = {
                name for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type == 'table'"
                )
            }
            for name, table in schema.TABLES.items():
                if name not in existing:
                    connection.execute(table.create_statement())
                    continue
                have = {
                    row[1] for row in connection.execute(
                        f'PRAGMA table_info({name})'
                    )
                }
                for column in table.columns:
                    if column.name not in have:
                        extra = schema.UPGRADE_DEFAULTS.get((name, column.name))
                        connection.execute(
                            f'ALTER TABLE {name} ADD COLUMN'
                            f' {column.name} {column.datatype}'
                            + (f' {extra}' if extra else '')
                        )
            if version != schema.SCHEMA_VERSION:
                connection.execute(
                    f'PRAGMA user_version = {schema.SCHEMA_VERSION:d}'
                )
            connection.execute('COMMIT')
        except BaseException:
            if connection.in_transaction:
                connection.execute('ROLLBACK')
            raise

    def _abandon(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with suppress(sqlite3.Error):
                connection.close()

    # -- queueing --------------------------------------------------------

    @property
    def queued(self) -> int:
        """Statements queued for the next commit."""
        return len(self._queue)

    def put_insert(self, table: str, row: Row) -> None:
        """Queue an INSERT (missing columns are NULL).

        A row that repeats a primary key fails the commit; use
        :meth:`put_replace` to overwrite.
        """
        statements = self._queue.table(table)
        self._queue.add(
            table, statements.insert_sql, statements.row_parameters(row)
        )

    def put_replace(self, table: str, row: Row) -> None:
        """Queue an INSERT OR REPLACE (Cylc's insert: the last row wins)."""
        statements = self._queue.table(table)
        self._queue.add(
            table, statements.replace_sql, statements.row_parameters(row)
        )

    def put_insert_many(self, table: str, rows: Iterable[Row]) -> None:
        """Queue an INSERT for each row (cheaper than a loop of put_insert)."""
        self._put_many(table, rows, replace=False)

    def put_replace_many(self, table: str, rows: Iterable[Row]) -> None:
        """Queue an INSERT OR REPLACE for each row."""
        self._put_many(table, rows, replace=True)

    def _put_many(self, table: str, rows: Iterable[Row], replace: bool) -> None:
        statements = self._queue.table(table)
        sql = statements.replace_sql if replace else statements.insert_sql
        parameters = statements.row_parameters
        self._queue.add_many(table, sql, [parameters(row) for row in rows])

    def put_update(
        self,
        table: str,
        set_values: Mapping[str, Any],
        where: Mapping[str, Any],
    ) -> None:
        """Queue an UPDATE of the rows matching every ``where`` item
        (NULL matches NULL; an empty ``where`` updates every row)."""
        statements = self._queue.table(table)
        sql = statements.update_sql(tuple(set_values), tuple(where))
        self._queue.add(
            table, sql, (*set_values.values(), *where.values())
        )

    def put_delete(self, table: str, where: Mapping[str, Any]) -> None:
        """Queue a DELETE of the rows matching every ``where`` item
        (an empty ``where`` deletes every row)."""
        statements = self._queue.table(table)
        self._queue.add(
            table, statements.delete_sql(tuple(where)), tuple(where.values())
        )

    def discard_queue(self) -> None:
        """Forget the queued statements (e.g. after a failed commit)."""
        self._queue.clear()

    # -- committing --------------------------------------------------------

    def commit(self) -> int:
        """Apply every queued statement in one transaction.

        Returns the number of statements applied.  On failure the
        transaction is rolled back, the queue is kept (so the caller may
        retry or :meth:`discard_queue`) and a DatabaseError is raised.
        """
        with self.transaction() as taken:
            return self.commit_taken(taken)

    @contextmanager
    def transaction(self) -> Iterator[StatementQueue]:
        """Take the queued statements for :meth:`commit_taken` (which may
        run in a worker thread meanwhile); put them back, on the caller's
        thread, if it fails."""
        taken = self.take_queued()
        try:
            yield taken
        except DatabaseError:
            self.put_back(taken)
            raise

    def take_queued(self) -> StatementQueue:
        """The queued statements, for :meth:`commit_taken` (the queue then
        collects the next transaction's statements)."""
        return self._queue.take()

    def put_back(self, taken: StatementQueue) -> None:
        """Requeue statements whose :meth:`commit_taken` failed."""
        self._queue.put_back(taken)

    def commit_taken(self, taken: StatementQueue) -> int:
        """Apply ``taken`` in one transaction; may run in a worker thread
        (nothing else may use the connection meanwhile)."""
        count = len(taken)
        if not count:
            return 0
        connection = self.connection
        failed_table = None
        try:
            connection.execute('BEGIN IMMEDIATE')
            for table, sql, rows in taken.batches():
                failed_table = table
                connection.executemany(sql, rows)
            failed_table = None
            connection.execute('COMMIT')
        except (sqlite3.Error, ValueError, OverflowError) as exc:
            self._rollback(connection)
            action = (
                'commit' if failed_table is None
                else f'write to {failed_table}'
            )
            if isinstance(exc, sqlite3.Error):
                raise database_error(self.path, exc, action) from None
            raise DatabaseError(f'{self.path}: {action}: {exc}') from None
        self._generation += 1
        return count

    def _rollback(self, connection: sqlite3.Connection) -> None:
        with suppress(sqlite3.Error):
            if connection.in_transaction:
                connection.execute('ROLLBACK')

    # -- public copy -------------------------------------------------------

    def copy_to_public(self, force: bool = False) -> bool:
        """Refresh the public copy if anything was committed since the last.

        The copy is a consistent snapshot of the committed state, written to
        a temporary file and renamed over the public path, so a reader sees
        the old copy or the new one, never a mixture.  Returns True if a
        copy was written.
        """
        if self.public_path is None:
            return False
        if (
            not force
            and self._public_generation == self._generation
            and self.public_path.exists()
        ):
            return False
        write_public_copy(self.connection, self.public_path)
        self._public_generation = self._generation
        return True

    def close(self) -> None:
        """Close the database (queued statements are not committed)."""
        self._queue.clear()
        super().close()

    def __enter__(self) -> WorkflowDatabase:
        return self
