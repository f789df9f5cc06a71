"""Read queries shared by the scheduler's database and read-only openers.

Restart loading (task pool, outputs, prerequisites, jobs, timers, xtriggers,
broadcasts, flows, held tasks) and the lookups other tools make
(``cylc workflow-state``, ``cylc cat-log``).  Each query is one SQL
statement; rows come back as the small records of
:mod:`cylc_flow.db.records`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from cylc_flow.db import schema
from cylc_flow.db.connection import DatabaseConnection
from cylc_flow.db.encoding import (
    decode_float,
    decode_json,
    deserialise_flow_nums,
    deserialise_outputs,
    deserialise_satisfied,
    serialise_flow_nums,
)
from cylc_flow.db.errors import DatabaseValueError
from cylc_flow.db.records import (
    ActionTimerRecord,
    BroadcastStateRecord,
    FlowRecord,
    JobRecord,
    PrerequisiteRecord,
    TaskKey,
    TaskOutputsRecord,
    TaskPoolRecord,
    TaskStateRecord,
)

ACTIVE_JOB_STATUSES = ('submitted', 'running')

_JOB_COLUMNS = schema.TABLES[schema.TASK_JOBS].column_names
_JOB_SELECT = ', '.join(f'task_jobs.{column}' for column in _JOB_COLUMNS)
_STATE_COLUMNS = ', '.join(schema.TABLES[schema.TASK_STATES].column_names)

_TASK_POOL_SQL = '''
    SELECT
        task_pool.cycle, task_pool.name, task_pool.flow_nums,
        task_states.flow_wait, task_states.is_manual_submit,
        task_late_flags.value, task_pool.status, task_pool.is_held,
        task_states.submit_num, task_jobs.try_num, task_jobs.platform_name,
        task_jobs.time_submit, task_jobs.time_run,
        task_timeout_timers.timeout, task_outputs.outputs
    FROM task_pool
    JOIN task_states
        ON task_pool.cycle == task_states.cycle
        AND task_pool.name == task_states.name
        AND task_pool.flow_nums == task_states.flow_nums
    LEFT OUTER JOIN task_late_flags
        ON task_pool.cycle == task_late_flags.cycle
        AND task_pool.name == task_late_flags.name
    LEFT OUTER JOIN task_jobs
        ON task_pool.cycle == task_jobs.cycle
        AND task_pool.name == task_jobs.name
        AND task_states.submit_num == task_jobs.submit_num
    LEFT OUTER JOIN task_timeout_timers
        ON task_pool.cycle == task_timeout_timers.cycle
        AND task_pool.name == task_timeout_timers.name
    LEFT OUTER JOIN task_outputs
        ON task_pool.cycle == task_outputs.cycle
        AND task_pool.name == task_outputs.name
        AND task_pool.flow_nums == task_outputs.flow_nums
'''

_POOL_JOBS_SQL = f'''
    SELECT {_JOB_SELECT} FROM task_jobs
    WHERE (task_jobs.cycle, task_jobs.name) IN (
        SELECT cycle, name FROM task_pool
    )
    ORDER BY task_jobs.cycle, task_jobs.name, task_jobs.submit_num
'''  # nosec B608 (column names are code constants)

_ACTIVE_JOBS_SQL = f'''
    SELECT {_JOB_SELECT} FROM task_jobs
    WHERE (task_jobs.cycle, task_jobs.name, task_jobs.submit_num) IN (
        SELECT task_pool.cycle, task_pool.name, task_states.submit_num
        FROM task_pool
        JOIN task_states
            ON task_pool.cycle == task_states.cycle
            AND task_pool.name == task_states.name
            AND task_pool.flow_nums == task_states.flow_nums
        WHERE task_pool.status IN ({', '.join('?' * len(ACTIVE_JOB_STATUSES))})
    )
    ORDER BY task_jobs.cycle, task_jobs.name, task_jobs.submit_num
'''  # nosec B608 (column names are code constants)


def _bool(value: Any) -> bool:
    return bool(value) and value != '0'


def _job_record(row: tuple[Any, ...]) -> JobRecord:
    (cycle, name, submit_num, flow_nums, is_manual_submit, try_num,
     time_submit, time_submit_exit, submit_status, time_run, time_run_exit,
     run_signal, run_status, platform_name, job_runner_name, job_id) = row
    return JobRecord(
        cycle, name, submit_num, deserialise_flow_nums(flow_nums),
        _bool(is_manual_submit), try_num, time_submit, time_submit_exit,
        submit_status, time_run, time_run_exit, run_signal, run_status,
        platform_name, job_runner_name, job_id,
    )


def _state_record(row: tuple[Any, ...]) -> TaskStateRecord:
    (name, cycle, flow_nums, time_created, time_updated, submit_num, status,
     flow_wait, is_manual_submit) = row
    return TaskStateRecord(
        name, cycle, deserialise_flow_nums(flow_nums), time_created,
        time_updated, submit_num or 0, status, _bool(flow_wait),
        _bool(is_manual_submit),
    )


def _matcher(column: str, glob: bool) -> str:
    return f'{column} GLOB ?' if glob else f'{column} == ?'


class WorkflowDatabaseQueries(DatabaseConnection):
    """The ``select_*`` methods over one open workflow database."""

    @contextmanager
    def _decoding(self, table: str) -> Iterator[None]:
        """Name the file and table when a stored value cannot be decoded."""
        try:
            yield
        except DatabaseValueError as exc:
            raise DatabaseValueError(f'{self.path}: {table}: {exc}') from None

    def table_names(self) -> set[str]:
        """The names of the tables in the file."""
        rows = self.fetch_all(
            "SELECT name FROM sqlite_master WHERE type == 'table'"
        )
        return {name for (name,) in rows}

    # -- workflow -----------------------------------------------------------

    def select_workflow_params(self) -> dict[str, str | None]:
        """Every ``workflow_params`` key and value (``suite_params`` for a
        Cylc 7 database)."""
        table = schema.WORKFLOW_PARAMS
        if table not in self.table_names():
            table = schema.SUITE_PARAMS
        rows = self.fetch_all(f'SELECT key, value FROM {table}')  # nosec B608
        return {
            key: None if value is None else str(value) for key, value in rows
        }

    def select_workflow_restart_count(self) -> int:
        """The number of restarts so far (``n_restart``, 0 if unset)."""
        rows = self.fetch_all(
            'SELECT value FROM workflow_params WHERE key == ?',
            (schema.WorkflowParam.RESTART_COUNT.value,),
        )
        with self._decoding(schema.WORKFLOW_PARAMS):
            value = decode_float(rows[0][0], 'n_restart') if rows else None
        return int(value or 0)

    def select_workflow_template_vars(self) -> dict[str, str | None]:
        """Template variables as stored (``repr`` of each value)."""
        rows = self.fetch_all('SELECT key, value FROM workflow_template_vars')
        return dict(rows)

    def select_workflow_flows(
        self, flow_nums: Iterable[int] | None = None
    ) -> dict[int, FlowRecord]:
        """Flows by number: all, or just those given."""
        sql = 'SELECT flow_num, start_time, description FROM workflow_flows'
        parameters: tuple[int, ...] = ()
        if flow_nums is not None:
            parameters = tuple(sorted(set(flow_nums)))
            if not parameters:
                return {}
            sql += f' WHERE flow_num IN ({", ".join("?" * len(parameters))})'
        return {
            number: FlowRecord(number, start_time, description)
            for number, start_time, description in self.fetch_all(
                sql, parameters
            )
        }

    def select_workflow_flows_max_flow_num(self) -> int | None:
        """The highest flow number started so far, or None."""
        return self.fetch_all('SELECT MAX(flow_num) FROM workflow_flows')[0][0]

    def select_inheritance(self) -> dict[str, list[str]]:
        """Each namespace's linearised ancestors (first: itself)."""
        result: dict[str, list[str]] = {}
        with self._decoding(schema.INHERITANCE):
            for namespace, text in self.fetch_all(
                'SELECT namespace, inheritance FROM inheritance'
            ):
                value = decode_json(text, namespace)
                if not isinstance(value, list):
                    raise DatabaseValueError(
                        f'bad inheritance of {namespace}: {text!r}'
                    )
                result[namespace] = [str(item) for item in value]
        return result

    # -- task pool (restart) -------------------------------------------------

    def select_task_pool(self) -> list[TaskPoolRecord]:
        """Tasks to restore on restart, joined with their state, job, late
        flag, timeout and outputs exactly as Cylc joins them."""
        records = []
        with self._decoding(schema.TASK_POOL):
            for (cycle, name, flow_nums, flow_wait, is_manual_submit, is_late,
                 status, is_held, submit_num, try_num, platform_name,
                 time_submit, time_run, timeout, outputs) in self.fetch_all(
                     _TASK_POOL_SQL):
                records.append(TaskPoolRecord(
                    cycle, name, deserialise_flow_nums(flow_nums),
                    _bool(flow_wait), _bool(is_manual_submit), _bool(is_late),
                    status, _bool(is_held), submit_num or 0, try_num,
                    platform_name, time_submit, time_run,
                    decode_float(timeout, 'timeout'),
                    deserialise_outputs(outputs),
                ))
        return records

    def select_task_outputs(
        self, name: str | None = None, cycle: str | None = None
    ) -> list[TaskOutputsRecord]:
        """Completed outputs of every task instance (per flow), or of one."""
        sql = 'SELECT cycle, name, flow_nums, outputs FROM task_outputs'
        conditions, parameters = [], []
        if name is not None:
            conditions.append('name == ?')
            parameters.append(name)
        if cycle is not None:
            conditions.append('cycle == ?')
            parameters.append(cycle)
        if conditions:
            sql += ' WHERE ' + ' AND '.join(conditions)
        with self._decoding(schema.TASK_OUTPUTS):
            return [
                TaskOutputsRecord(
                    row_cycle, row_name, deserialise_flow_nums(flow_nums),
                    deserialise_outputs(outputs),
                )
                for row_cycle, row_name, flow_nums, outputs in self.fetch_all(
                    sql, parameters
                )
            ]

    def select_task_prerequisites(
        self,
        cycle: str | None = None,
        name: str | None = None,
        flow_nums: Iterable[int] | None = None,
    ) -> dict[TaskKey, list[PrerequisiteRecord]]:
        """Prerequisites of pool tasks, by (cycle, name, flow numbers)."""
        sql = (
            'SELECT cycle, name, flow_nums, prereq_cycle, prereq_name,'
            ' prereq_output, satisfied FROM task_prerequisites'
        )
        conditions, parameters = [], []
        for column, value in (('cycle', cycle), ('name', name)):
            if value is not None:
                conditions.append(f'{column} == ?')
                parameters.append(value)
        if flow_nums is not None:
            conditions.append('flow_nums == ?')
            parameters.append(serialise_flow_nums(flow_nums))
        if conditions:
            sql += ' WHERE ' + ' AND '.join(conditions)
        result: dict[TaskKey, list[PrerequisiteRecord]] = {}
        with self._decoding(schema.TASK_PREREQUISITES):
            for (row_cycle, row_name, row_flows, prereq_cycle, prereq_name,
                 prereq_output, satisfied) in self.fetch_all(sql, parameters):
                key = (row_cycle, row_name, deserialise_flow_nums(row_flows))
                record = PrerequisiteRecord(
                    prereq_cycle, prereq_name, prereq_output,
                    deserialise_satisfied(satisfied),
                )
                bucket = result.get(key)
                if bucket is None:
                    result[key] = [record]
                else:
                    bucket.append(record)
        return result

    def select_absolute_outputs(self) -> list[tuple[str, str, str]]:
        """Completed outputs that absolute triggers depend on:
        (cycle, name, output)."""
        return self.fetch_all('SELECT cycle, name, output FROM absolute_outputs')

    def select_xtriggers(self) -> dict[str, str]:
        """Satisfied xtriggers: signature -> results (JSON text)."""
        return dict(self.fetch_all('SELECT signature, results FROM xtriggers'))

    def select_task_action_timers(self) -> list[ActionTimerRecord]:
        """Retry, poll and event-handler timers to restore on restart."""
        records = []
        with self._decoding(schema.TASK_ACTION_TIMERS):
            for (cycle, name, ctx_key, ctx, delays, num, delay,
                 timeout) in self.fetch_all(
                     'SELECT cycle, name, ctx_key, ctx, delays, num, delay,'
                     ' timeout FROM task_action_timers'):
                what = f'{cycle}/{name}'
                delay_list = decode_json(delays, f'delays of {what}') or []
                if not isinstance(delay_list, list):
                    raise DatabaseValueError(
                        f'bad delays of {what}: {delays!r}'
                    )
                records.append(ActionTimerRecord(
                    cycle, name,
                    decode_json(ctx_key, f'ctx_key of {what}'),
                    decode_json(ctx, f'ctx of {what}'),
                    [
                        decode_float(item, f'delays of {what}')
                        for item in delay_list
                    ],
                    num,
                    decode_float(delay, f'delay of {what}'),
                    decode_float(timeout, f'timeout of {what}'),
                ))
        return records

    def select_tasks_to_hold(self) -> list[tuple[str, str]]:
        """Tasks to hold when they spawn: (name, cycle)."""
        return self.fetch_all('SELECT name, cycle FROM tasks_to_hold')

    def select_broadcast_states(self) -> list[BroadcastStateRecord]:
        """Active broadcasts, sorted by point, namespace and key."""
        return [
            BroadcastStateRecord(*row)
            for row in self.fetch_all(
                'SELECT point, namespace, key, value FROM broadcast_states'
                ' ORDER BY point ASC, namespace ASC, key ASC'
            )
        ]

    # -- jobs -------------------------------------------------------------

    def select_jobs_for_restart(
        self, active_only: bool = False
    ) -> list[JobRecord]:
        """Jobs of the tasks in the pool.

        ``active_only``: just the latest job of each submitted or running
        pool task (the jobs to poll on restart).
        """
        with self._decoding(schema.TASK_JOBS):
            if active_only:
                rows = self.fetch_all(_ACTIVE_JOBS_SQL, ACTIVE_JOB_STATUSES)
            else:
                rows = self.fetch_all(_POOL_JOBS_SQL)
            return [_job_record(row) for row in rows]

    def select_task_jobs(
        self, cycle: str | None = None, name: str | None = None
    ) -> list[JobRecord]:
        """Every job, or those of one cycle and/or task name."""
        conditions, parameters = [], []
        for column, value in (('cycle', cycle), ('name', name)):
            if value is not None:
                conditions.append(f'{column} == ?')
                parameters.append(value)
        where = f' WHERE {" AND ".join(conditions)}' if conditions else ''
        with self._decoding(schema.TASK_JOBS):
            return [
                _job_record(row)
                for row in self.fetch_all(
                    f'SELECT {", ".join(_JOB_COLUMNS)} FROM task_jobs{where}'
                    ' ORDER BY cycle, name, submit_num',  # nosec B608
                    parameters,
                )
            ]

    def select_task_job(
        self, cycle: str, name: str, submit_num: int | None = None
    ) -> JobRecord | None:
        """One job of a task: the latest, or the given submit number."""
        sql = (
            f'SELECT {", ".join(_JOB_COLUMNS)} FROM task_jobs'  # nosec B608
            ' WHERE cycle == ? AND name == ?'
        )
        parameters: list[Any] = [cycle, name]
        if submit_num is None:
            sql += ' ORDER BY submit_num DESC LIMIT 1'
        else:
            sql += ' AND submit_num == ?'
            parameters.append(submit_num)
        rows = self.fetch_all(sql, parameters)
        with self._decoding(schema.TASK_JOBS):
            return _job_record(rows[0]) if rows else None

    def select_task_job_run_times(self) -> dict[str, list[int]]:
        """Run times (seconds) of succeeded jobs, per task name, oldest
        first (for elapsed-time estimates)."""
        rows = self.fetch_all(
            "SELECT name, CAST(strftime('%s', time_run_exit) AS INTEGER)"
            " - CAST(strftime('%s', time_run) AS INTEGER)"
            ' FROM task_jobs WHERE run_status == 0'
            ' AND time_run IS NOT NULL AND time_run_exit IS NOT NULL'
            " ORDER BY CAST(strftime('%s', time_run_exit) AS INTEGER)"
        )
        result: dict[str, list[int]] = {}
        for name, seconds in rows:
            if seconds is not None:
                result.setdefault(name, []).append(int(seconds))
        return result

    # -- task states (history, workflow-state) -------------------------------

    def select_task_states_by_name_point(
        self,
        name: str | None = None,
        point: str | None = None,
        *,
        statuses: Iterable[str] | None = None,
        flow_num: int | None = None,
        glob: bool = False,
    ) -> list[TaskStateRecord]:
        """``task_states`` rows of matching tasks, by submit number.

        ``name``/``point`` are exact, or shell globs with ``glob=True``
        (as ``cylc workflow-state`` uses them); ``statuses`` keeps rows in
        any of those states; ``flow_num`` keeps rows in that flow.
        """
        conditions, parameters = [], []
        if name is not None:
            conditions.append(_matcher('name', glob))
            parameters.append(name)
        if point is not None:
            conditions.append(_matcher('cycle', glob))
            parameters.append(point)
        if statuses is not None:
            wanted = list(statuses)
            if not wanted:
                return []
            conditions.append(f'status IN ({", ".join("?" * len(wanted))})')
            parameters.extend(wanted)
        sql = f'SELECT {_STATE_COLUMNS} FROM task_states'  # nosec B608
        if conditions:
            sql += ' WHERE ' + ' AND '.join(conditions)
        sql += ' ORDER BY submit_num, rowid'
        with self._decoding(schema.TASK_STATES):
            records = [_state_record(row) for row in self.fetch_all(
                sql, parameters
            )]
        if flow_num is not None:
            records = [
                record for record in records if flow_num in record.flow_nums
            ]
        return records

    def select_latest_flow_nums(self) -> frozenset[int] | None:
        """Flow numbers of the most recently created task (not flow none)."""
        rows = self.fetch_all(
            'SELECT flow_nums FROM task_states WHERE flow_nums != ?'
            ' ORDER BY time_created DESC, rowid DESC LIMIT 1',
            (serialise_flow_nums(()),),
        )
        if not rows or rows[0][0] is None:
            return None
        with self._decoding(schema.TASK_STATES):
            return deserialise_flow_nums(rows[0][0])
