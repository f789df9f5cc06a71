"""Mutations that change the run as a whole: stop, pause, resume."""

from __future__ import annotations

from typing import Any


def stop(scheduler: Any, args: dict) -> tuple[bool, str]:
    return True, scheduler.command_stop(
        mode=args.get('mode'), cycle_point=args.get('cycle_point'),
        task=args.get('task'), clock_time=args.get('clock_time'),
        flow=args.get('flow_num'))


def pause(scheduler: Any, args: dict) -> tuple[bool, str]:
    def act(now: float) -> None:
        scheduler.core.pause()
        scheduler.log.info('Command "pause" actioned')

    scheduler.post(act)
    return True, 'Command queued'


def resume(scheduler: Any, args: dict) -> tuple[bool, str]:
    def act(now: float) -> None:
        scheduler.core.resume(now)
        scheduler.log.info('Command "resume" actioned')

    scheduler.post(act)
    return True, 'Command queued'


HANDLERS = {'stop': stop, 'pause': pause, 'resume': resume}
