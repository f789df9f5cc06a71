"""Mutations that change the run as a whole: stop, pause, resume, and the
hold point (setHoldPoint, releaseHoldPoint).

Handlers check their arguments now (rejecting with a reason, logged as
``Command "<name>" rejected: ...``) and queue the work for the next turn,
which logs ``Command "<name>" actioned``.
"""

from __future__ import annotations

from typing import Any

from cylc_flow.exceptions import CylcError, InputError
from cylc_flow.scheduler.mutations.tasks import QUEUED, parse_point, reject

STOP_MODES = ('Clean', 'Kill', 'Now', 'NowNow')


def parse_clock_time(text: Any) -> float:
    """Seconds since the epoch of an ISO 8601 date-time (local if no zone)."""
    from datetime import datetime

    if isinstance(text, int | float):
        return float(text)
    try:
        return datetime.fromisoformat(str(text).strip().replace('Z', '+00:00')
                                      ).timestamp()
    except ValueError:
        pass
    try:
        from metomi.isodatetime.parsers import TimePointParser

        parsed = TimePointParser(assumed_time_zone=(0, 0)).parse(str(text))
        return float(parsed.seconds_since_unix_epoch)
    except Exception:  # isodatetime raises several kinds of error
        raise InputError(f'Invalid wall-clock time: {text}') from None


def stop_request(scheduler: Any, args: dict) -> dict[str, Any]:
    """The checked arguments of ``stop`` (raises InputError)."""
    mode = args.get('mode') or 'Clean'
    if mode not in STOP_MODES:
        raise InputError(f'Invalid stop mode: {mode}')
    request: dict[str, Any] = {'mode': mode}
    cycle_point = args.get('cycle_point')
    task = args.get('task')
    if cycle_point and task:
        raise InputError('stop-task is not compatible with stop-cycle')
    if cycle_point:
        request['cycle_point'] = parse_point(scheduler, cycle_point)
    if task:
        cycle, _, name = str(task).partition('/')
        if not name or '/' in name:
            raise InputError(f'Invalid task ID: {task} (use CYCLE/TASK)')
        if name not in scheduler.config.taskdefs:
            raise InputError(f'No such task: {task}')
        request['task'] = (parse_point(scheduler, cycle), name)
    if args.get('clock_time') not in (None, ''):
        request['clock_time'] = parse_clock_time(args['clock_time'])
    flow_num = args.get('flow_num')
    if flow_num is not None:
        if not isinstance(flow_num, int) or flow_num < 1:
            raise InputError(f'Invalid flow number: {flow_num}')
        request['flow_num'] = flow_num
    return request


def stop(scheduler: Any, args: dict) -> tuple[bool, str]:
    try:
        request = stop_request(scheduler, args)
    except CylcError as error:
        return reject(scheduler, 'stop', str(error))
    scheduler.post(scheduler.run_stop, request['mode'],
                   request.get('cycle_point'), request.get('task'),
                   request.get('clock_time'), request.get('flow_num'))
    return True, QUEUED


def pause(scheduler: Any, args: dict) -> tuple[bool, str]:
    def act(now: float) -> None:
        if scheduler.core.paused:
            scheduler.log.info('Command "pause" actioned: already paused')
            return
        scheduler.core.pause()
        scheduler.log.info('Command "pause" actioned')

    scheduler.post(act)
    return True, QUEUED


def resume(scheduler: Any, args: dict) -> tuple[bool, str]:
    def act(now: float) -> None:
        if not scheduler.core.paused:
            scheduler.log.info('Command "resume" actioned: not paused')
            return
        scheduler.core.resume(now)
        scheduler.log.info('Command "resume" actioned')

    scheduler.post(act)
    return True, QUEUED


def set_hold_point(scheduler: Any, args: dict) -> tuple[bool, str]:
    try:
        if args.get('point') in (None, ''):
            raise InputError('give a cycle point')
        point = parse_point(scheduler, args['point'])
    except CylcError as error:
        return reject(scheduler, 'set_hold_point', str(error))
    scheduler.post(scheduler.run_set_hold_point, point)
    return True, QUEUED


def release_hold_point(scheduler: Any, args: dict) -> tuple[bool, str]:
    scheduler.post(scheduler.run_release_hold_point)
    return True, QUEUED


HANDLERS = {
    'stop': stop, 'pause': pause, 'resume': resume,
    'set_hold_point': set_hold_point, 'release_hold_point': release_hold_point,
}
