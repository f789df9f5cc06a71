"""Queued write statements, grouped so that a commit is a few ``executemany``.

Each queued statement becomes (SQL text, parameters).  The SQL text of a
statement depends only on its *shape* (table, kind, column names), is built
once per shape and cached, so queueing a row costs a dict lookup and a tuple.

Order: statements on one table run in the order they were queued; consecutive
statements of the same shape on a table form one ``executemany`` batch.
Statements on different tables commute (there are no triggers or foreign
keys), so each table's batches run together.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any

from cylc_flow.db.errors import DatabaseUsageError
from cylc_flow.db.schema import TABLES, Table

Row = Mapping[str, Any] | Sequence[Any]


class TableStatements:
    """Builds (and caches) the SQL of every statement shape for one table."""

    __slots__ = (
        '_column_set',
        '_delete_sql',
        '_get_all',
        '_known_shapes',
        '_update_sql',
        '_width',
        'columns',
        'insert_sql',
        'name',
        'replace_sql',
    )

    def __init__(self, table: Table) -> None:
        self.name = table.name
        self.columns = table.column_names
        self._column_set = frozenset(self.columns)
        self._width = len(self.columns)
        self._get_all = itemgetter(*self.columns)
        names = ', '.join(self.columns)
        marks = ', '.join('?' * self._width)
        self.insert_sql = f'INSERT INTO {self.name} ({names}) VALUES ({marks})'
        self.replace_sql = (
            f'INSERT OR REPLACE INTO {self.name} ({names}) VALUES ({marks})'
        )
        self._known_shapes: set[tuple[str, ...]] = set()
        self._update_sql: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}
        self._delete_sql: dict[tuple[str, ...], str] = {}

    def row_parameters(self, row: Row) -> tuple[Any, ...]:
        """Parameters for an INSERT: the row's values in column order.

        ``row`` maps column names to values (missing columns are NULL), or is
        a full-width sequence in the table's column order.
        """
        if isinstance(row, Mapping):
            if len(row) == self._width:
                try:
                    return self._get_all(row)
                except KeyError:
                    pass
            shape = tuple(row)
            if shape not in self._known_shapes:
                self._check_columns(shape)
                self._known_shapes.add(shape)
            get = row.get
            return tuple([get(column) for column in self.columns])
        if isinstance(row, (tuple, list)) and len(row) == self._width:
            return tuple(row)
        raise DatabaseUsageError(
            f'table {self.name}: a row must be a mapping of column names or a'
            f' sequence of {self._width} values, not {row!r}'
        )

    def update_sql(
        self, set_columns: tuple[str, ...], where_columns: tuple[str, ...]
    ) -> str:
        """The UPDATE statement for these SET and WHERE columns."""
        key = (set_columns, where_columns)
        sql = self._update_sql.get(key)
        if sql is None:
            if not set_columns:
                raise DatabaseUsageError(
                    f'table {self.name}: an update must set some column'
                )
            self._check_columns(set_columns + where_columns)
            assignments = ', '.join(f'{column}=?' for column in set_columns)
            sql = f'UPDATE {self.name} SET {assignments}' + _where(where_columns)
            self._update_sql[key] = sql
        return sql

    def delete_sql(self, where_columns: tuple[str, ...]) -> str:
        """The DELETE statement for these WHERE columns (none: every row)."""
        sql = self._delete_sql.get(where_columns)
        if sql is None:
            self._check_columns(where_columns)
            sql = f'DELETE FROM {self.name}' + _where(where_columns)
            self._delete_sql[where_columns] = sql
        return sql

    def _check_columns(self, columns: tuple[str, ...]) -> None:
        for column in columns:
            if column not in self._column_set:
                raise DatabaseUsageError(
                    f'table {self.name} has no column {column!r}'
                    f' (columns: {", ".join(self.columns)})'
                )


def _where(columns: tuple[str, ...]) -> str:
    """A WHERE clause matching every column; ``IS`` so that NULL matches."""
    if not columns:
        return ''
    return ' WHERE ' + ' AND '.join(f'{column} IS ?' for column in columns)


class StatementQueue:
    """Statements waiting for the next commit, in batches per table."""

    __slots__ = ('_batches', '_size', '_tables')

    def __init__(self) -> None:
        self._tables: dict[str, TableStatements] = {}
        # table name -> [[sql, [parameters, ...]], ...] in queued order
        self._batches: dict[str, list[list[Any]]] = {}
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def table(self, name: str) -> TableStatements:
        """The statement builder of a table."""
        statements = self._tables.get(name)
        if statements is None:
            table = TABLES.get(name)
            if table is None:
                raise DatabaseUsageError(
                    f'no table {name!r} in the workflow database'
                )
            statements = self._tables[name] = TableStatements(table)
        return statements

    def add(self, table: str, sql: str, parameters: tuple[Any, ...]) -> None:
        """Queue one statement, joining the table's last batch if same SQL."""
        batches = self._batches.get(table)
        if batches is None:
            self._batches[table] = [[sql, [parameters]]]
        else:
            last = batches[-1]
            if last[0] == sql:
                last[1].append(parameters)
            else:
                batches.append([sql, [parameters]])
        self._size += 1

    def add_many(
        self, table: str, sql: str, rows: list[tuple[Any, ...]]
    ) -> None:
        """Queue several statements of one shape, in order."""
        if not rows:
            return
        batches = self._batches.get(table)
        if batches is not None and batches[-1][0] == sql:
            batches[-1][1].extend(rows)
        elif batches is None:
            self._batches[table] = [[sql, rows]]
        else:
            batches.append([sql, rows])
        self._size += len(rows)

    def batches(self) -> Iterator[tuple[str, str, list[tuple[Any, ...]]]]:
        """Yield (table, sql, parameter rows) in execution order."""
        for table, batches in self._batches.items():
            for sql, rows in batches:
                yield table, sql, rows

    def take(self) -> StatementQueue:
        """Move every queued statement to a new queue (this one empties)."""
        taken = StatementQueue()
        taken._tables = self._tables
        taken._batches, self._batches = self._batches, {}
        taken._size, self._size = self._size, 0
        return taken

    def put_back(self, taken: StatementQueue) -> None:
        """Queue ``taken``'s statements before any queued since the take."""
        later = self._batches
        self._batches, self._size = taken._batches, taken._size
        taken._batches, taken._size = {}, 0
        for table, batches in later.items():
            for sql, rows in batches:
                self.add_many(table, sql, rows)

    def clear(self) -> None:
        """Forget every queued statement."""
        self._batches.clear()
        self._size = 0
