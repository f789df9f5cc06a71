"""Mutations that control the scheduler itself: reload, setVerbosity,
extTrigger, and message (task messages from a client, as put_messages).

Each handler checks its arguments and either rejects them (logged as
``Command "<name>" rejected: <reason>`` and returned to the caller) or queues
the work, which logs ``Command "<name>" actioned`` when carried out.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from cylc_flow.exceptions import InputError
from cylc_flow.scheduler.mutations.tasks import QUEUED, reject

# Cylc 8's log level names (NORMAL is INFO)
LOG_LEVELS: dict[str, int] = {
    'INFO': logging.INFO,
    'NORMAL': logging.INFO,
    'WARNING': logging.WARNING,
    'ERROR': logging.ERROR,
    'CRITICAL': logging.CRITICAL,
    'DEBUG': logging.DEBUG,
}
_TASK_JOB = re.compile(r'[^/\s]+/[^/\s]+/\d+')


def reload(scheduler: Any, args: dict) -> tuple[bool, str]:
    """``reload(reloadGlobal)``: re-read flow.cylc (and global.cylc)."""
    reloader = getattr(scheduler, 'reloader', None)
    if reloader is None:
        from cylc_flow.scheduler.reload import Reloader

        reloader = scheduler.reloader = Reloader(scheduler)
    return reloader.request(bool(args.get('reload_global')))


def set_verbosity(scheduler: Any, args: dict) -> tuple[bool, str]:
    """``setVerbosity(level)``: the scheduler log's level, from now on."""
    text = str(args.get('level') or '').upper()
    level = LOG_LEVELS.get(text)
    if level is None:
        return reject(scheduler, 'set_verbosity',
                      f'Illegal logging level, {text or None}')

    def act(now: float) -> None:
        log = scheduler.log
        # say so at a level still logged afterwards, then change it
        log.log(max(level, logging.INFO),
                f'Command "set_verbosity" actioned: {text}')
        log.logger.setLevel(level)

    scheduler.post(act)
    return True, QUEUED


def ext_trigger(scheduler: Any, args: dict) -> tuple[bool, str]:
    """``extTrigger(message, id)``: an external event for waiting tasks."""
    message = args.get('message')
    event_id = args.get('id')
    if not isinstance(message, str) or not message.strip():
        return reject(scheduler, 'ext_trigger', 'the message is empty')
    if not isinstance(event_id, str) or not event_id.strip():
        return reject(scheduler, 'ext_trigger', 'the trigger ID is empty')

    def act(now: float) -> None:
        scheduler.core.on_ext_trigger(message, event_id)
        scheduler.log.info(f'Command "ext_trigger" actioned: "{message}"'
                           f' (ID {event_id})')

    scheduler.post(act)
    return True, 'Event queued'


def job_messages(args: dict) -> tuple[str, str, list[list[str]]]:
    """The checked job ID, event time (default: now) and ``[severity,
    message]`` pairs of a ``message`` mutation or ``put_messages`` request
    (raises InputError)."""
    task_job = str(args.get('task_job') or '')
    if not _TASK_JOB.fullmatch(task_job):
        raise InputError(f'bad job ID {task_job!r} (expected CYCLE/TASK/NN)')
    messages = args.get('messages') or []
    if not isinstance(messages, list) or not all(
        isinstance(item, list | tuple) and len(item) == 2
        and all(isinstance(part, str) for part in item) for item in messages
    ):
        raise InputError('messages must be a list of [severity, message] pairs')
    event_time = args.get('event_time')
    if not event_time:
        from cylc_flow.db.encoding import time_string

        event_time = time_string()
    return task_job, str(event_time), [[severity, text]
                                       for severity, text in messages]


def message(scheduler: Any, args: dict) -> tuple[bool, str]:
    """``message(taskJob, eventTime, messages)``: as ``cylc message`` does."""
    try:
        task_job, event_time, messages = job_messages(args)
    except InputError as error:
        return reject(scheduler, 'message', str(error))
    scheduler.receive_messages(task_job, event_time, messages)

    def act(now: float) -> None:
        scheduler.log.info(f'Command "message" actioned: {task_job}')

    scheduler.post(act)
    return True, f'Messages queued: {len(messages)}'


HANDLERS = {
    'reload': reload,
    'set_verbosity': set_verbosity,
    'ext_trigger': ext_trigger,
    'message': message,
}
