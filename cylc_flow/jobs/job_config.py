"""What a job script is written from.

:class:`WorkflowJobEnvironment` holds what every job of a run shares (set
once, like Cylc's workflow environment); :class:`JobConfig` holds one job:
the task's runtime settings after broadcasts, its platform (the
``global.cylc [platforms][<name>]`` settings) and its submit/try numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cylc_flow.jobs.log_layout import job_log_dir_name

#: Platform settings the writer reads, with the defaults used when absent.
PLATFORM_DEFAULTS: dict[str, Any] = {
    'job runner': 'background',
    'job runner command template': None,
    'cylc path': None,
    'global init-script': None,
    'communication method': 'zmq',
    'copyable environment variables': [],
}


@dataclass(slots=True)
class WorkflowJobEnvironment:
    """Workflow-wide ``CYLC_*`` values written into every job script."""

    workflow_id: str
    uuid: str = ''
    cycling_mode: str = 'integer'  # or gregorian, 360_day, 365_day, 366_day
    initial_cycle_point: str | None = None
    final_cycle_point: str | None = None
    utc_mode: bool = False
    workflow_name: str | None = None  # default: the ID without its run name

    @property
    def name(self) -> str:
        """``CYLC_WORKFLOW_NAME``: the ID without a trailing ``runN``."""
        if self.workflow_name:
            return self.workflow_name
        head, _, tail = self.workflow_id.rpartition('/')
        if head and tail.startswith('run') and tail[3:].isdigit():
            return head
        return self.workflow_id

    @property
    def name_base(self) -> str:
        """``CYLC_WORKFLOW_NAME_BASE``: the last part of the name."""
        return self.name.rpartition('/')[2]


@dataclass(slots=True)
class JobConfig:
    """One job of one task: everything its job script needs."""

    cycle_point: str
    task_name: str
    submit_number: int = 1
    try_number: int = 1
    flow_numbers: tuple[int, ...] = (1,)
    namespace_hierarchy: tuple[str, ...] = ()  # e.g. ('root', 'FAM', 'foo')
    parameters: Mapping[str, str] = field(default_factory=dict)
    environment: Mapping[str, str] = field(default_factory=dict)
    init_script: str | None = None
    env_script: str | None = None
    pre_script: str | None = None
    script: str | None = None
    post_script: str | None = None
    err_script: str | None = None
    exit_script: str | None = None
    work_sub_directory: str | None = None
    execution_time_limit: float | None = None  # seconds
    directives: Mapping[str, str] = field(default_factory=dict)
    platform: Mapping[str, Any] = field(default_factory=dict)

    @property
    def task_id(self) -> str:
        """``<cycle>/<task>``."""
        return f'{self.cycle_point}/{self.task_name}'

    @property
    def job_log_dir(self) -> str:
        """``<cycle>/<task>/<NN>`` (``$CYLC_TASK_JOB``)."""
        return job_log_dir_name(
            self.cycle_point, self.task_name, self.submit_number
        )

    def platform_setting(self, key: str) -> Any:
        """A platform setting, or its default."""
        value = self.platform.get(key)
        if value is None:
            return PLATFORM_DEFAULTS.get(key)
        return value
