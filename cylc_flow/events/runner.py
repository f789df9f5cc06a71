"""Run event handler calls: subprocesses, retries, timeouts and batched mail.

:class:`HandlerRunner` lives on the scheduler's event loop.  Commands run
through ``/bin/sh`` in their own process group, at most ``pool_size`` at a
time (``[scheduler]process pool size``); one still running after
``timeout`` (``[scheduler]process pool timeout``) is killed with its
children.  A failed command is retried after each of its remaining
``handler retry delays``.  Task event emails are batched per ``task event
batch interval`` and sent with smtplib in a worker thread, so the loop
never blocks.  Every attempt's outcome goes to ``on_result``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
from collections.abc import Callable, Mapping

from cylc_flow.events.mail import MailBatcher, compose_task_mail
from cylc_flow.events.records import (
    HandlerCall,
    HandlerKind,
    HandlerResult,
    MailMessage,
    WorkflowEventContext,
)
from cylc_flow.events.smtp import parse_smtp, send_mail

ResultCallback = Callable[[HandlerResult], None]
MailSender = Callable[[MailMessage, 'str | None'], None]
_LOG = logging.getLogger('cylc_flow.events')
_KILL_WAIT = 5.0


def duration_text(seconds: float) -> str:
    """Seconds as an ISO 8601 duration, e.g. ``PT10M``."""
    from metomi.isodatetime.data import Duration

    return str(Duration(seconds=seconds, standardize=True))


class HandlerRunner:
    """Execute :class:`HandlerCall` objects on the running asyncio loop."""

    def __init__(
        self,
        *,
        on_result: ResultCallback,
        pool_size: int = 4,
        timeout: float = 600.0,
        mail_interval: float = 300.0,
        smtp: str | None = None,
        workflow: WorkflowEventContext | None = None,
        mail_footer: str | None = None,
        environment: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.time,
        send: MailSender | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        parse_smtp(smtp)  # a malformed setting is reported now
        self.pool_size = max(int(pool_size), 1)
        self.timeout = float(timeout) if timeout and timeout > 0 else None
        self.smtp = smtp
        self.workflow = workflow or WorkflowEventContext('')
        self.mail_footer = mail_footer
        self._on_result = on_result
        self._on_error = on_error
        self._environment = dict(environment) if environment is not None else None
        self._clock = clock
        self._send = send or self._send_with_smtplib
        self._semaphore = asyncio.Semaphore(self.pool_size)
        self._batcher = MailBatcher(mail_interval)
        self._mail_wakeup = asyncio.Event()
        self._mail_task: asyncio.Task | None = None
        self._tasks: set[asyncio.Task] = set()
        self._keys: set[tuple[str, str, str | None]] = set()
        self._active = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._closing = False

    # public interface

    @property
    def active(self) -> int:
        """Calls submitted and not yet finished (including queued mail)."""
        return self._active

    def submit(self, call: HandlerCall) -> bool:
        """Start a call; False if closing or the same task call is in flight."""
        if self._closing:
            return False
        if call.job is not None:
            if call.key in self._keys:
                return False
            self._keys.add(call.key)
        self._active += 1
        self._idle.clear()
        if call.kind is HandlerKind.TASK_MAIL:
            self._batcher.add(call)
            if self._mail_task is None:
                self._mail_task = asyncio.get_running_loop().create_task(
                    self._mail_pump()
                )
            self._mail_wakeup.set()
            return True
        task = asyncio.get_running_loop().create_task(self._run_call(call))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    def submit_all(self, calls: list[HandlerCall]) -> int:
        """Submit several calls; return how many were accepted."""
        return sum(1 for call in calls if self.submit(call))

    async def wait_idle(self) -> None:
        """Wait until every submitted call has finished (retries included)."""
        await self._idle.wait()

    async def close(self, timeout: float | None = None) -> None:
        """Send queued mail now, wait for running calls, then stop.

        Calls still unfinished after ``timeout`` seconds are cancelled and
        their processes killed.
        """
        self._closing = True
        self._mail_wakeup.set()
        pending = set(self._tasks)
        if self._mail_task is not None:
            pending.add(self._mail_task)
        if not pending:
            return
        _done, not_done = await asyncio.wait(pending, timeout=timeout)
        for task in not_done:
            task.cancel()
        if not_done:
            await asyncio.gather(*not_done, return_exceptions=True)

    # running calls

    def _finish(self, call: HandlerCall) -> None:
        if call.job is not None:
            self._keys.discard(call.key)
        self._active -= 1
        if self._active <= 0:
            self._active = 0
            self._idle.set()

    def _report(self, result: HandlerResult) -> None:
        try:
            self._on_result(result)
        except Exception:
            _LOG.exception('event handler result callback failed')

    async def _run_call(self, call: HandlerCall) -> None:
        try:
            delay = call.due - self._clock()
            if delay > 0:
                await asyncio.sleep(delay)
            attempts = max(len(call.delays), 1)
            attempt = 0
            while True:
                attempt += 1
                if call.kind is HandlerKind.COMMAND:
                    code, out, err, timed_out = await self._execute(call.command or '')
                else:
                    code, err = await self._deliver(call.mail)
                    out, timed_out = '', False
                retry_delay = None
                if code != 0 and attempt < attempts:
                    retry_delay = call.delays[attempt]
                self._report(HandlerResult(
                    call, attempt, code, out, err, timed_out, retry_delay,
                ))
                if retry_delay is None:
                    return
                await asyncio.sleep(retry_delay)
        finally:
            self._finish(call)

    async def _execute(self, command: str) -> tuple[int | None, str, str, bool]:
        async with self._semaphore:
            try:
                process = await asyncio.create_subprocess_shell(
                    command,
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.PIPE,
                    stderr=asyncio.subprocess.PIPE,
                    start_new_session=True,
                    env=self._environment,
                )
            except OSError as exc:
                return 1, '', f'cannot run handler: {exc}', False
            try:
                out, err = await asyncio.wait_for(process.communicate(), self.timeout)
            except TimeoutError:
                await self._kill(process)
                return (
                    process.returncode,
                    '',
                    f'killed on timeout ({duration_text(self.timeout or 0)})',
                    True,
                )
            except asyncio.CancelledError:
                await self._kill(process)
                raise
            return (
                process.returncode,
                out.decode('utf-8', 'replace'),
                err.decode('utf-8', 'replace'),
                False,
            )

    @staticmethod
    async def _kill(process: asyncio.subprocess.Process) -> None:
        """Kill a handler's process group and reap it."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(process.communicate(), _KILL_WAIT)

    # mail

    def _send_with_smtplib(self, mail: MailMessage, smtp: str | None) -> None:
        send_mail(mail, smtp, timeout=self.timeout or 60.0)

    async def _deliver(self, mail: MailMessage | None) -> tuple[int, str]:
        if mail is None:
            return 1, 'no email to send'
        async with self._semaphore:
            loop = asyncio.get_running_loop()
            try:
                await loop.run_in_executor(None, self._send, mail, self.smtp)
            except Exception as exc:
                return 1, f'cannot send email: {exc}'
        return 0, ''

    async def _mail_pump(self) -> None:
        """Send batched task emails whenever the batcher releases some."""
        while True:
            for group in self._batcher.take_due(self._clock(), force=self._closing):
                await self._send_task_mail(group)
            next_time = self._batcher.next_due()
            if next_time is None and self._closing:
                return
            self._mail_wakeup.clear()
            if next_time is None:
                await self._mail_wakeup.wait()
                continue
            wait = next_time - self._clock()
            if wait > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._mail_wakeup.wait(), wait)

    async def _send_task_mail(self, group: list[HandlerCall]) -> None:
        notices = [call.notice for call in group if call.notice is not None]
        mail = compose_task_mail(
            notices, self.workflow, footer=self.mail_footer,
            on_error=self._on_error,
        )
        try:
            code, err = await self._deliver(mail)
        finally:
            for call in group:
                self._finish(call)
        for call in group:
            self._report(HandlerResult(call, 1, code, '', err))
