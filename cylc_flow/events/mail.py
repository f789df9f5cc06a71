"""Event emails: their text (as Cylc 8 writes it) and the task mail batcher.

Task event emails are batched: the first goes out at once, then at most one
email per ``task event batch interval`` per sender/recipient pair, listing
every task event collected meanwhile.  Workflow event emails go at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cylc_flow.events.errors import HandlerTemplateError
from cylc_flow.events.records import (
    HandlerCall,
    MailMessage,
    TaskMailNotice,
    WorkflowEventContext,
)
from cylc_flow.events.templates import (
    render_mail_footer,
    workflow_template_variables,
)

ErrorCallback = Callable[[str], None]


def _footer_text(
    footer: str | None,
    context: WorkflowEventContext,
    event: str,
    message: str,
    on_error: ErrorCallback | None,
) -> str:
    if not footer:
        return ''
    variables = workflow_template_variables(context, event, message)
    try:
        return render_mail_footer(footer, variables)
    except HandlerTemplateError:
        if on_error is not None:
            on_error(f'Ignoring bad mail footer template: {footer}')
        return ''


def compose_task_mail(
    notices: Sequence[TaskMailNotice],
    context: WorkflowEventContext,
    *,
    footer: str | None = None,
    on_error: ErrorCallback | None = None,
) -> MailMessage:
    """One email reporting a batch of task events (same from/to)."""
    if not notices:
        raise ValueError('compose_task_mail needs at least one notice')
    workflow = context.workflow
    if len(notices) == 1:
        subject = f'[{notices[0].job} {notices[0].event}] {workflow}'
    else:
        events = {notice.event for notice in notices}
        if len(events) == 1:
            subject = f'[{len(notices)} tasks {events.pop()}] {workflow}'
        else:
            subject = f'[{len(notices)} task events] {workflow}'
    lines = []
    for notice in sorted(
        notices, key=lambda item: (item.event, item.message, item.job),
    ):
        lines.append(
            f'job: {notice.job}\nevent: {notice.event}\n'
            f'message: {notice.message}\n\n'
        )
    lines.append('\n')
    port = -1 if context.port is None else context.port
    for key, value in (
        ('workflow', workflow),
        ('host', context.host),
        ('port', port),
        ('owner', context.owner),
    ):
        lines.append(f'{key}: {value}\n')
    last = notices[-1]
    lines.append(_footer_text(footer, context, last.event, last.message, on_error))
    return MailMessage(subject, ''.join(lines), notices[0].mail_from,
                       notices[0].mail_to)


def compose_workflow_mail(
    event: str,
    message: str,
    context: WorkflowEventContext,
    *,
    mail_from: str,
    mail_to: str,
    footer: str | None = None,
    on_error: ErrorCallback | None = None,
) -> MailMessage:
    """The email for one workflow event."""
    port = -1 if context.port is None else context.port
    lines = []
    for key, value in (
        ('event', event),
        ('message', message),
        ('workflow', context.workflow),
        ('host', context.host),
        ('port', port),
        ('owner', context.owner),
    ):
        if value:
            lines.append(f'{key}: {value}\n')
    lines.append(_footer_text(footer, context, event, message, on_error))
    return MailMessage(
        f'[workflow {event}] {context.workflow}', ''.join(lines),
        mail_from, mail_to,
    )


class MailBatcher:
    """Collect task mail calls; release them at most once per interval."""

    __slots__ = ('_pending', 'interval', 'next_send_time')

    def __init__(self, interval: float) -> None:
        self.interval = max(float(interval or 0.0), 0.0)
        self.next_send_time: float | None = None
        self._pending: list[HandlerCall] = []

    def __len__(self) -> int:
        return len(self._pending)

    def add(self, call: HandlerCall) -> None:
        """Queue a task mail call (``call.notice`` must be set)."""
        if call.notice is None:
            raise ValueError('MailBatcher.add needs a task mail call')
        self._pending.append(call)

    def next_due(self) -> float | None:
        """When :meth:`take_due` will next release something (None: idle)."""
        if not self._pending:
            return None
        earliest = min(call.due for call in self._pending)
        if self.next_send_time is None:
            return earliest
        return max(earliest, self.next_send_time)

    def take_due(
        self, now: float, *, force: bool = False,
    ) -> list[list[HandlerCall]]:
        """Remove the releasable calls, grouped by (from, to) address.

        ``force`` (at shutdown) releases everything regardless of time.
        """
        if not self._pending:
            return []
        if force:
            ready, self._pending = self._pending, []
        else:
            if self.next_send_time is not None and now < self.next_send_time:
                return []
            ready = [call for call in self._pending if call.due <= now]
            if not ready:
                return []
            self._pending = [call for call in self._pending if call.due > now]
        self.next_send_time = now + self.interval
        groups: dict[tuple[str, str], list[HandlerCall]] = {}
        for call in ready:
            notice = call.notice
            assert notice is not None
            groups.setdefault((notice.mail_from, notice.mail_to), []).append(call)
        return list(groups.values())
