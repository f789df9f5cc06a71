"""Plain rows returned by the database's ``select_*`` methods.

Values are decoded: flow numbers are frozensets, outputs are dicts, booleans
are bools; time stamps stay as the stored ISO 8601 strings.
"""

from __future__ import annotations

from dataclasses import dataclass

# (cycle, name, flow numbers): how the scheduler keys a task instance.
TaskKey = tuple[str, str, frozenset[int]]


@dataclass(slots=True)
class TaskPoolRecord:
    """A task to restore into the pool: ``task_pool`` joined as Cylc does.

    Joined with ``task_states`` (flow wait, manual submit, submit number),
    ``task_late_flags``, the task's latest ``task_jobs`` row,
    ``task_timeout_timers`` and ``task_outputs``.
    """

    cycle: str
    name: str
    flow_nums: frozenset[int]
    flow_wait: bool
    is_manual_submit: bool
    is_late: bool
    status: str
    is_held: bool
    submit_num: int
    try_num: int | None
    platform_name: str | None
    time_submit: str | None
    time_run: str | None
    timeout: float | None
    outputs: dict[str, str]

    @property
    def key(self) -> TaskKey:
        """(cycle, name, flow numbers)."""
        return (self.cycle, self.name, self.flow_nums)


@dataclass(slots=True)
class TaskStateRecord:
    """One ``task_states`` row: the latest state of a task in some flows."""

    name: str
    cycle: str
    flow_nums: frozenset[int]
    time_created: str | None
    time_updated: str | None
    submit_num: int
    status: str | None
    flow_wait: bool
    is_manual_submit: bool


@dataclass(slots=True)
class TaskOutputsRecord:
    """One ``task_outputs`` row: completed outputs ``{trigger: message}``."""

    cycle: str
    name: str
    flow_nums: frozenset[int]
    outputs: dict[str, str]


@dataclass(slots=True)
class PrerequisiteRecord:
    """One prerequisite of a task, and whether it is satisfied.

    ``satisfied`` is False, or how it was satisfied (``'satisfied
    naturally'``, ``'force satisfied'``, ``'satisfied from database'``...).
    """

    prereq_cycle: str
    prereq_name: str
    prereq_output: str
    satisfied: str | bool


@dataclass(slots=True)
class JobRecord:
    """One ``task_jobs`` row."""

    cycle: str
    name: str
    submit_num: int
    flow_nums: frozenset[int]
    is_manual_submit: bool
    try_num: int | None
    time_submit: str | None
    time_submit_exit: str | None
    submit_status: int | None
    time_run: str | None
    time_run_exit: str | None
    run_signal: str | None
    run_status: int | None
    platform_name: str | None
    job_runner_name: str | None
    job_id: str | None


@dataclass(slots=True)
class ActionTimerRecord:
    """One ``task_action_timers`` row (retries, poll timers, event handlers).

    ``ctx_key``, ``ctx`` and ``delays`` are decoded JSON; the scheduler knows
    their shapes (e.g. ``ctx_key == ["try_timers", "execution-retry"]``).
    """

    cycle: str
    name: str
    ctx_key: object
    ctx: object
    delays: list[float]
    num: int | None
    delay: float | None
    timeout: float | None


@dataclass(slots=True)
class BroadcastStateRecord:
    """One active broadcast setting."""

    point: str
    namespace: str
    key: str
    value: str | None


@dataclass(slots=True)
class FlowRecord:
    """One ``workflow_flows`` row."""

    flow_num: int
    start_time: str | None
    description: str | None
