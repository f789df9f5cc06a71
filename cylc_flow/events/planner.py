"""Decide which handlers and emails an event calls for (pure: no I/O, no clock).

For a task event (Cylc 8 rules):

* an email if the event is in ``mail events``;
* the commands in ``<event> handlers``, or else, if the event is in
  ``handler events``, the commands in ``handlers``; each tried up to
  ``len(handler retry delays)`` times, the first after the first delay.

Workflow events work the same way, without retries, and their emails are
composed at once (task emails are batched by the runner).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from cylc_flow.events.errors import HandlerTemplateError
from cylc_flow.events.mail import compose_workflow_mail
from cylc_flow.events.names import (
    NON_UNIQUE_TASK_EVENTS,
    TASK_HANDLER,
    TASK_MAIL,
    WORKFLOW_HANDLER,
    WORKFLOW_MAIL,
)
from cylc_flow.events.records import (
    HandlerCall,
    HandlerKind,
    TaskEventContext,
    TaskMailNotice,
    WorkflowEventContext,
)
from cylc_flow.events.settings import EventSettings
from cylc_flow.events.templates import (
    render_task_handler,
    render_workflow_handler,
    task_template_variables,
    workflow_template_variables,
)

ErrorCallback = Callable[[str], None]
_LOG = logging.getLogger('cylc_flow.events')


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        return list(value)
    except TypeError:
        return [value]


def _report(on_error: ErrorCallback | None, text: str) -> None:
    if on_error is None:
        _LOG.error(text)
    else:
        on_error(text)


def retry_delays(
    value: Any, on_error: ErrorCallback | None = None,
) -> tuple[float, ...]:
    """``handler retry delays`` as seconds; ``(0.0,)`` when unset."""
    delays = []
    for item in _as_list(value):
        try:
            seconds = float(item)
        except (TypeError, ValueError):
            _report(on_error, f'ignoring bad handler retry delay: {item!r}')
            continue
        delays.append(seconds if seconds > 0 else 0.0)
    return tuple(delays) or (0.0,)


def event_id(event: str, occurrence: int = 1) -> str:
    """The event's ID in handler keys: ``warning-2`` for repeatable events."""
    if event in NON_UNIQUE_TASK_EVENTS:
        return f'{event}-{occurrence or 1:d}'
    return event


def default_mail_from(context: WorkflowEventContext) -> str:
    """Cylc's default sender: ``notifications@<scheduler host>``."""
    return f'notifications@{context.host or "localhost"}'


def plan_task_event(
    event: str,
    context: TaskEventContext,
    settings: EventSettings,
    now: float,
    *,
    message: str | None = None,
    occurrence: int = 1,
    on_error: ErrorCallback | None = None,
) -> list[HandlerCall]:
    """The handler calls (mail first, then commands) for one task event.

    Args:
        event: e.g. ``failed``, ``submission retry``, ``warning`` or a
            custom output name.
        context: the task job's details.
        settings: from :func:`~cylc_flow.events.settings.task_event_settings`.
        now: the event time (seconds since the epoch).
        message: the event message (default ``job <event>``).
        occurrence: how many times this repeatable event (warning,
            critical, custom) has happened for the job.
        on_error: receives one line per unusable template (default: log).
    """
    if message is None:
        message = f'job {event}'
    identifier = event_id(event, occurrence)
    job = context.job
    calls: list[HandlerCall] = []
    if event in settings.get_list('mail events'):
        workflow = context.workflow
        notice = TaskMailNotice(
            job,
            identifier,
            message,
            str(settings.get('from', default_mail_from(workflow))),
            str(settings.get('to', workflow.owner)),
        )
        calls.append(HandlerCall(
            HandlerKind.TASK_MAIL, TASK_MAIL, identifier, job, now,
            notice=notice,
        ))
    handlers = settings.get(f'{event} handlers')
    if handlers is None and event in settings.get_list('handler events'):
        handlers = settings.get('handlers')
    templates = _as_list(handlers)
    if not templates:
        return calls
    delays = retry_delays(settings.get('handler retry delays'), on_error)
    variables = task_template_variables(context, event, message)
    for index, template in enumerate(templates):
        label = f'{TASK_HANDLER}-{index:02d}'
        try:
            command = render_task_handler(
                str(template), context, event, message, variables,
            )
        except HandlerTemplateError as exc:
            _report(on_error, f'{job} {(label, identifier)!r} {exc}')
            continue
        calls.append(HandlerCall(
            HandlerKind.COMMAND, label, identifier, job, now + delays[0],
            delays, command=command,
        ))
    return calls


def plan_workflow_event(
    event: str,
    context: WorkflowEventContext,
    settings: EventSettings,
    now: float,
    *,
    message: str = '',
    on_error: ErrorCallback | None = None,
) -> list[HandlerCall]:
    """The handler calls (mail first, then commands) for one workflow event.

    ``settings`` come from
    :func:`~cylc_flow.events.settings.workflow_event_settings`.
    """
    calls: list[HandlerCall] = []
    if event in settings.get_list('mail events'):
        mail = compose_workflow_mail(
            event,
            message,
            context,
            mail_from=str(settings.get('from', default_mail_from(context))),
            mail_to=str(settings.get('to', context.owner)),
            footer=settings.get('footer'),
            on_error=on_error,
        )
        calls.append(HandlerCall(
            HandlerKind.WORKFLOW_MAIL, WORKFLOW_MAIL, event, None, now,
            mail=mail,
        ))
    handlers = settings.get(f'{event} handlers')
    if not handlers and event in settings.get_list('handler events'):
        handlers = settings.get('handlers')
    templates = _as_list(handlers)
    if not templates:
        return calls
    variables = workflow_template_variables(context, event, message)
    for index, template in enumerate(templates):
        label = f'{WORKFLOW_HANDLER}-{index:02d}'
        try:
            command = render_workflow_handler(
                str(template), context, event, message, variables,
            )
        except HandlerTemplateError as exc:
            _report(on_error, f'{(label, event)!r} {exc}')
            continue
        calls.append(HandlerCall(
            HandlerKind.COMMAND, label, event, None, now, command=command,
        ))
    return calls
