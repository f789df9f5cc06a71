"""Run the handlers and emails of the core's task and workflow events.

The core emits ``TaskEvent`` and ``WorkflowEvent`` effects; the scheduler
passes each to :class:`EventHandling`, which turns the core's event into
Cylc 8's (name and message), plans the handler calls and emails from the
layered settings and hands them to a :class:`~cylc_flow.events.HandlerRunner`
on the running event loop.  Each outcome is logged to the scheduler log and,
for task events, appended to the job's ``job-activity.log``.

Event names and messages as Cylc 8 reports them:

* ``submitted``, ``started``, ``succeeded``, ``submission failed``: message
  ``job <event>``; ``failed``: ``job failed`` (or an abort message);
* ``retry`` / ``submission retry``: ``job failed, retrying in PT1M`` /
  ``job submission failed, retrying in PT1M``;
* a custom output raises an event named after the output's label;
* ``warning``, ``critical`` and ``custom`` messages are repeatable events,
  numbered per task in handler keys (``warning-2``); ``error`` is not an
  event in Cylc 8 and is ignored here.

A task's event settings are those of the runtime its job was submitted
with (after broadcasts), or before it has a job, its runtime after the
broadcasts active now.

Task event handlers run in live mode only, unless the task's
``[simulation]`` (simulation and dummy modes) or ``[skip]`` (skip mode)
``disable task event handlers`` is false.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import os
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cylc_flow.core.task_proxy import job_runtime
from cylc_flow.events import (
    NON_UNIQUE_TASK_EVENTS,
    EventSettings,
    HandlerCall,
    HandlerKind,
    HandlerResult,
    HandlerRunner,
    MailSettingsError,
    TaskEventContext,
    WorkflowEventContext,
    log_result,
    parse_smtp,
    plan_task_event,
    plan_workflow_event,
    task_event_settings,
    workflow_event_settings,
)
from cylc_flow.events.runner import duration_text

DEFAULT_POOL_SIZE = 4
DEFAULT_POOL_TIMEOUT = 600.0
DEFAULT_MAIL_INTERVAL = 300.0
JOB_ACTIVITY_LOG = 'job-activity.log'
# job runtimes (with broadcasts) whose event settings are kept
_JOB_SETTINGS_CACHE = 256

# Core event -> the message Cylc 8 gives it (when the core gives none).
_JOB_MESSAGES = {
    'submitted': 'job submitted',
    'started': 'job started',
    'succeeded': 'job succeeded',
    'submission failed': 'job submission failed',
}
# Events after which the job has finished (its finish time is known).
_JOB_FINISHED = frozenset({'succeeded', 'failed', 'retry'})
# Events after which the task instance needs no more bookkeeping.
_TASK_DONE = frozenset({'succeeded', 'failed', 'submission failed', 'expired'})
# Events of the core that are not task events in Cylc 8.
_IGNORED = frozenset({'error'})
_ABORT_PREFIX = 'aborted/'
_SIMULATED_MODES = frozenset({'simulation', 'dummy'})
_STANDARD_OUTPUTS = frozenset({
    'expired', 'submitted', 'submit-failed', 'started', 'succeeded', 'failed',
})


@dataclass(slots=True)
class _TaskSettings:
    """What one task name's events need, read once from its runtime config."""

    settings: EventSettings
    meta: Mapping[str, Any]
    mail_events: frozenset[str]
    handler_events: frozenset[str]
    output_labels: dict[str, str]  # custom output message -> label
    execution_retry_delays: list[Any]
    submission_retry_delays: list[Any]

    def wants(self, event: str) -> bool:
        """Could this event call for a handler or an email?"""
        return (
            event in self.mail_events
            or event in self.handler_events
            or bool(self.settings.get(f'{event} handlers'))
        )


@dataclass(slots=True)
class _JobRecord:
    """Times of the current job of a task, and its repeatable event counts."""

    submit_num: int
    submit_time: str | None = None
    start_time: str | None = None
    finish_time: str | None = None
    counts: dict[str, int] = field(default_factory=dict)


def _broadcast_runtime(scheduler: Any, config: Any, itask: Any) -> Any:
    """A task's runtime settings if broadcasts change them: those its job
    was submitted with, else (no job yet) the task's now; None when they
    are the task's configured settings."""
    broadcasts = getattr(scheduler, 'broadcasts', None)
    if broadcasts is not None and not itask.job.get('runtime'):
        runtime = broadcasts.task_runtime(itask)
    else:
        runtime = job_runtime(itask, config)
    return None if runtime is config.rtconfig(itask.name) else runtime


def _as_set(value: Any) -> frozenset[str]:
    if not value:
        return frozenset()
    if isinstance(value, str):
        return frozenset((value,))
    return frozenset(str(item) for item in value)


def _as_float(value: Any, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if number >= 0 else default


def _owner() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return os.environ.get('USER', '')


class EventHandling:
    """Task and workflow event handlers and email for a running scheduler.

    Create it on the scheduler's event loop, after the workflow config is
    loaded; call :meth:`task_event` / :meth:`workflow_event` for each
    effect (they never block or raise) and ``await`` :meth:`close` at
    shutdown.
    """

    def __init__(self, scheduler: Any) -> None:
        self._scheduler = scheduler
        self._config = scheduler.config
        self._global = scheduler.global_config
        self._workflow_id = str(scheduler.workflow_id)
        self._uuid = str(scheduler.uuid)
        self._run_dir = Path(scheduler.run_dir)
        self._log = scheduler.log
        options = getattr(scheduler, 'options', None)
        self._mode = str(getattr(options, 'mode', None) or 'live')
        self._utc = bool(self._config.get('scheduler', 'UTC mode'))
        self._host = self._host_name()
        self._owner = _owner()
        self._workflow_meta = {
            'title': '', 'description': '', 'URL': '',
            **(self._config.get('meta') or {}),
        }
        self._workflow_context: WorkflowEventContext | None = None

        workflow_mail = self._config.get('scheduler', 'mail')
        global_mail = self._global.get(['scheduler', 'mail'])
        self._workflow_mail = workflow_mail
        self._global_mail = global_mail
        self._global_task_events = self._global.get(['task events'])
        self._workflow_settings = workflow_event_settings(
            workflow_events=self._config.get('scheduler', 'events'),
            workflow_mail=workflow_mail,
            global_events=self._global.get(['scheduler', 'events']),
            global_mail=global_mail,
        )
        mail = EventSettings(workflow_mail, global_mail)
        self.pool_timeout = _as_float(
            self._global.get(['scheduler', 'process pool timeout']),
            DEFAULT_POOL_TIMEOUT,
        )
        pool_size = self._global.get(['scheduler', 'process pool size'])
        self._runner = HandlerRunner(
            on_result=self._on_result,
            pool_size=pool_size if isinstance(pool_size, int) else DEFAULT_POOL_SIZE,
            timeout=self.pool_timeout,
            mail_interval=_as_float(
                mail.get('task event batch interval'), DEFAULT_MAIL_INTERVAL),
            workflow=self._context_for_workflow(),
            mail_footer=mail.get('footer'),
            environment=self._handler_environment(),
            on_error=self._log.error,
        )
        smtp = (global_mail or {}).get('smtp')
        try:
            parse_smtp(smtp)
        except MailSettingsError as exc:
            # Reported now; every email then fails with the same reason.
            self._log.error(str(exc))
        self._runner.smtp = smtp
        self._task_settings: dict[str, _TaskSettings | None] = {}
        # id(runtime) -> (runtime, settings) for jobs with broadcasts
        self._job_settings: dict[int, tuple[Any, _TaskSettings | None]] = {}
        self._jobs: dict[str, _JobRecord] = {}
        # id(call) -> (call, when it next runs) for calls not yet finished
        self._outstanding: dict[int, tuple[HandlerCall, float]] = {}
        self._changed = asyncio.Event()
        self._closed = False

    # ---- public interface ---------------------------------------------------
    def use_config(self, config: Any) -> None:
        """New task definitions (reload): task event settings are re-read
        from ``config`` when next needed."""
        self._config = config
        self._task_settings.clear()
        self._job_settings.clear()

    def task_event(self, itask: Any, event: str, message: str) -> None:
        """Run the handlers and email (if any) of a task event; never blocks."""
        try:
            self._task_event(itask, event, message)
        except Exception:  # a bug here must not stop the scheduler
            self._log.exception(
                f'error handling task event {event!r} of'
                f' {getattr(itask, "identity", itask)}'
            )

    def workflow_event(self, event: str, message: str) -> None:
        """Run the handlers and email (if any) of a workflow event."""
        try:
            calls = plan_workflow_event(
                event, self._context_for_workflow(), self._workflow_settings,
                time.time(), message=message or '', on_error=self._log.error,
            )
            self._submit(calls, event)
        except Exception:  # a bug here must not stop the scheduler
            self._log.exception(f'error handling workflow event {event!r}')

    async def close(self, timeout: float | None = None) -> None:
        """Stop accepting events; finish running handlers and queued email.

        Handlers already running (or queued for a process slot) and batched
        task emails are waited for, up to ``timeout`` seconds (default:
        ``[scheduler]process pool timeout``); handlers only waiting for a
        ``handler retry delay`` are dropped, as Cylc 8 does at shutdown.
        Anything still running at the deadline is killed.
        """
        if self._closed:
            return
        self._closed = True
        budget = self.pool_timeout if timeout is None else max(float(timeout), 0.0)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + budget
        draining = loop.create_task(self._runner.close(budget))
        try:
            await self._wait_while_running(deadline, draining)
        finally:
            if not draining.done():
                draining.cancel()
                self._report_unfinished()
            with contextlib.suppress(asyncio.CancelledError):
                await draining
            await self._runner.close(0)  # cancel waiting retries, kill leftovers
            self._outstanding.clear()

    # ---- task events ----------------------------------------------------------
    def _task_event(self, itask: Any, event: str, message: str) -> None:
        if event in _IGNORED:
            return
        name = itask.name
        entry = self._settings_of(itask)
        if entry is None:
            return
        now = time.time()
        event, text = self._cylc_event(entry, itask, event, message)
        identity = itask.identity
        record = self._job_record(identity, itask.submit_num, event, now)
        occurrence = 1
        if event in NON_UNIQUE_TASK_EVENTS:
            occurrence = record.counts.get(event, 0) + 1
            record.counts[event] = occurrence
        if event in _TASK_DONE:
            del self._jobs[identity]
        if not entry.wants(event):
            return
        job = itask.job or {}
        context = TaskEventContext(
            workflow=self._context_for_workflow(),
            point=str(itask.point),
            name=name,
            submit_num=int(itask.submit_num),
            try_num=int(itask.try_num),
            platform_name=str(job.get('platform') or ''),
            job_runner_name=job.get('runner'),
            job_id=job.get('job_id'),
            submit_time=record.submit_time,
            start_time=record.start_time,
            finish_time=record.finish_time,
            meta=entry.meta,
        )
        calls = plan_task_event(
            event, context, entry.settings, now, message=text,
            occurrence=occurrence, on_error=self._log.error,
        )
        self._submit(calls, event)

    def _settings_of(self, itask: Any) -> _TaskSettings | None:
        """The event settings of a task's job: its runtime after broadcasts
        (the job's, else the task's now), read once per runtime."""
        name = itask.name
        runtime = _broadcast_runtime(self._scheduler, self._config, itask)
        if runtime is None:
            try:
                return self._task_settings[name]
            except KeyError:
                entry = self._task_settings[name] = self._read_task_settings(name)
                return entry
        cached = self._job_settings.get(id(runtime))
        if cached is not None and cached[0] is runtime:
            return cached[1]
        if len(self._job_settings) >= _JOB_SETTINGS_CACHE:
            self._job_settings.clear()
        entry = self._read_task_settings(name, runtime)
        self._job_settings[id(runtime)] = (runtime, entry)
        return entry

    def _read_task_settings(
        self, name: str, runtime: Mapping[str, Any] | None = None,
    ) -> _TaskSettings | None:
        """A task's event settings, or None if its events need nothing done."""
        if runtime is None:
            runtime = self._config.rtconfig(name)
        if not self._handlers_enabled(runtime):
            return None
        events = runtime.get('events') or {}
        settings = task_event_settings(
            task_mail=runtime.get('mail'),
            task_events=events,
            workflow_mail=self._workflow_mail,
            global_mail=self._global_mail,
            global_task_events=self._global_task_events,
        )
        mail_events = _as_set(settings.get('mail events'))
        handler_events = (
            _as_set(settings.get('handler events'))
            if settings.get('handlers') else frozenset()
        )
        specific = any(
            value for key, value in events.items()
            if key.endswith(' handlers')
        ) or any(
            value for key, value in (self._global_task_events or {}).items()
            if key.endswith(' handlers')
        )
        if not (mail_events or handler_events or specific):
            return None
        taskdef = getattr(self._config, 'taskdefs', {}).get(name)
        outputs = getattr(taskdef, 'outputs', None) or {}
        return _TaskSettings(
            settings=settings,
            meta=dict(runtime.get('meta') or {}),
            mail_events=mail_events,
            handler_events=handler_events,
            output_labels={
                str(text): label for label, text in outputs.items()
                if label not in _STANDARD_OUTPUTS
            },
            execution_retry_delays=list(
                runtime.get('execution retry delays') or ()),
            submission_retry_delays=list(
                runtime.get('submission retry delays') or ()),
        )

    def _handlers_enabled(self, runtime: Mapping[str, Any]) -> bool:
        """Task handlers run in live mode, elsewhere only when enabled."""
        if self._mode == 'skip' or runtime.get('run mode') == 'skip':
            section = runtime.get('skip') or {}
        elif self._mode in _SIMULATED_MODES:
            section = runtime.get('simulation') or {}
        else:
            return True
        return section.get('disable task event handlers') is False

    def _cylc_event(
        self, entry: _TaskSettings, itask: Any, event: str, message: str,
    ) -> tuple[str, str | None]:
        """Cylc 8's name and message for an event of the core."""
        if event == 'custom':
            label = entry.output_labels.get(message)
            return (label or 'custom'), message
        if event in _JOB_MESSAGES:
            return event, _JOB_MESSAGES[event]
        if event == 'failed':
            if message.startswith(_ABORT_PREFIX):
                return event, message[len(_ABORT_PREFIX):]
            if not message or message == 'failed' or message.startswith('failed/'):
                return event, 'job failed'
            return event, message
        if event == 'retry':
            delay = self._retry_delay(
                entry.execution_retry_delays, itask.try_num, itask)
            return event, f'job failed, retrying in {delay}'
        if event == 'submission retry':
            delay = self._retry_delay(
                entry.submission_retry_delays, itask.submit_try_num, itask)
            return event, f'job submission failed, retrying in {delay}'
        return event, (message or None)

    @staticmethod
    def _retry_delay(delays: list[Any], next_try: int, itask: Any) -> str:
        """The delay before the retry just scheduled (the core has already
        counted the next try)."""
        index = int(next_try) - 2
        if 0 <= index < len(delays):
            seconds = _as_float(delays[index], 0.0)
        else:
            retry_at = getattr(itask, 'retry_at', None)
            seconds = max(round(retry_at - time.time()), 0) if retry_at else 0.0
        return duration_text(seconds)

    def _job_record(
        self, identity: str, submit_num: int, event: str, now: float,
    ) -> _JobRecord:
        """Update and return the bookkeeping of a task's current job."""
        record = self._jobs.get(identity)
        if record is None:
            record = self._jobs[identity] = _JobRecord(submit_num)
        elif record.submit_num != submit_num:
            record.submit_num = submit_num
            record.submit_time = record.start_time = record.finish_time = None
        if event == 'submitted':
            record.submit_time = self._time_text(now)
        elif event == 'started':
            record.start_time = self._time_text(now)
        elif event in _JOB_FINISHED:
            record.finish_time = self._time_text(now)
        return record

    def _time_text(self, seconds: float) -> str:
        from cylc_flow.db.encoding import time_string

        return time_string(seconds, utc=self._utc)

    # ---- running calls and their results ------------------------------------
    def _submit(self, calls: list[HandlerCall], event: str) -> None:
        refused = 0
        for call in calls:
            if self._runner.submit(call):
                self._outstanding[id(call)] = (call, call.due)
            elif self._closed:
                refused += 1
        if refused:
            self._log.warning(
                f'{event} event: {refused} handler(s) not run:'
                ' the scheduler is shutting down'
            )

    def _on_result(self, result: HandlerResult) -> None:
        call = result.call
        if result.retry_delay is None:
            self._outstanding.pop(id(call), None)
        else:
            self._outstanding[id(call)] = (call, time.time() + result.retry_delay)
        self._changed.set()
        log_result(self._log, result)
        if call.job is not None:
            self._write_job_activity(result)

    def _write_job_activity(self, result: HandlerResult) -> None:
        """Append the attempt to ``log/job/<point>/<name>/<NN>/job-activity.log``."""
        call = result.call
        if call.kind is HandlerKind.TASK_MAIL:
            key = call.command_key
            code = '' if result.return_code is None else result.return_code
            text = f'[{key} ret_code] {code}'
            if result.err.strip():
                text += f'\n[{key} err] {result.err.strip()}'
        else:
            text = result.describe()
        if not text:
            return
        path = self._run_dir / 'log' / 'job' / str(call.job) / JOB_ACTIVITY_LOG
        try:
            with open(path, 'a', encoding='utf-8') as handle:
                handle.write(text + '\n')
        except OSError as exc:
            # e.g. no job directory when job preparation failed
            self._log.warning(f'{path}: cannot write: {exc.strerror or exc}')
            self._log.info(text)

    async def _wait_while_running(
        self, deadline: float, draining: asyncio.Task,
    ) -> None:
        """Wait until no call is running, only waiting for a retry delay."""
        loop = asyncio.get_running_loop()
        while not draining.done():
            now = time.time()
            running = any(
                call.kind is HandlerKind.TASK_MAIL or due <= now
                for call, due in self._outstanding.values()
            )
            remaining = deadline - loop.time()
            if not running or remaining <= 0:
                return
            self._changed.clear()
            waiter = loop.create_task(self._changed.wait())
            try:
                await asyncio.wait(
                    {waiter, draining}, timeout=remaining,
                    return_when=asyncio.FIRST_COMPLETED,
                )
            finally:
                waiter.cancel()

    def _report_unfinished(self) -> None:
        """Log the handlers that close() is about to kill."""
        now = time.time()
        for call, due in self._outstanding.values():
            if call.kind is HandlerKind.TASK_MAIL or due <= now:
                where = f'{call.job} ' if call.job else ''
                self._log.warning(
                    f'{where}{call.command_key} still running at shutdown:'
                    ' killed'
                )

    # ---- the workflow ----------------------------------------------------------
    def _context_for_workflow(self) -> WorkflowEventContext:
        """The workflow's context (rebuilt when the server port changes)."""
        port = getattr(getattr(self._scheduler, 'server', None), 'port', None)
        if not isinstance(port, int):
            port = None
        context = self._workflow_context
        if context is None or context.port != port:
            context = self._workflow_context = WorkflowEventContext(
                workflow=self._workflow_id,
                uuid=self._uuid,
                host=self._host,
                port=port,
                owner=self._owner,
                meta=self._workflow_meta,
            )
            runner = getattr(self, '_runner', None)
            if runner is not None:
                runner.workflow = context
        return context

    def _host_name(self) -> str:
        """The scheduler host as ``[scheduler][host self-identification]``
        names it (a hardwired host, else the fully qualified name)."""
        section = self._global.get(['scheduler', 'host self-identification'])
        section = section if isinstance(section, Mapping) else {}
        if section.get('method') == 'hardwired' and section.get('host'):
            return str(section['host'])
        try:
            return socket.getfqdn()
        except OSError:
            return 'localhost'

    def _handler_environment(self) -> dict[str, str]:
        """The scheduler's environment plus the workflow's ``CYLC_*`` names."""
        environment = dict(os.environ)
        workflow_vars = getattr(self._config, 'workflow_vars', None)
        if callable(workflow_vars):
            environment.update(workflow_vars())
        run_dir = self._run_dir
        environment.update({
            'CYLC_WORKFLOW_ID': self._workflow_id,
            'CYLC_WORKFLOW_UUID': self._uuid,
            'CYLC_WORKFLOW_RUN_DIR': str(run_dir),
            'CYLC_WORKFLOW_LOG_DIR': str(run_dir / 'log' / 'scheduler'),
            'CYLC_WORKFLOW_SHARE_DIR': str(run_dir / 'share'),
            'CYLC_WORKFLOW_WORK_DIR': str(run_dir / 'work'),
        })
        return environment
