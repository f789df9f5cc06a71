"""Records passed between the event planner, the handler runner and the shell."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class WorkflowEventContext:
    """What handlers may know about the running workflow."""

    workflow: str
    uuid: str = ''
    host: str = ''
    port: int | None = None
    owner: str = ''
    meta: Mapping[str, str] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True, slots=True)
class TaskEventContext:
    """What handlers may know about the task job an event belongs to.

    Times are ISO 8601 strings as Cylc writes them; None when unknown.
    """

    workflow: WorkflowEventContext
    point: str
    name: str
    submit_num: int = 0
    try_num: int = 1
    platform_name: str = ''
    job_runner_name: str | None = None
    job_id: str | None = None
    submit_time: str | None = None
    start_time: str | None = None
    finish_time: str | None = None
    meta: Mapping[str, str] = field(default_factory=lambda: _EMPTY)

    @property
    def task_id(self) -> str:
        """``<point>/<name>``."""
        return f'{self.point}/{self.name}'

    @property
    def job(self) -> str:
        """``<point>/<name>/<NN>``."""
        return f'{self.point}/{self.name}/{self.submit_num:02d}'


class HandlerKind(enum.Enum):
    """What a :class:`HandlerCall` does."""

    COMMAND = 'command'
    TASK_MAIL = 'task mail'
    WORKFLOW_MAIL = 'workflow mail'


@dataclass(frozen=True, slots=True)
class MailMessage:
    """One email, ready to send."""

    subject: str
    body: str
    mail_from: str
    mail_to: str


@dataclass(frozen=True, slots=True)
class TaskMailNotice:
    """One task event to report in the next batched email."""

    job: str  # <point>/<name>/<NN>
    event: str  # event ID, e.g. "failed" or "warning-2"
    message: str
    mail_from: str
    mail_to: str


@dataclass(frozen=True, slots=True)
class HandlerCall:
    """One handler to run (or email to send) for one event.

    ``delays`` are ``handler retry delays``: the first is the wait before
    the first attempt (``due`` already includes it), each later one the
    wait before a retry; there are ``len(delays)`` attempts at most.
    """

    kind: HandlerKind
    handler: str  # e.g. "event-handler-00", "event-mail"
    event: str  # event ID, e.g. "failed", "warning-2", "stall"
    job: str | None  # <point>/<name>/<NN> for task events
    due: float  # seconds since the epoch
    delays: tuple[float, ...] = (0.0,)
    command: str | None = None
    notice: TaskMailNotice | None = None
    mail: MailMessage | None = None

    @property
    def key(self) -> tuple[str, str, str | None]:
        """Identity of the call: one in flight per key for task events."""
        return (self.handler, self.event, self.job)

    @property
    def command_key(self) -> str:
        """Cylc's label for this call in log and job-activity lines."""
        if self.job is None:
            return repr((self.handler, self.event))
        submit_num = self.job.rsplit('/', 1)[-1]
        number = int(submit_num) if submit_num.isdigit() else submit_num
        return repr(((self.handler, self.event), number))


@dataclass(frozen=True, slots=True)
class HandlerResult:
    """The outcome of one attempt at a :class:`HandlerCall`."""

    call: HandlerCall
    attempt: int  # 1 for the first try
    return_code: int | None
    out: str = ''
    err: str = ''
    timed_out: bool = False
    retry_delay: float | None = None  # set when another attempt will follow

    @property
    def succeeded(self) -> bool:
        """True when the handler exited 0 (or the email was accepted)."""
        return self.return_code == 0

    @property
    def will_retry(self) -> bool:
        """True when the runner will try the call again."""
        return self.retry_delay is not None

    def describe(self) -> str:
        """Cylc-style ``[<key> cmd] ...`` / ``ret_code`` / ``out`` / ``err``."""
        key = self.call.command_key
        if self.call.command is not None:
            command = self.call.command
        elif self.call.mail is not None:
            command = f'mail: {self.call.mail.subject}'
        elif self.call.notice is not None:
            command = f'mail: {self.call.notice.event} {self.call.notice.job}'
        else:
            command = ''
        parts = []
        for attribute, value in (
            ('cmd', command),
            ('ret_code', '' if self.return_code is None else str(self.return_code)),
            ('out', self.out),
            ('err', self.err),
        ):
            text = value.strip()
            if not text:
                continue
            if '\n' in text:
                parts.append(f'[{key} {attribute}]\n{text}')
            else:
                parts.append(f'[{key} {attribute}] {text}')
        return '\n'.join(parts)
