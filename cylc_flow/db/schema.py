"""The Cylc 8 workflow database schema: tables, columns and their types.

These are public: users' scripts and Cylc's own tools (``cylc workflow-state``,
``cylc clean``, the UI Server) query ``log/db`` by these names.  Each table is
created with the same ``CREATE TABLE`` text that Cylc 8 uses, so that the
``sqlite_master`` entries of a database written here and one written by Cylc
are identical.

Value encodings (see :mod:`cylc_flow.db.encoding`): flow numbers are JSON
lists (``[1]``, ``[1, 2]``, ``[]`` for no flow); outputs are JSON objects of
``{trigger: message}``; time stamps are ISO 8601 with a time zone
(``2025-01-31T06:00:00Z``); booleans are 0/1.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# Our own schema revision, kept in ``PRAGMA user_version`` (which Cylc leaves
# at 0), so no table is added to the public schema.
SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table."""

    name: str
    datatype: str = 'TEXT'
    is_primary_key: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its name and columns in their Cylc order."""

    name: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names in table order."""
        return tuple(column.name for column in self.columns)

    @property
    def primary_key(self) -> tuple[str, ...]:
        """The primary key columns, in order (empty if none)."""
        return tuple(
            column.name for column in self.columns if column.is_primary_key
        )

    def create_statement(self) -> str:
        """The ``CREATE TABLE`` statement, worded exactly as Cylc words it."""
        columns = ', '.join(
            f'{column.name} {column.datatype}' for column in self.columns
        )
        key = self.primary_key
        key_text = f', PRIMARY KEY({", ".join(key)})' if key else ''
        return f'CREATE TABLE {self.name}({columns}{key_text})'


def _key(name: str, datatype: str = 'TEXT') -> Column:
    return Column(name, datatype, True)


def _integer(name: str) -> Column:
    return Column(name, 'INTEGER')


def _text(name: str) -> Column:
    return Column(name)


BROADCAST_EVENTS = 'broadcast_events'
BROADCAST_STATES = 'broadcast_states'
INHERITANCE = 'inheritance'
WORKFLOW_PARAMS = 'workflow_params'
WORKFLOW_FLOWS = 'workflow_flows'
WORKFLOW_TEMPLATE_VARS = 'workflow_template_vars'
TASK_ACTION_TIMERS = 'task_action_timers'
TASK_JOBS = 'task_jobs'
TASK_EVENTS = 'task_events'
TASK_LATE_FLAGS = 'task_late_flags'
TASK_OUTPUTS = 'task_outputs'
TASK_POOL = 'task_pool'
TASK_PREREQUISITES = 'task_prerequisites'
TASK_STATES = 'task_states'
TASK_TIMEOUT_TIMERS = 'task_timeout_timers'
TASKS_TO_HOLD = 'tasks_to_hold'
XTRIGGERS = 'xtriggers'
ABSOLUTE_OUTPUTS = 'absolute_outputs'
# Cylc 7 name of workflow_params: read (never written) for old databases.
SUITE_PARAMS = 'suite_params'

_TABLE_LIST = (
    Table(BROADCAST_EVENTS, (
        _text('time'), _text('change'), _text('point'), _text('namespace'),
        _text('key'), _text('value'),
    )),
    Table(BROADCAST_STATES, (
        _key('point'), _key('namespace'), _key('key'), _text('value'),
    )),
    Table(INHERITANCE, (_key('namespace'), _text('inheritance'))),
    Table(WORKFLOW_PARAMS, (_key('key'), _text('value'))),
    Table(WORKFLOW_FLOWS, (
        _key('flow_num', 'INTEGER'), _text('start_time'), _text('description'),
    )),
    Table(WORKFLOW_TEMPLATE_VARS, (_key('key'), _text('value'))),
    Table(TASK_ACTION_TIMERS, (
        _key('cycle'), _key('name'), _key('ctx_key'), _text('ctx'),
        _text('delays'), _integer('num'), _text('delay'), _text('timeout'),
    )),
    Table(TASK_JOBS, (
        _key('cycle'), _key('name'), _key('submit_num', 'INTEGER'),
        _text('flow_nums'), _integer('is_manual_submit'), _integer('try_num'),
        _text('time_submit'), _text('time_submit_exit'),
        _integer('submit_status'), _text('time_run'), _text('time_run_exit'),
        _text('run_signal'), _integer('run_status'), _text('platform_name'),
        _text('job_runner_name'), _text('job_id'),
    )),
    Table(TASK_EVENTS, (
        _text('name'), _text('cycle'), _text('time'), _integer('submit_num'),
        _text('event'), _text('message'),
    )),
    Table(TASK_LATE_FLAGS, (
        _key('cycle'), _key('name'), _integer('value'),
    )),
    Table(TASK_OUTPUTS, (
        _key('cycle'), _key('name'), _key('flow_nums'), _text('outputs'),
    )),
    Table(TASK_POOL, (
        _key('cycle'), _key('name'), _key('flow_nums'), _text('status'),
        _integer('is_held'),
    )),
    Table(TASK_PREREQUISITES, (
        _key('cycle'), _key('name'), _key('flow_nums'), _key('prereq_name'),
        _key('prereq_cycle'), _key('prereq_output'), _text('satisfied'),
    )),
    Table(XTRIGGERS, (_key('signature'), _text('results'))),
    Table(TASK_STATES, (
        _key('name'), _key('cycle'), _key('flow_nums'), _text('time_created'),
        _text('time_updated'), _integer('submit_num'), _text('status'),
        _integer('flow_wait'), _integer('is_manual_submit'),
    )),
    Table(TASK_TIMEOUT_TIMERS, (
        _key('cycle'), _key('name'), Column('timeout', 'REAL'),
    )),
    Table(ABSOLUTE_OUTPUTS, (_text('cycle'), _text('name'), _text('output'))),
    Table(TASKS_TO_HOLD, (_text('name'), _text('cycle'))),
)

# Every table, by name, in the (sorted) order Cylc creates them.
TABLES: dict[str, Table] = {
    table.name: table
    for table in sorted(_TABLE_LIST, key=lambda table: table.name)
}

# Defaults for columns added to tables of databases written by older Cylc 8
# versions (``ALTER TABLE ... ADD COLUMN``); other added columns are NULL.
UPGRADE_DEFAULTS: dict[tuple[str, str], str] = {
    (TASK_STATES, 'is_manual_submit'): 'DEFAULT 0 NOT NULL',
}


class WorkflowParam(StrEnum):
    """Keys of the ``workflow_params`` table."""

    INITIAL_CYCLE_POINT = 'icp'
    START_CYCLE_POINT = 'startcp'
    FINAL_CYCLE_POINT = 'fcp'
    STOP_CYCLE_POINT = 'stopcp'
    UUID = 'uuid_str'
    CYLC_VERSION = 'cylc_version'
    UTC_MODE = 'UTC_mode'
    PAUSED = 'is_paused'
    HOLD_CYCLE_POINT = 'holdcp'
    RUN_MODE = 'run_mode'
    STOP_CLOCK_TIME = 'stop_clock_time'
    STOP_TASK = 'stop_task'
    CYCLE_POINT_FORMAT = 'cycle_point_format'
    CYCLE_POINT_TIME_ZONE = 'cycle_point_tz'
    RESTART_COUNT = 'n_restart'
