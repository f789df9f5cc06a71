"""The scheduler: an asyncio shell that drives the pure core.

One turn: take every queued event (job messages, submission results, xtrigger
results, commands) into the core, let it step, carry out the effects it
returns in batches (one DB transaction, one log flush, one submission batch),
then sleep until the next event or timer.  There is no fixed sleep.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cylc_flow import __version__
from cylc_flow.core.effects import (
    CallXtrigger,
    KillJobs,
    LogMessage,
    PollJobs,
    Shutdown,
    SubmitJobs,
    TaskEvent,
    WorkflowEvent,
)
from cylc_flow.core.scheduler_core import (
    SchedulerCore,
)
from cylc_flow.exceptions import CylcError
from cylc_flow.scheduler.command_handling import CommandHandling
from cylc_flow.scheduler.job_events import POLLING_AFTER

MAX_IDLE = 60.0  # seconds between turns when nothing is due (housekeeping)
PUBLIC_DB_INTERVAL = 1.0  # refresh log/db at most this often (and at shutdown)
TURN_BUDGET = 0.025  # seconds of queued events taken into one turn
EFFECT_SLICE = 64  # effects carried out between two looks at the clock
CLOSE_BACKGROUND_WAIT = 5.0  # seconds cancelled operations get to end
SUBMIT_SLICE = 250  # tasks per job submission batch of a big submission
THREAD_COMMIT_ROWS = 2000  # a turn with more statements commits in a thread


@dataclass(slots=True)
class PlayOptions:
    """What ``cylc play`` asked for."""

    icp: str | None = None
    fcp: str | None = None
    startcp: str | None = None
    stopcp: str | None = None
    start_tasks: list[str] = field(default_factory=list)
    pause: bool = False
    hold_after: str | None = None
    mode: str = 'live'
    debug: bool = False
    reference_log: bool = False
    reference_test: bool = False
    abort_if_any_task_fails: bool = False
    template_vars: dict[str, Any] = field(default_factory=dict)


class Scheduler(CommandHandling):
    """Run one workflow until it shuts down; return the exit status."""

    def __init__(self, workflow_id: str, run_dir: Path, options: PlayOptions) -> None:
        self.workflow_id = workflow_id
        self.run_dir = Path(run_dir)
        self.options = options
        self.uuid = str(uuid.uuid4())
        # (handler, *args) calls for the main loop, in arrival order
        self.events: deque[tuple[Any, ...]] = deque()
        self._posted = asyncio.Event()  # set when an event is queued
        self.log: Any = None
        self.core: SchedulerCore | None = None
        self.shutdown: Shutdown | None = None
        self.db: Any = None
        self.recorder: Any = None
        self.server: Any = None
        self.submitter: Any = None
        self.config: Any = None
        self.is_restart = False
        self._background: set[asyncio.Task] = set()
        self._point_cache: dict[str, Any] = {}
        self.reference_failed = False
        self.simulated_jobs: Any = None
        self.broadcasts: Any = None  # SchedulerBroadcasts, once started
        self._public_copied = 0.0
        self._time_second = -1
        self._time_cached = ''
        self.event_handling: Any = None
        self.error: Exception | None = None
        from cylc_flow.scheduler.graphql_service import GraphQLService

        self.graphql = GraphQLService(self)
        from cylc_flow.scheduler.job_polling import JobPollSchedule

        self.polls = JobPollSchedule()
        from cylc_flow.scheduler.job_events import JobEvents

        self.jobs = JobEvents(self)
        from cylc_flow.scheduler.gc_policy import CollectorPolicy

        self.collector = CollectorPolicy()

    # ---- start up --------------------------------------------------------
    async def run(self) -> int:
        try:
            await self._start()
            await self._main_loop()
        except Exception as exc:
            if self.log is None:
                raise
            self.log.critical(f'Workflow shutting down - ERROR: {exc}',
                              exc_info=self.options.debug)
            self.shutdown = Shutdown(f'ERROR: {exc}', aborted=True)
            if not isinstance(exc, CylcError):
                self.log.exception('internal error')
            self.error = exc
        finally:
            await self._close()
        if self.error is not None:
            raise self.error
        if self.shutdown is not None and self.shutdown.aborted:
            return 1
        return 1 if self.reference_failed else 0

    async def _start(self) -> None:
        from cylc_flow.config.global_config import GlobalConfig
        from cylc_flow.db import WorkflowDatabase

        if not self.run_dir.is_dir():
            from cylc_flow.exceptions import WorkflowFilesError

            raise WorkflowFilesError(
                f'{self.run_dir}: workflow run directory not found')
        self.global_config = GlobalConfig.get_inst()
        service = self.run_dir / '.service'
        service.mkdir(mode=0o700, parents=True, exist_ok=True)
        for name in ('share', 'work', 'log/job'):
            (self.run_dir / name).mkdir(parents=True, exist_ok=True)
        private_db = service / 'db'
        self.is_restart = private_db.exists() and self._has_pool(private_db)
        self._open_log()
        self.config = self._load_config()
        from cylc_flow.scheduler.event_handling import EventHandling

        self.event_handling = EventHandling(self)
        self.db = WorkflowDatabase(private_db, self.run_dir / 'log' / 'db')
        from cylc_flow.scheduler.db_records import DatabaseRecorder

        self.recorder = DatabaseRecorder(self.db, self._time_text)
        native = await self._native_sender()
        # the last await before the main loop: no request is served until
        # start-up (restart included) is complete
        await self._start_server()
        self._make_core()
        from cylc_flow.scheduler.core_wiring import wire_core

        wire_core(self)
        self._make_submitter(native)
        self._make_broadcasts()
        if self.options.mode in ('simulation', 'skip'):
            from cylc_flow.scheduler.simulated_jobs import SimulatedJobs

            self.simulated_jobs = SimulatedJobs(
                self, skip=self.options.mode == 'skip')
        self._record_workflow_params()
        if self.is_restart:
            from cylc_flow.scheduler.restart import restore_pool

            restore_pool(self, self.db)
            self.broadcasts.restore(self.db)
        if not self.is_restart:
            self.core.new_flows.append(
                (1, f'original flow from {self.config.initial_point}'))
        if self.options.pause:
            self.core.pause()
        self.event_handling.workflow_event('startup', 'workflow starting')
        self.core.start(time.time())
        self.collector.start(
            lambda: not (self.events or self.core.has_pending_work))

    def _has_pool(self, path: Path) -> bool:
        import sqlite3

        try:
            with sqlite3.connect(f'file:{path}?mode=ro', uri=True) as conn:
                row = conn.execute('SELECT COUNT(*) FROM task_states').fetchone()
                return bool(row and row[0])
        except sqlite3.Error:
            return False

    def _open_log(self) -> None:
        from cylc_flow.scheduler_log import open_scheduler_log

        level = logging.DEBUG if self.options.debug else logging.INFO
        self.log = open_scheduler_log(self.run_dir, is_restart=self.is_restart,
                                      level=level, utc=True)
        self.log.info(f'Workflow: {self.workflow_id}')
        self.log.info(f'Cylc {__version__}; run mode: {self.options.mode}')

    def _load_config(self):
        from cylc_flow.config.workflow_config import WorkflowConfig
        from cylc_flow.workflow_paths import find_flow_file

        flow_file = find_flow_file(self.run_dir)
        config = WorkflowConfig(
            flow_file, self.workflow_id,
            template_vars=self.options.template_vars,
            icp=self.options.icp, fcp=self.options.fcp,
            run_dir=self.run_dir,
            warn=lambda message: self.log.warning(message),
        )
        self.log.info(f'Initial point: {config.initial_point}')
        if config.final_point is not None:
            self.log.info(f'Final point: {config.final_point}')
        return config

    async def _start_server(self) -> None:
        from cylc_flow.scheduler.server_setup import start_server

        self.server = await start_server(self)

    def _make_core(self) -> None:
        config = self.config
        start = None
        if self.options.startcp:
            start = config.context.point(self.options.startcp)
        stop = None
        if self.options.stopcp:
            stop = config.context.point(self.options.stopcp)
        start_tasks = None
        if self.options.start_tasks and not self.is_restart:
            start_tasks = [tuple(text.split('/', 1)) for text in
                           self.options.start_tasks]
        self.core = SchedulerCore(
            config, now=time.time(), start_point=start, stop_point=stop,
            xtrigger_template_vars=self._xtrigger_vars(),
            abort_if_any_task_fails=self.options.abort_if_any_task_fails,
            start_tasks=start_tasks,
            global_events=self.global_config.get(['scheduler', 'events']),
        )
        if self.options.hold_after:
            self.core.pool.hold_point = config.context.point(self.options.hold_after)

    def _xtrigger_vars(self) -> dict[str, Any]:
        return {
            'workflow': self.workflow_id,
            'workflow_name': self.workflow_id,
            'workflow_run_dir': str(self.run_dir),
            'workflow_share_dir': str(self.run_dir / 'share'),
            'suite_name': self.workflow_id,
            'suite_run_dir': str(self.run_dir),
            'suite_share_dir': str(self.run_dir / 'share'),
            'user_name': os.environ.get('USER', ''),
            'debug': self.options.debug,
        }

    async def _native_sender(self) -> Any:
        """The jobs' native message sender (built once per version, in a
        worker thread; none for simulated jobs)."""
        if self.options.mode in ('simulation', 'skip'):
            return None
        from cylc_flow.jobs.native_sender import native_sender

        return await asyncio.get_running_loop().run_in_executor(
            None, native_sender)

    def _make_submitter(self, native: Any) -> None:
        from cylc_flow.jobs.job_config import WorkflowJobEnvironment
        from cylc_flow.scheduler.job_submission import JobSubmitter

        config = self.config
        env = WorkflowJobEnvironment(
            workflow_id=self.workflow_id, uuid=self.uuid,
            cycling_mode=config.cycling_mode,
            initial_cycle_point=str(config.initial_point),
            final_cycle_point=str(config.final_point)
            if config.final_point is not None else None,
            utc_mode=bool(config.get('scheduler', 'UTC mode')),
        )
        self.submitter = JobSubmitter(
            run_dir=self.run_dir, config=config, workflow_env=env,
            global_config=self.global_config, debug=self.options.debug,
            extra_environment=self.core.xtriggers.environment_for,
            dummy=self.options.mode == 'dummy',
            native_sender=native,
        )

    def _make_broadcasts(self) -> None:
        from cylc_flow.broadcast.scheduler_broadcasts import SchedulerBroadcasts

        self.broadcasts = SchedulerBroadcasts(self)
        self.submitter.task_runtime = self.broadcasts.task_runtime

    def _record_workflow_params(self) -> None:
        config = self.config
        self.recorder.workflow_params({
            'uuid_str': self.uuid,
            'cylc_version': __version__,
            'UTC_mode': int(bool(config.get('scheduler', 'UTC mode'))),
            'cycle_point_format': getattr(config.context, 'point_format', None),
            'cycle_point_tz': config.get('scheduler', 'cycle point time zone'),
            'icp': str(config.initial_point),
            'fcp': str(config.final_point) if config.final_point is not None
            else None,
            'run_mode': self.options.mode,
            'is_paused': int(self.options.pause),
        })
        if self.options.hold_after:
            self.recorder.workflow_params({'holdcp': self.options.hold_after})
        if self.options.stopcp:
            self.recorder.workflow_params({'stopcp': self.options.stopcp})
        self.db.commit()

    # ---- the loop ----------------------------------------------------------
    async def _main_loop(self) -> None:
        core = self.core
        while True:
            now = time.time()
            self._take_events(now)
            await asyncio.sleep(0)  # serve requests between the turn's phases
            core.step(now)
            await asyncio.sleep(0)
            if core.ext_triggers.matched:
                from cylc_flow.scheduler.external_triggers import (
                    broadcast_trigger_ids,
                )

                broadcast_trigger_ids(self)
            await self._apply_in_slices(core.effects.drain(), now)
            self.broadcasts.expire_behind()
            await self.graphql.turn_async(core.pool, now)
            await asyncio.sleep(0)
            self.recorder.record_turn(core.pool)
            if core.new_flows:
                self.recorder.record_flows(core.new_flows)
            await self._commit(now)
            self.log.flush()
            if self.shutdown is not None:
                break
            due = self.polls.due(time.time())
            if due:
                self._spawn(self.jobs.poll(due))
            wake = [t for t in (core.next_wakeup(), self.polls.next_time())
                    if t is not None]
            await self._wait(min(wake) if wake else None)

    async def _commit(self, now: float) -> None:
        """Commit the turn's statements (one transaction) and refresh the
        public copy when due; a big turn's commit, and the copy, in a worker
        thread, so requests are served meanwhile (the next turn starts
        after them)."""
        db = self.db
        loop = asyncio.get_running_loop()
        if db.queued < THREAD_COMMIT_ROWS:
            db.commit()
        else:
            with db.transaction() as taken:
                await loop.run_in_executor(None, db.commit_taken, taken)
        if now - self._public_copied >= PUBLIC_DB_INTERVAL:
            self._public_copied = now
            await loop.run_in_executor(None, db.copy_to_public)

    async def _wait(self, wake_at: float | None) -> None:
        timeout = MAX_IDLE
        if wake_at is not None:
            timeout = min(timeout, max(0.0, wake_at - time.time()))
        if self.events or self.core.has_pending_work:
            await asyncio.sleep(0)  # let the server answer requests between turns
            return
        self._posted.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._posted.wait(), timeout)

    def _take_events(self, now: float) -> None:
        """Handle queued events, for at most :data:`TURN_BUDGET` seconds: the
        rest wait for the next turn (so one turn's work stays bounded)."""
        events = self.events
        deadline = time.perf_counter() + TURN_BUDGET
        count = 0
        while events:
            handler, *args = events.popleft()
            try:
                handler(now, *args)
            except Exception:  # one bad event must not stop the scheduler
                self.log.exception('error handling an event')
            count += 1
            if not count % 64 and time.perf_counter() > deadline:
                return

    def post(self, handler: Callable[..., Any], *args: Any) -> None:
        """Queue an event handler call for the next turn (thread-unsafe)."""
        self.events.append((handler, *args))
        self._posted.set()

    async def _apply_in_slices(self, effects: list[Any], now: float) -> None:
        """Carry out effects, letting the event loop serve requests whenever
        a slice has taken :data:`TURN_BUDGET` (a turn that made thousands of
        tasks ready); a big submission goes in batches of :data:`SUBMIT_SLICE`."""
        deadline = time.perf_counter() + TURN_BUDGET
        batch: list[Any] = []
        for effect in effects:
            if isinstance(effect, SubmitJobs) and len(effect.tasks) > SUBMIT_SLICE:
                tasks = effect.tasks
                parts = [SubmitJobs(tasks[start:start + SUBMIT_SLICE])
                         for start in range(0, len(tasks), SUBMIT_SLICE)]
            else:
                parts = [effect]
            for part in parts:
                batch.append(part)
                if len(batch) < EFFECT_SLICE and not isinstance(part, SubmitJobs):
                    continue
                self._apply(batch, now)
                batch = []
                if time.perf_counter() > deadline:
                    await asyncio.sleep(0)
                    deadline = time.perf_counter() + TURN_BUDGET
        if batch:
            self._apply(batch, now)

    def _apply(self, effects: list[Any], now: float) -> None:
        submit: list[Any] = []
        for effect in effects:
            if isinstance(effect, LogMessage):
                self.log.log(effect.level, effect.text)
            elif isinstance(effect, SubmitJobs):
                submit.extend(effect.tasks)
            elif isinstance(effect, CallXtrigger):
                self._spawn(self._call_xtrigger(effect))
            elif isinstance(effect, KillJobs):
                self._spawn(self.jobs.kill(effect.tasks))
            elif isinstance(effect, PollJobs):
                self._spawn(self.jobs.poll(effect.tasks))
            elif isinstance(effect, TaskEvent):
                self.recorder.job_event(effect.task, effect.event, effect.message)
                self.event_handling.task_event(effect.task, effect.event,
                                               effect.message)
                self._arm_polls(effect, now)
            elif isinstance(effect, WorkflowEvent):
                self.log.info(f'workflow event: {effect.event}')
                self.event_handling.workflow_event(effect.event, effect.message)
            elif isinstance(effect, Shutdown):
                self._begin_shutdown(effect)
        if submit:
            if self.simulated_jobs is not None:
                self.simulated_jobs.submit(submit)
            else:
                self._spawn(self.jobs.submit(submit))

    def _arm_polls(self, effect: TaskEvent, now: float) -> None:
        """A live job was submitted or started: poll it on its platform's
        intervals (simulated jobs have nothing to poll)."""
        key = POLLING_AFTER.get(effect.event)
        if key is not None and self.simulated_jobs is None and \
                effect.task.is_active:
            self.jobs.arm_polls(effect.task, key, now)

    def _spawn(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background_done)

    def _background_done(self, task: asyncio.Task) -> None:
        """Forget a finished background task; log it if it failed."""
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            self.log.error(f'background operation failed: {exc!r}',
                           exc_info=(type(exc), exc, exc.__traceback__))

    # ---- messages from jobs -------------------------------------------------
    def receive_messages(self, task_job: str, event_time: str,
                         messages: list[list[str]]) -> None:
        """Called by the network handler: queue the messages of one job."""
        self.post(self.jobs.messages, task_job, event_time, messages)

    def _point(self, text: str) -> Any:
        point = self._point_cache.get(text)
        if point is None:
            point = self._point_cache[text] = self.config.context.point(text)
        return point

    # ---- xtriggers ------------------------------------------------------------
    async def _call_xtrigger(self, effect: CallXtrigger) -> None:
        from cylc_flow.scheduler.xtrigger_calls import call_xtrigger

        satisfied, results = await call_xtrigger(self, effect)
        self.post(self._xtrigger_done, effect.signature, satisfied, results)

    def _xtrigger_done(self, now: float, signature: str, satisfied: bool,
                       results: dict) -> None:
        import json

        if satisfied:
            self.recorder.xtrigger(signature, json.dumps(results))
        self.core.on_xtrigger_result(signature, satisfied, results, now)

    # ---- shut down -----------------------------------------------------------
    def _begin_shutdown(self, effect: Shutdown) -> None:
        if self.shutdown is not None:
            return
        self.shutdown = effect
        if effect.aborted:
            self.log.critical(f'Workflow shutting down - {effect.reason}')
        else:
            self.log.info(f'Workflow shutting down - {effect.reason}')

    async def _close(self) -> None:
        self.collector.close()
        background = list(self._background)
        for task in background:
            task.cancel()
        if background:  # let cancelled operations end (kill their processes)
            with contextlib.suppress(Exception):
                await asyncio.wait(background, timeout=CLOSE_BACKGROUND_WAIT)
        if self.event_handling is not None:
            if self.shutdown is not None and self.shutdown.aborted:
                self.event_handling.workflow_event('abort', self.shutdown.reason)
            else:
                reason = self.shutdown.reason if self.shutdown else 'error'
                self.event_handling.workflow_event('shutdown', reason)
            with contextlib.suppress(Exception):
                await self.event_handling.close()
        if self.server is not None:
            with contextlib.suppress(Exception):
                self.graphql.publish_shutdown(
                    self.shutdown.reason if self.shutdown else 'error')
            with contextlib.suppress(Exception):
                await self.server.stop()
        from cylc_flow.network.contact import remove_contact

        remove_contact(self.run_dir)
        if self.db is not None:
            if self.shutdown is not None and self.shutdown.reason == 'AUTOMATIC':
                # reached the end (or the stop point): a restart starts afresh
                self.db.put_delete('workflow_params', {'key': 'stopcp'})
            try:
                self.db.commit()
                self.db.copy_to_public()
            finally:
                self.db.close()
        if self.log is not None:
            if self.options.reference_log or self.options.reference_test:
                from cylc_flow.scheduler.reference import finish_reference

                self.reference_failed = not finish_reference(self)
            self.log.info('DONE')
            self.log.flush()
            self.log.close()

    def _time_text(self) -> str:
        """The time now for DB rows (whole seconds: cached per second)."""
        second = int(time.time())
        if second != self._time_second:
            from cylc_flow.db.encoding import time_string

            self._time_second = second
            self._time_cached = time_string(second)
        return self._time_cached
