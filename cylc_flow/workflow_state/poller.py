"""Check a workflow state query once, or poll until it is met.

A workflow that is not installed yet, or has no database yet, is "not met"
(polls are spent waiting for it); the last such problem is named in the
error when polling runs out.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from cylc_flow.db.errors import DatabaseError, DatabaseValueError
from cylc_flow.exceptions import InputError
from cylc_flow.workflow_state.database import TargetDatabase
from cylc_flow.workflow_state.errors import PollingExhaustedError
from cylc_flow.workflow_state.location import (
    TargetWorkflow,
    cylc_run_root,
    find_workflow,
)
from cylc_flow.workflow_state.matching import StateResult, run_query
from cylc_flow.workflow_state.points import DatabasePoints
from cylc_flow.workflow_state.query import StateQuery

_UNSET = object()


class WorkflowStatePoller:
    """Look for a query's results in the target workflow's database.

    After a successful :meth:`check`, ``target`` is the workflow run found,
    ``cycle`` the point looked for (offset applied, database format) and
    ``results`` the matching tasks.
    """

    def __init__(
        self,
        query: StateQuery,
        *,
        alt_cylc_run_dir: str | None = None,
        accept_pre_start_tasks: bool = False,
        warn: Callable[[str], None] | None = None,
        retry_seconds: float = 5.0,
    ) -> None:
        self.query = query
        self.alt_cylc_run_dir = alt_cylc_run_dir
        self.accept_pre_start_tasks = accept_pre_start_tasks
        self.warn = warn
        self.retry_seconds = retry_seconds
        self.root = cylc_run_root(alt_cylc_run_dir, query.user)
        self.target: TargetWorkflow | None = None
        self.cycle: str | None = None
        self._cycle: object = _UNSET
        self.results: list[StateResult] = []
        self.problem: str | None = None
        self.polls = 0

    def _find(self) -> TargetWorkflow | None:
        if self.target is None:
            self.target = find_workflow(self.query.workflow, self.root)
            if self.target is None:
                self.problem = (
                    f'workflow not found: {self.root / self.query.workflow}'
                )
        return self.target

    def check(self) -> bool:
        """Query once; True if anything matched (see ``results``)."""
        self.polls += 1
        self.results = []
        target = self._find()
        if target is None:
            return False
        try:
            with TargetDatabase(target.db_path, self.retry_seconds) as database:
                points = DatabasePoints(database.params, database.is_cylc7)
                if self._cycle is _UNSET:
                    self.cycle = points.adjust(
                        self.query.cycle, self.query.offset
                    )
                    self._cycle = self.cycle
                self.results = run_query(
                    database,
                    self.query,
                    self.cycle,
                    points=points,
                    accept_pre_start_tasks=self.accept_pre_start_tasks,
                    warn=self.warn,
                )
        except DatabaseValueError:
            raise
        except DatabaseError as exc:
            self.problem = str(exc)
            return False
        self.problem = None
        return bool(self.results)

    def poll(
        self,
        max_polls: int,
        interval: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
        on_wait: Callable[[int], None] | None = None,
    ) -> list[StateResult]:
        """Check up to ``max_polls`` times, ``interval`` seconds apart.

        ``on_wait(poll_number)`` is called before each poll after the
        second (the command prints a progress dot).  Returns the results;
        raises PollingExhaustedError if the condition was never met.
        """
        if isinstance(max_polls, bool) or not isinstance(max_polls, int):
            raise InputError(f'max-polls must be an integer: {max_polls!r}')
        if max_polls < 1:
            raise InputError('max-polls must be at least 1.')
        if (
            isinstance(interval, bool)
            or not isinstance(interval, (int, float))
            or not math.isfinite(interval)
            or interval < 0
        ):
            raise InputError(f'interval must be 0 or more seconds: {interval!r}')
        for number in range(1, max_polls + 1):
            if number > 2 and on_wait is not None:
                on_wait(number)
            if self.check():
                return self.results
            if number < max_polls:
                sleep(interval)
        message = 'condition not satisfied'
        if max_polls > 1:
            message += f' after {max_polls} polls'
        message += f': {self.query.condition}'
        if self.problem:
            message += f' ({self.problem})'
        raise PollingExhaustedError(message)
