"""Reading a target workflow's public database for state queries.

Three layouts are read:

* Cylc 8.3+: ``workflow_params``; ``task_states`` and ``task_outputs`` keyed
  by flow numbers; outputs are JSON ``{trigger: message}``;
* Cylc 8.0-8.2: the same, but outputs are a JSON list of messages;
* Cylc 7: ``suite_params``; no flow numbers; outputs hold only custom
  outputs, ``{trigger: message}``; a status may be NULL.

The file is opened afresh for each check: the scheduler replaces ``log/db``
by renaming a new copy over it, which an open connection would never see.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cylc_flow.db import open_public_db, schema
from cylc_flow.db.encoding import deserialise_flow_nums
from cylc_flow.db.errors import DatabaseError, DatabaseValueError
from cylc_flow.db.public import ReadOnlyWorkflowDatabase

FLOW_NUMS = 'flow_nums'


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One task row: ``value`` is the status, or the outputs JSON text.

    ``flow_nums`` is None for a Cylc 7 database (no flows).
    """

    name: str
    cycle: str
    value: str
    flow_nums: frozenset[int] | None


def _condition(column: str, value: str) -> str:
    return f'{column} GLOB ?' if '*' in value else f'{column} == ?'


class TargetDatabase:
    """A workflow's public database, open for one check.

    Raises :class:`~cylc_flow.db.errors.DatabaseError` if the file is
    missing, is not an sqlite database, or is not a workflow database.
    """

    def __init__(self, path: Path | str, retry_seconds: float = 5.0) -> None:
        self.path = Path(path)
        self.is_cylc7 = False
        self.params: dict[str, str | None] = {}
        self._state_flows = self._output_flows = True
        self._database: ReadOnlyWorkflowDatabase = open_public_db(
            self.path, retry_seconds
        )
        try:
            self._inspect()
        except BaseException:
            self._database.close()
            raise

    def _inspect(self) -> None:
        tables = self._database.table_names()
        if schema.WORKFLOW_PARAMS in tables:
            self.is_cylc7 = False
        elif schema.SUITE_PARAMS in tables:
            self.is_cylc7 = True
        else:
            raise DatabaseError(
                f'{self.path}: not a workflow database (no'
                f' {schema.WORKFLOW_PARAMS} table)'
            )
        for table in (schema.TASK_STATES, schema.TASK_OUTPUTS):
            if table not in tables:
                raise DatabaseError(
                    f'{self.path}: not a workflow database (no {table} table)'
                )
        self.params = self._database.select_workflow_params()
        self._state_flows = FLOW_NUMS in self._columns(schema.TASK_STATES)
        self._output_flows = FLOW_NUMS in self._columns(schema.TASK_OUTPUTS)

    def _columns(self, table: str) -> set[str]:
        rows = self._database.fetch_all(f'PRAGMA table_info({table})')
        return {row[1] for row in rows}

    def close(self) -> None:
        """Close the file."""
        self._database.close()

    def __enter__(self) -> TargetDatabase:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def select_states(
        self, name: str | None, cycle: str | None, status: str | None
    ) -> list[TaskRow]:
        """Latest status of matching tasks, by submit number (rows with no
        status, which Cylc 7 could write, are left out)."""
        conditions = ['status IS NOT NULL']
        parameters: list[Any] = []
        if status is not None:
            conditions.append('status == ?')
            parameters.append(status)
        return self._select(
            schema.TASK_STATES, 'status', self._state_flows,
            name, cycle, conditions, parameters, 'submit_num, rowid',
        )

    def select_outputs(
        self, name: str | None, cycle: str | None
    ) -> list[TaskRow]:
        """Completed outputs (JSON text) of matching tasks."""
        return self._select(
            schema.TASK_OUTPUTS, 'outputs', self._output_flows,
            name, cycle, ['outputs IS NOT NULL'], [], 'rowid',
        )

    def _select(
        self,
        table: str,
        value_column: str,
        has_flows: bool,
        name: str | None,
        cycle: str | None,
        conditions: list[str],
        parameters: list[Any],
        order: str,
    ) -> list[TaskRow]:
        for column, value in (('name', name), ('cycle', cycle)):
            if value is not None:
                conditions.append(_condition(column, value))
                parameters.append(value)
        flows = f', {FLOW_NUMS}' if has_flows else ''
        sql = (
            f'SELECT name, cycle, {value_column}{flows} FROM {table}'  # nosec B608
            f' WHERE {" AND ".join(conditions)} ORDER BY {order}'
        )
        rows = self._database.fetch_all(sql, parameters)
        if not has_flows:
            return [TaskRow(str(r[0]), str(r[1]), str(r[2]), None) for r in rows]
        try:
            return [
                TaskRow(
                    str(row_name), str(row_cycle), str(value),
                    deserialise_flow_nums(flow_text),
                )
                for row_name, row_cycle, value, flow_text in rows
            ]
        except DatabaseValueError as exc:
            raise DatabaseValueError(f'{self.path}: {table}: {exc}') from None
