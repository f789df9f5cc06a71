"""Commands from clients, carried out on the scheduler's next turn.

A mixin of :class:`~cylc_flow.scheduler.scheduler.Scheduler`: network
handlers call the public methods, which queue the work as an event so that
the core is only ever touched from the main loop.
"""

from __future__ import annotations

from typing import Any

from cylc_flow.core.scheduler_core import (
    STOP_CLEAN,
    STOP_KILL,
    STOP_NOW,
    STOP_NOW_NOW,
)


class CommandHandling:
    """stop, and the task commands (trigger, set, hold, release, ...)."""

    core: Any
    log: Any
    recorder: Any
    config: Any
    db: Any

    def run_stop(self, now: float, mode: str, cycle_point: Any = None,
                 task: tuple[Any, str] | None = None,
                 clock_time: float | None = None, flow: int | None = None
                 ) -> None:
        """``cylc stop``: after a flow, a cycle point, a task (``(point,
        name)``) or a wall-clock time, else now in ``mode`` (Clean, Kill,
        Now or NowNow)."""
        core = self.core
        if flow is not None:
            core.stop_flow(int(flow))
            self.log.info(f'Command "stop" actioned: flow {flow}')
            return
        if cycle_point is not None:
            core.set_stop_point(cycle_point)
            self.recorder.workflow_params({'stopcp': str(cycle_point)})
            self.log.info(f'Command "stop" actioned: after point {cycle_point}')
            return
        if task is not None:
            point, name = task
            core.set_stop_task(point, name)
            self.log.info(f'Command "stop" actioned: after task {point}/{name}')
            return
        if clock_time is not None:
            core.stop_clock_time = clock_time
            from datetime import UTC, datetime

            when = datetime.fromtimestamp(clock_time, UTC)
            self.log.info('Command "stop" actioned: at wall-clock time'
                          f' {when.isoformat(timespec="seconds")}')
            return
        stop_mode = {'Clean': STOP_CLEAN, 'Kill': STOP_KILL, 'Now': STOP_NOW,
                     'NowNow': STOP_NOW_NOW}[mode]
        self.log.info(f'Command "stop" actioned: {stop_mode}')
        core.request_stop(stop_mode, now)

    def run_task_command(self, now: float, name: str, targets: list,
                         unmatched: list[str], options: dict) -> None:
        """Carry out a task command on tasks matched by its handler."""
        core = self.core
        for text in unmatched:
            self.log.warning(f'Command "{name}": no matching tasks for {text}')
        flow = options.get('flow') or None
        if name == 'trigger':
            count = core.trigger(targets, flow, now,
                                 flow_wait=bool(options.get('flow_wait')),
                                 flow_descr=options.get('flow_descr'))
        elif name == 'set':
            count = 0
            if options.get('prerequisites'):
                count += core.set_prerequisites(
                    targets, list(options['prerequisites']), flow, now)
            else:
                count += core.set_outputs(
                    targets, list(options.get('outputs') or []), flow, now)
        elif name == 'hold':
            count = core.hold(targets)
        elif name == 'release':
            count = core.release(targets)
        elif name == 'kill':
            count = core.kill_tasks(targets)
        elif name == 'poll':
            count = core.poll_tasks(targets)
        else:
            count = core.remove_tasks(targets, flow)
        self.log.info(f'Command "{name}" actioned: {count} task(s)')

    def run_set_hold_point(self, now: float, point: Any) -> None:
        """``cylc hold --after``: hold every task after ``point``."""
        pool = self.core.pool
        pool.hold_point = point
        count = self.core.hold([key for key in pool.tasks if key[0] > point])
        self.recorder.workflow_params({'holdcp': str(point)})
        self.log.info(f'Command "set_hold_point" actioned: hold point {point}'
                      f' ({count} task(s) held)')

    def run_release_hold_point(self, now: float) -> None:
        """``cylc release --all``: release every task, unset the hold point."""
        pool = self.core.pool
        pool.hold_point = None
        pool.tasks_to_hold.clear()
        count = self.core.release([key for key, itask in pool.tasks.items()
                                   if itask.is_held])
        self.db.put_delete('workflow_params', {'key': 'holdcp'})
        self.log.info('Command "release_hold_point" actioned: hold point'
                      f' removed ({count} task(s) released)')
