"""The database recorder writes what changed, not everything, each turn."""

import textwrap

from cylc_flow.config.workflow_config import WorkflowConfig
from cylc_flow.core.scheduler_core import SchedulerCore
from cylc_flow.scheduler.db_records import DatabaseRecorder


class RecordingDatabase:
    def __init__(self):
        self.rows = []

    def put_replace(self, table, row):
        self.rows.append((table, row))

    put_insert = put_replace

    def put_delete(self, table, where):
        self.rows.append((table + ':delete', where))


def test_a_wide_fan_in_writes_only_newly_satisfied_conditions(tmp_path):
    flow = tmp_path / 'flow.cylc'
    flow.write_text(textwrap.dedent('''
        [scheduler]
            allow implicit tasks = True
        [task parameters]
            i = 1..50
        [scheduling]
            [[graph]]
                R1 = "w<i> => join"
    '''))
    config = WorkflowConfig(flow, 'rec', warn=lambda _m: None)
    core = SchedulerCore(config, now=0.0)
    db = RecordingDatabase()
    recorder = DatabaseRecorder(db, lambda: '2025-01-01T00:00:00Z')
    point = config.initial_point
    tasks = [core.pool.spawn(config.taskdefs[f'w_i{i:02d}'], point,
                             frozenset({1}), reason='test')
             for i in range(1, 51)]
    core.pool.output_completed(tasks[0], 'succeeded', 'succeeded')
    recorder.record_turn(core.pool)

    def join_rows():
        rows = [row for table, row in db.rows if table == 'task_prerequisites'
                and row['name'] == 'join']
        db.rows.clear()
        return rows

    first = join_rows()
    assert len(first) == 50  # a new task: every condition
    assert sum(row['satisfied'] != '0' for row in first) == 1
    for itask in tasks[1:3]:
        core.pool.output_completed(itask, 'succeeded', 'succeeded')
    recorder.record_turn(core.pool)
    later = join_rows()
    assert sorted(row['prereq_name'] for row in later) == ['w_i02', 'w_i03']
    assert all(row['satisfied'] != '0' for row in later)


def test_outputs_completed_in_one_turn_write_one_task_outputs_row(tmp_path):
    flow = tmp_path / 'flow.cylc'
    flow.write_text(textwrap.dedent('''
        [scheduler]
            allow implicit tasks = True
        [scheduling]
            [[graph]]
                R1 = "a => b"
    '''))
    config = WorkflowConfig(flow, 'rec', warn=lambda _m: None)
    core = SchedulerCore(config, now=0.0)
    db = RecordingDatabase()
    recorder = DatabaseRecorder(db, lambda: '2025-01-01T00:00:00Z')
    itask = core.pool.spawn(config.taskdefs['a'], config.initial_point,
                            frozenset({1}), reason='test')
    for output in ('submitted', 'started', 'succeeded'):
        core.pool.output_completed(itask, output, output)
    recorder.record_turn(core.pool)
    rows = [row for table, row in db.rows if table == 'task_outputs']
    assert len(rows) == 1
    assert all(output in rows[0]['outputs']
               for output in ('submitted', 'started', 'succeeded'))
