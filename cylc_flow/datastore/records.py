"""The records of the data store, one dataclass per GraphQL type.

Attributes are the snake_case forms of the public GraphQL field names (a
schema maps them to camelCase).  Every value is JSON-able already (str, int,
float, bool, None, lists and str-keyed dicts of those), so serialising a
record is a shallow walk over its fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The type names used as keys in snapshots and deltas.
WORKFLOW = 'workflow'
TASKS = 'tasks'
TASK_PROXIES = 'task_proxies'
FAMILIES = 'families'
FAMILY_PROXIES = 'family_proxies'
JOBS = 'jobs'
EDGES = 'edges'
TYPES = (WORKFLOW, TASKS, TASK_PROXIES, FAMILIES, FAMILY_PROXIES, JOBS, EDGES)


@dataclass(slots=True)
class Workflow:
    id: str
    name: str
    owner: str
    host: str = ''
    port: int | None = None
    pub_port: int | None = None
    status: str = 'running'
    status_msg: str = ''
    api_version: int = 5
    cylc_version: str = ''
    last_updated: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    newest_active_cycle_point: str | None = None
    oldest_active_cycle_point: str | None = None
    reloaded: bool = False
    run_mode: str = 'live'
    is_held_total: int = 0
    is_queued_total: int = 0
    is_runahead_total: int = 0
    contains_held: bool = False
    contains_retry: bool = False
    state_totals: dict[str, int] = field(default_factory=dict)
    latest_state_tasks: dict[str, list[str]] = field(default_factory=dict)
    workflow_log_dir: str = ''
    time_zone_info: dict[str, Any] = field(default_factory=dict)
    tree_depth: int = 0
    ns_def_order: list[str] = field(default_factory=list)
    job_log_names: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    broadcasts: dict[str, Any] = field(default_factory=dict)
    pruned: bool = False
    n_edge_distance: int = 1


@dataclass(slots=True)
class Task:
    """A task definition (``~user/workflow//$namespace|name``)."""

    id: str
    name: str
    meta: dict[str, Any]
    runtime: dict[str, Any]
    mean_elapsed_time: float | None
    depth: int
    parents: list[str]
    namespace: list[str]
    first_parent: str | None


@dataclass(slots=True)
class Family:
    """A family definition (a namespace others inherit from)."""

    id: str
    name: str
    meta: dict[str, Any]
    runtime: dict[str, Any]
    depth: int
    parents: list[str]
    child_tasks: list[str]
    child_families: list[str]
    first_parent: str | None


@dataclass(slots=True)
class TaskProxy:
    """A task at a cycle point, in the pool or a ghost of the n-window."""

    id: str
    task: str
    name: str
    cycle_point: str
    namespace: list[str]
    depth: int
    first_parent: str | None
    ancestors: list[str]
    parents: list[str]
    state: str = 'waiting'
    is_held: bool = False
    is_queued: bool = False
    is_runahead: bool = False
    is_retry: bool = False
    is_wallclock: bool = False
    is_xtriggered: bool = False
    flow_nums: str = '[]'
    flow_wait: bool = False
    graph_depth: int = 0
    job_submits: int = 0
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    external_triggers: list[dict[str, Any]] = field(default_factory=list)
    xtriggers: dict[str, dict[str, Any]] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    prerequisites: list[dict[str, Any]] = field(default_factory=list)
    jobs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FamilyProxy:
    """A family at a cycle point: its state summarises its children."""

    id: str
    cycle_point: str
    name: str
    family: str
    depth: int
    first_parent: str | None
    ancestors: list[str]
    state: str = 'waiting'
    states: list[str] = field(default_factory=list)
    state_totals: dict[str, int] = field(default_factory=dict)
    is_held: bool = False
    is_held_total: int = 0
    is_queued: bool = False
    is_queued_total: int = 0
    is_runahead: bool = False
    is_runahead_total: int = 0
    is_retry: bool = False
    is_wallclock: bool = False
    is_xtriggered: bool = False
    graph_depth: int = 0
    child_tasks: list[str] = field(default_factory=list)
    child_families: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Job:
    id: str
    submit_num: int
    state: str
    name: str
    cycle_point: str
    task_proxy: str
    submitted_time: str | None = None
    started_time: str | None = None
    finished_time: str | None = None
    estimated_finish_time: str | None = None
    job_id: str | None = None
    job_runner_name: str | None = None
    execution_time_limit: float | None = None
    platform: str | None = None
    job_log_dir: str = ''
    messages: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Edge:
    """A graph edge between two task proxies of the n-window."""

    id: str
    source: str
    target: str
    suicide: bool
    cond: bool


RECORD_CLASSES: dict[str, type] = {
    WORKFLOW: Workflow, TASKS: Task, TASK_PROXIES: TaskProxy,
    FAMILIES: Family, FAMILY_PROXIES: FamilyProxy, JOBS: Job, EDGES: Edge,
}
# field names per type, in declaration order
FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(cls.__slots__) for kind, cls in RECORD_CLASSES.items()
}


def record_to_dict(kind: str, record: Any,
                   skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A record as a JSON-able dict (fields in ``skip`` left out)."""
    return {name: getattr(record, name) for name in FIELDS[kind]
            if name not in skip}
