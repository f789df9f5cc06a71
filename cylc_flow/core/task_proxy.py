"""A task instance: one task at one cycle point, in the scheduler's pool."""

from __future__ import annotations

from typing import Any

from cylc_flow.core.prerequisite import Prerequisite
from cylc_flow.core.states import (
    ACTIVE_STATES,
    FINAL_STATES,
    WAITING,
    format_flows,
)


class TaskProxy:
    """The run-time state of one task instance (plain data, no behaviour
    beyond small queries; the pool changes it)."""

    __slots__ = (
        'changed_conditions', 'clock_trigger_time', 'completed_outputs',
        'expire_time', 'flow_nums',
        'flow_wait', 'identity', 'is_held', 'is_late', 'is_manual_submit',
        'is_queued', 'is_retry', 'is_runahead', 'job', 'late_time', 'name',
        'point', 'prereq_index', 'prerequisites', 'retry_at', 'state',
        'submit_num', 'submit_try_num', 'suicide_prerequisites', 'tdef',
        'timeout_at', 'try_num', 'xtriggers',
    )

    def __init__(self, tdef: Any, point: Any, flow_nums: frozenset[int]) -> None:
        self.tdef = tdef
        self.name: str = tdef.name
        self.point = point
        self.identity = f'{point}/{tdef.name}'
        self.flow_nums = flow_nums
        self.flow_wait = False
        self.state = WAITING
        self.is_held = False
        self.is_queued = False
        self.is_runahead = False
        self.is_retry = False
        self.is_manual_submit = False
        self.submit_num = 0
        self.try_num = 1
        self.submit_try_num = 1
        self.retry_at: float | None = None
        self.clock_trigger_time: float | None = None
        self.expire_time: float | None = None  # clock-expire, if configured
        self.late_time: float | None = None  # late offset, if configured
        self.is_late = False
        self.timeout_at: float | None = None  # submission/execution timeout
        self.prerequisites: list[Prerequisite] = []
        self.suicide_prerequisites: list[Prerequisite] = []
        # condition -> the prerequisites (plain and suicide) that include it
        self.prereq_index: dict[tuple[Any, str, str], list[Prerequisite]] = {}
        # conditions satisfied since the database last recorded this task
        self.changed_conditions: list[tuple[Any, str, str]] = []
        # label -> [signature, satisfied]
        self.xtriggers: dict[str, list[Any]] = {}
        self.completed_outputs: dict[str, str] = {}
        self.job: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f'<TaskProxy {self.identity} {self.state}>'

    @property
    def key(self) -> tuple[Any, str]:
        return (self.point, self.name)

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    def index_prerequisites(self) -> None:
        """Build the condition -> prerequisites index (after construction)."""
        index: dict[tuple[Any, str, str], list[Prerequisite]] = {}
        for prereq in (*self.prerequisites, *self.suicide_prerequisites):
            for condition in prereq.conditions:
                index.setdefault(condition, []).append(prereq)
        self.prereq_index = index

    def satisfy(self, condition: tuple[Any, str, str], how: str) -> bool:
        """Satisfy a condition wherever it appears; True if it did."""
        found = self.prereq_index.get(condition)
        if not found:
            return False
        for prereq in found:
            prereq.satisfy(condition, how)
        self.changed_conditions.append(condition)
        return True

    def satisfy_all_prerequisites(self) -> None:
        """Force every prerequisite condition satisfied (trigger, --pre=all)."""
        for prereq in self.prerequisites:
            prereq.satisfy_all()
        self.changed_conditions.extend(self.prereq_index)

    def prerequisites_satisfied(self) -> bool:
        return all(prereq.is_satisfied for prereq in self.prerequisites)

    def xtriggers_satisfied(self) -> bool:
        return all(entry[1] for entry in self.xtriggers.values())

    def is_ready(self, now: float) -> bool:
        """Could this waiting task run now (ignoring queues and holds)?"""
        return (
            self.state == WAITING
            and not self.is_runahead
            and (self.retry_at is None or now >= self.retry_at)
            and (self.clock_trigger_time is None or now >= self.clock_trigger_time)
            and self.prerequisites_satisfied()
            and self.xtriggers_satisfied()
        )

    def satisfied_dependency_ids(self) -> list[str]:
        """Sorted IDs of satisfied prerequisites (the -triggered off list)."""
        return sorted(
            dep for prereq in self.prerequisites for dep in prereq.satisfied_ids()
        )

    def log_prefix(self) -> str:
        """``[1/foo/01:running]`` as scheduler log lines name tasks."""
        job = f'/{self.submit_num:02d}' if self.submit_num else ''
        flags = ''
        if self.state == WAITING:
            extra = [name for name, on in (
                ('held', self.is_held), ('queued', self.is_queued),
                ('runahead', self.is_runahead), ('retrying', self.is_retry),
            ) if on]
            if extra:
                flags = '(' + ','.join(extra) + ')'
        return f'[{self.identity}{job}:{self.state}{flags}]'

    def flows_text(self) -> str:
        return format_flows(self.flow_nums)


def job_runtime(itask: TaskProxy, config: Any) -> dict:
    """The runtime settings of the task's latest job (after broadcasts),
    else (no job yet) its configured runtime."""
    return itask.job.get('runtime') or config.rtconfig(itask.name)
