"""Turn the core's per-turn records into workflow database rows."""

from __future__ import annotations

import json
from typing import Any

from cylc_flow.db.encoding import (
    serialise_flow_nums,
    serialise_outputs,
    serialise_satisfied,
)


class DatabaseRecorder:
    """Queue rows for the tasks the core changed, then commit once per turn."""

    def __init__(self, db: Any, clock_text) -> None:
        self.db = db
        self.clock_text = clock_text
        self._created: dict[tuple[str, str], str] = {}  # tasks in the pool
        self._timers: set[tuple[str, str]] = set()  # tasks with a retry timer row
        from cylc_flow.scheduler.task_timer_records import TaskTimerRows

        self._task_timer_rows = TaskTimerRows()  # late flags, job timeouts

    def record_flows(self, flows: list[tuple[int, str]]) -> None:
        """Rows of ``workflow_flows`` for newly started flows."""
        now = self.clock_text()
        for number, description in flows:
            self.db.put_replace('workflow_flows', {
                'flow_num': number, 'start_time': now, 'description': description})
        flows.clear()

    def record_turn(self, pool: Any) -> None:
        now = self.clock_text()
        timer_rows = self._task_timer_rows
        for itask in pool.dirty.values():
            self._task_rows(itask, now)
            timer_rows.task(self.db, itask, in_pool=True)
        pool.dirty.clear()
        for itask in pool.removed:
            self._task_rows(itask, now, in_pool=False)
            timer_rows.task(self.db, itask, in_pool=False)
        pool.removed.clear()
        # one row per task however many of its outputs completed this turn
        for itask in {itask.key: itask for itask, _output, _message
                      in pool.completed_outputs}.values():
            self.db.put_replace('task_outputs', {
                'cycle': str(itask.point), 'name': itask.name,
                'flow_nums': serialise_flow_nums(itask.flow_nums),
                'outputs': serialise_outputs(itask.completed_outputs),
            })
        pool.completed_outputs.clear()
        for point, name, output in pool.new_absolute_outputs:
            self.db.put_insert('absolute_outputs', {
                'cycle': str(point), 'name': name, 'output': output})
        pool.new_absolute_outputs.clear()

    def _task_rows(self, itask: Any, now: str, in_pool: bool = True) -> None:
        cycle = str(itask.point)
        flows = serialise_flow_nums(itask.flow_nums)
        new = (cycle, itask.name) not in self._created
        created = self._created.setdefault((cycle, itask.name), now)
        self.db.put_replace('task_states', {
            'name': itask.name, 'cycle': cycle, 'flow_nums': flows,
            'time_created': created, 'time_updated': now,
            'submit_num': itask.submit_num, 'status': itask.state,
            'flow_wait': int(itask.flow_wait),
            'is_manual_submit': int(itask.is_manual_submit),
        })
        key = (cycle, itask.name)
        if in_pool and itask.retry_at is not None and itask.state == 'waiting':
            self._timers.add(key)
            self.db.put_replace('task_action_timers', {
                'cycle': cycle, 'name': itask.name, 'ctx_key': 'retry',
                'ctx': json.dumps({'try_num': itask.try_num,
                                   'submit_try_num': itask.submit_try_num}),
                'delays': None, 'num': itask.try_num, 'delay': None,
                'timeout': itask.retry_at,
            })
        elif key in self._timers:
            self._timers.discard(key)
            self.db.put_delete('task_action_timers',
                               {'cycle': cycle, 'name': itask.name})
        if in_pool:
            self.db.put_replace('task_pool', {
                'cycle': cycle, 'name': itask.name, 'flow_nums': flows,
                'status': itask.state, 'is_held': int(itask.is_held),
            })
            self._prerequisite_rows(itask, cycle, flows, new)
        else:
            self._created.pop(key, None)
            self.db.put_delete('task_pool', {'cycle': cycle, 'name': itask.name})
            self.db.put_delete('task_prerequisites',
                               {'cycle': cycle, 'name': itask.name})

    def _prerequisite_rows(self, itask: Any, cycle: str, flows: str,
                           new: bool) -> None:
        """All conditions of a task new to the database; afterwards only the
        ones satisfied since (so a task with thousands of prerequisites is
        not rewritten every turn)."""
        if new:
            conditions: Any = {
                key: value for prereq in itask.prerequisites
                for key, value in prereq.conditions.items()}
        else:
            conditions = {}
            for key in itask.changed_conditions:
                for prereq in itask.prereq_index.get(key, ()):
                    if key in prereq.conditions:
                        conditions[key] = prereq.conditions[key]
                        break
        itask.changed_conditions.clear()
        for (point, name, output), satisfied in conditions.items():
            self.db.put_replace('task_prerequisites', {
                'cycle': cycle, 'name': itask.name, 'flow_nums': flows,
                'prereq_name': name, 'prereq_cycle': str(point),
                'prereq_output': output,
                'satisfied': serialise_satisfied(satisfied),
            })

    def job_submitted(self, itask: Any, *, ok: bool, job_id: str | None,
                      platform: str, runner: str) -> None:
        now = self.clock_text()
        self.db.put_replace('task_jobs', {
            'cycle': str(itask.point), 'name': itask.name,
            'submit_num': itask.submit_num,
            'flow_nums': serialise_flow_nums(itask.flow_nums),
            'is_manual_submit': int(itask.is_manual_submit),
            'try_num': itask.try_num, 'time_submit': now,
            'time_submit_exit': now, 'submit_status': 0 if ok else 1,
            'time_run': None, 'time_run_exit': None, 'run_signal': None,
            'run_status': None, 'platform_name': platform,
            'job_runner_name': runner, 'job_id': job_id,
        })

    def job_event(self, itask: Any, event: str, message: str) -> None:
        self.db.put_insert('task_events', {
            'name': itask.name, 'cycle': str(itask.point),
            'time': self.clock_text(), 'submit_num': itask.submit_num,
            'event': event, 'message': message,
        })

    def job_run_update(self, itask: Any, **values: Any) -> None:
        self.db.put_update('task_jobs', values, {
            'cycle': str(itask.point), 'name': itask.name,
            'submit_num': itask.submit_num,
        })

    def workflow_params(self, params: dict[str, Any]) -> None:
        for key, value in params.items():
            self.db.put_replace('workflow_params', {
                'key': key, 'value': None if value is None else str(value)})

    def xtrigger(self, signature: str, results_json: str) -> None:
        self.db.put_replace('xtriggers', {'signature': signature,
                                          'results': results_json})
