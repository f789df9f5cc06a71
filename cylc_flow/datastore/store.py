"""DataStore: the records the UIs see, updated once per scheduler turn.

The shell calls :meth:`DataStore.apply_turn` with the core's pool after each
turn (before anything clears ``pool.dirty`` / ``pool.removed``, which are
only read).  The work done is proportional to what changed: the tasks the
core touched, the n-window nodes that came or went, and the family proxies
above them.  Each call returns a :class:`Delta`; a non-empty one carries the
next sequence number and the checksum of the store after it.

Records are never changed in place: a changed field gets a new value, so the
delta is found by comparing each touched record's fields with the values
last published.
"""

from __future__ import annotations

import secrets
import time
from collections import Counter
from collections.abc import Generator
from typing import Any

from cylc_flow import __version__
from cylc_flow.core.states import ALL_STATES
from cylc_flow.core.task_factory import TaskFactory
from cylc_flow.datastore import records as R
from cylc_flow.datastore.delta import ContentChecksum, Delta
from cylc_flow.datastore.families import FamilyTracker
from cylc_flow.datastore.patch import PATCH_KEY, make_patch
from cylc_flow.datastore.proxies import (
    external_trigger_entries,
    fill_from_task,
    ghost_external_triggers,
    ghost_outputs,
    ghost_prerequisites,
)
from cylc_flow.datastore.static import (
    Namespaces,
    build_families,
    build_tasks,
    meta_summary,
)
from cylc_flow.datastore.steps import run_to_end
from cylc_flow.datastore.window import GraphNeighbours, GraphWindow, Node
from cylc_flow.exceptions import InputError
from cylc_flow.id import Tokens

JOB_STATES = frozenset({'submitted', 'running', 'succeeded', 'failed',
                        'submit-failed'})
FINAL_JOB_STATES = frozenset({'succeeded', 'failed', 'submit-failed'})
JOB_LOG_NAMES = ['job', 'job-activity.log', 'job.err', 'job.out',
                 'job.status', 'job.xtrace']
LATEST_STATE_TASKS = 5
SLICE = 50  # records handled between two yields of DataStore.turn_steps


def iso_time(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(seconds))


class DataStore:
    """The workflow's data model and its deltas."""

    def __init__(
        self,
        config: Any,
        workflow_id: str,
        owner: str,
        *,
        host: str = '',
        port: int | None = None,
        pub_port: int | None = None,
        run_mode: str = 'live',
        n_edge_distance: int = 1,
        stop_point: Any = None,
        workflow_log_dir: str = '',
        epoch: str | None = None,
        external_triggers: Any = None,
        start_point: Any = None,
    ) -> None:
        self.config = config
        # the core's ExternalTriggers (``externalTriggers`` of the tasks)
        self.external_triggers = external_triggers
        self.owner = owner
        tokens = Tokens(user=owner, workflow=workflow_id)
        self.workflow_id = tokens.id()
        self.prefix = self.workflow_id + '//'
        self.records: dict[str, dict[str, Any]] = {kind: {} for kind in R.TYPES}
        self.published: dict[str, dict[str, dict[str, Any]]] = {
            kind: {} for kind in R.TYPES}
        self._touched: dict[str, set[str]] = {kind: set() for kind in R.TYPES}
        self.checksum = ContentChecksum()
        self.sequence = 0
        # a new token per store: subscribers never mix two stores' deltas
        self.epoch = epoch or secrets.token_hex(8)
        self.tree = Namespaces(config)
        # (dependencies before a warm start's start point count as done)
        factory = self.factory = TaskFactory(
            config, start_point=start_point or config.initial_point,
            xtrigger_signature=lambda *_args: '')
        self.window = GraphWindow(
            GraphNeighbours(config, factory, stop_point), n_edge_distance)
        self.families = FamilyTracker(self.tree.chains, self.tree.family_parent)
        self._pool: dict[Node, Any] = {}
        self._pool_points: Counter = Counter()
        self._outputs_seen: dict[Node, int] = {}
        self._prerequisites: dict[Node, Any] = {}
        self._flags: dict[Node, tuple[bool, bool, bool, bool]] = {}
        self._state_totals: dict[str, int] = dict.fromkeys(ALL_STATES, 0)
        self._latest: dict[str, list[str]] = {state: [] for state in ALL_STATES}
        self._totals = [0, 0, 0, 0]  # held, queued, runahead, retry
        self._hold_later: set[Node] = set()  # held on spawn (not yet in pool)
        self._pending_extent: int | None = None  # set_window_extent's n
        self._build_static(host, port, pub_port, run_mode, workflow_log_dir)

    # ---- ids -----------------------------------------------------------------
    def task_proxy_id(self, node: Node) -> str:
        return f'{self.prefix}{node[0]}/{node[1]}'

    def family_proxy_id(self, point: Any, family: str) -> str:
        return f'{self.prefix}{point}/{family}'

    def job_id(self, node: Node, submit_num: int) -> str:
        return f'{self.prefix}{node[0]}/{node[1]}/{submit_num:02d}'

    def edge_id(self, key: tuple[Node, Node]) -> str:
        (source_point, source), (target_point, target) = key
        return (f'{self.prefix}$edge|{source_point}/{source}'
                f'|{target_point}/{target}')

    # ---- static parts ----------------------------------------------------------
    def _build_static(self, host: str, port: int | None, pub_port: int | None,
                      run_mode: str, workflow_log_dir: str) -> None:
        config = self.config
        tree = self.tree
        tasks = build_tasks(config, tree, self.prefix)
        families = build_families(config, tree, self.prefix)
        context = config.context
        utc = bool(getattr(context, 'utc_mode', False))
        workflow = R.Workflow(
            id=self.workflow_id, name=config.workflow_id,
            owner=self.owner,
            host=host, port=port, pub_port=pub_port,
            cylc_version=__version__, run_mode=run_mode,
            meta=meta_summary(config.get('meta')),
            state_totals=dict(self._state_totals),
            latest_state_tasks={state: [] for state in ALL_STATES},
            workflow_log_dir=workflow_log_dir,
            time_zone_info={'hours': 0, 'minutes': 0, 'string_basic': 'Z',
                            'string_extended': 'Z'} if utc else {},
            tree_depth=max((record.depth for record in families.values()),
                           default=0),
            ns_def_order=sorted(set(config.runtime.sparse) | set(config.taskdefs)),
            job_log_names=list(JOB_LOG_NAMES),
            n_edge_distance=self.window.extent,
        )
        self.records[R.WORKFLOW][workflow.id] = workflow
        self.records[R.TASKS].update(tasks)
        self.records[R.FAMILIES].update(families)
        for kind in (R.WORKFLOW, R.TASKS, R.FAMILIES):
            self._touched[kind].update(self.records[kind])
        run_to_end(self._collect_steps())  # the snapshot at sequence 0
        self.sequence = 0

    @property
    def workflow(self) -> R.Workflow:
        return self.records[R.WORKFLOW][self.workflow_id]

    # ---- run time ---------------------------------------------------------------
    def set_window_extent(self, extent: int) -> None:
        """``setGraphWindowExtent``: change ``n`` at the start of the next
        turn (never in the middle of one), which publishes it."""
        if not isinstance(extent, int) or isinstance(extent, bool) or \
                extent < 0:
            raise InputError(f'invalid n-window extent: {extent!r}'
                             ' (a whole number, 0 or more)')
        self._pending_extent = extent

    def _apply_extent(self) -> Generator[None, None, None]:
        extent = self._pending_extent
        if extent is None:
            return
        self._pending_extent = None
        yield from self.window.set_extent_steps(extent, SLICE)
        self.workflow.n_edge_distance = self.window.extent
        self._touched[R.WORKFLOW].add(self.workflow_id)

    def set_broadcasts(self, broadcasts: dict[str, Any]) -> None:
        """The workflow's active broadcasts (``{point: {namespace: settings}}``)."""
        import copy

        workflow = self.workflow
        if workflow.broadcasts != broadcasts:
            workflow.broadcasts = copy.deepcopy(broadcasts)
            self._touched[R.WORKFLOW].add(self.workflow_id)

    def mark_reloaded(self) -> None:
        """The workflow definitions were reloaded (``reloaded``)."""
        self.workflow.reloaded = True
        self._touched[R.WORKFLOW].add(self.workflow_id)

    def set_status(self, status: str, message: str = '') -> None:
        """Workflow status (``running``, ``paused``, ``stopping``, ...)."""
        workflow = self.workflow
        if (workflow.status, workflow.status_msg) != (status, message):
            workflow.status = status
            workflow.status_msg = message
            self._touched[R.WORKFLOW].add(self.workflow_id)

    def apply_turn(
        self,
        pool: Any,
        *,
        now: float | None = None,
        status: str | None = None,
        status_msg: str = '',
    ) -> Delta:
        """Take in what the core changed this turn and return the delta.

        An empty delta keeps the sequence number (there is nothing to
        publish).
        """
        return run_to_end(self.turn_steps(pool, now=now, status=status,
                                          status_msg=status_msg))

    def turn_steps(
        self,
        pool: Any,
        *,
        now: float | None = None,
        status: str | None = None,
        status_msg: str = '',
    ) -> Generator[None, None, Delta]:
        """:meth:`apply_turn` in slices: yields between slices of about
        :data:`SLICE` records (so an event loop can serve requests) and
        returns the delta (:meth:`update_steps` then :meth:`collect_steps`).
        """
        yield from self.update_steps(pool, now=now, status=status,
                                     status_msg=status_msg)
        return (yield from self.collect_steps())

    def update_steps(self, pool: Any, *, now: float | None = None,
                     status: str | None = None, status_msg: str = ''
                     ) -> Generator[None, None, None]:
        """The first part of a turn, in slices: bring the records up to
        date (queries read them once it is done)."""
        yield from self._turn_steps(pool, now, status, status_msg)

    def collect_steps(self) -> Generator[None, None, Delta]:
        """The second part of a turn, in slices: the delta from the last
        published records (:meth:`snapshot` is consistent once it is done)."""
        return (yield from self._collect_steps())

    def _turn_steps(self, pool: Any, now: float | None, status: str | None,
                    status_msg: str) -> Generator[None, None, None]:
        when = iso_time(now)
        yield from self._apply_extent()
        if status is not None:
            self.set_status(status, status_msg)
        tasks = pool.tasks
        changed: dict[Node, Any] = {}
        window = self.window
        count = 0
        hold_later = getattr(pool, 'tasks_to_hold', None)
        if hold_later is not None and hold_later != self._hold_later:
            self._sync_hold_later(set(hold_later))
        for key, itask in pool.dirty.items():
            if tasks.get(key) is not itask:
                continue
            if self._pool.get(key) is None:
                self._pool_points[key[0]] += 1
                yield from window.add_source_steps(key, SLICE)
                count += 1
                if not count % SLICE:
                    yield
            self._pool[key] = itask
            changed[key] = itask
        for itask in pool.removed:
            key = itask.key
            if key in tasks or self._pool.pop(key, None) is None:
                continue
            self._pool_points[key[0]] -= 1
            if not self._pool_points[key[0]]:
                del self._pool_points[key[0]]
            changed[key] = itask
            yield from window.remove_source_steps(key, SLICE)
        yield from self._sync_window()
        task_proxies = self.records[R.TASK_PROXIES]
        for count, (key, itask) in enumerate(changed.items(), 1):
            record = task_proxies.get(self.task_proxy_id(key))
            if record is not None:
                self._update_task(key, record, itask, when)
            if not count % SLICE:
                yield
        self._sync_families()
        self._update_workflow(when)

    # ---- task proxies -----------------------------------------------------------
    def _sync_window(self) -> Generator[None, None, None]:
        window = self.window
        task_proxies = self.records[R.TASK_PROXIES]
        touched = self._touched[R.TASK_PROXIES]
        nodes = list(window.touched_nodes)
        window.touched_nodes.clear()
        for count, node in enumerate(nodes, 1):
            if not count % SLICE:
                yield
            record_id = self.task_proxy_id(node)
            record = task_proxies.get(record_id)
            if node in window.refs:
                if record is None:
                    self._add_task(node, record_id)
                else:
                    depth = window.depth(node)
                    if record.graph_depth != depth:
                        record.graph_depth = depth
                        touched.add(record_id)
            elif record is not None:
                self._prune_task(node, record)
        edges = self.records[R.EDGES]
        edge_touched = self._touched[R.EDGES]
        for key in window.touched_edges:
            edge_id = self.edge_id(key)
            flags = window.edges.get(key)
            if flags is None:
                edges.pop(edge_id, None)
            elif edge_id not in edges:
                edges[edge_id] = R.Edge(edge_id, self.task_proxy_id(key[0]),
                                        self.task_proxy_id(key[1]), *flags)
            edge_touched.add(edge_id)
        window.touched_edges.clear()

    def _add_task(self, node: Node, record_id: str) -> None:
        point, name = node
        tree = self.tree
        chain = tree.chains[name]
        prefix = self.prefix
        record = R.TaskProxy(
            id=record_id, task=f'{prefix}$namespace|{name}', name=name,
            cycle_point=str(point), namespace=tree.namespaces[name],
            depth=len(chain),
            first_parent=f'{prefix}{point}/{chain[0]}' if chain else None,
            ancestors=[f'{prefix}{point}/{family}' for family in chain],
            parents=[f'{prefix}{point}/{parent}'
                     for parent in tree.parents(name)],
            graph_depth=self.window.depth(node),
        )
        if node not in self._pool:  # (a pool task's are filled this turn)
            tdef = self.config.taskdefs[name]
            record.outputs = ghost_outputs(tdef)
            record.prerequisites = ghost_prerequisites(self.factory, tdef,
                                                       point)
            record.external_triggers = ghost_external_triggers(
                self.external_triggers, name, point)
        self.records[R.TASK_PROXIES][record_id] = record
        self._touched[R.TASK_PROXIES].add(record_id)
        held = node in self._hold_later
        record.is_held = held
        flags = (held, False, False, False)
        self._count_flags(flags, 1)
        self._flags[node] = flags
        self._state_totals[record.state] += 1
        self.families.add_task(point, name, record_id, record.state, flags[:3])

    def _sync_hold_later(self, hold_later: set[Node]) -> None:
        """Tasks to hold when they spawn: their n-window records show it."""
        task_proxies = self.records[R.TASK_PROXIES]
        for node in hold_later ^ self._hold_later:
            record = task_proxies.get(self.task_proxy_id(node))
            if record is None or node in self._pool:
                continue
            held = node in hold_later
            old = self._flags[node]
            flags = (held, *old[1:])
            record.is_held = held
            self._count_flags(old, -1)
            self._count_flags(flags, 1)
            self._flags[node] = flags
            self.families.update_task(node[0], node[1], record.state,
                                      record.state, old[:3], flags[:3])
            self._touched[R.TASK_PROXIES].add(record.id)
        self._hold_later = hold_later

    def _prune_task(self, node: Node, record: R.TaskProxy) -> None:
        del self.records[R.TASK_PROXIES][record.id]
        self._touched[R.TASK_PROXIES].add(record.id)
        flags = self._flags.pop(node)
        self._count_flags(flags, -1)
        self._state_totals[record.state] -= 1
        self._outputs_seen.pop(node, None)
        self._prerequisites.pop(node, None)
        self.families.remove_task(node[0], node[1], record.id, record.state,
                                  flags[:3])
        jobs = self.records[R.JOBS]
        for job_id in record.jobs:
            if jobs.pop(job_id, None) is not None:
                self._touched[R.JOBS].add(job_id)

    def _count_flags(self, flags: tuple[bool, ...], sign: int) -> None:
        totals = self._totals
        for index, on in enumerate(flags):
            if on:
                totals[index] += sign

    def _update_task(self, node: Node, record: R.TaskProxy, itask: Any,
                     when: str | None) -> None:
        old_state = record.state
        old_flags = self._flags[node]
        fill_from_task(record, itask, when, self._outputs_seen,
                       self._prerequisites)
        external = self.external_triggers
        triggers = external.triggers_of(itask) if external is not None \
            and itask.name in external.messages else None
        if triggers:
            record.external_triggers = external_trigger_entries(
                triggers, record.external_triggers,
                external.ids.get(itask.point), when)
        flags = (record.is_held, record.is_queued, record.is_runahead,
                 record.is_retry)
        if flags != old_flags:
            self._count_flags(old_flags, -1)
            self._count_flags(flags, 1)
            self._flags[node] = flags
        if old_state != record.state:
            self._state_totals[old_state] -= 1
            self._state_totals[record.state] += 1
            latest = self._latest[record.state]
            relative = f'{node[0]}/{node[1]}'
            self._latest[record.state] = [relative, *(
                item for item in latest if item != relative)][:LATEST_STATE_TASKS]
        self.families.update_task(node[0], node[1], old_state, record.state,
                                  old_flags[:3], flags[:3])
        if itask.submit_num:
            self._update_jobs(node, record, itask, when)
        self._touched[R.TASK_PROXIES].add(record.id)

    # ---- jobs ------------------------------------------------------------------
    def _update_jobs(self, node: Node, record: R.TaskProxy, itask: Any,
                     when: str | None) -> None:
        state = itask.state
        if state == 'preparing' or state == 'expired':
            return
        jobs = self.records[R.JOBS]
        touched = self._touched[R.JOBS]
        job_id = self.job_id(node, itask.submit_num)
        job = jobs.get(job_id)
        if job is None:
            for earlier in record.jobs:  # a newer job ends the older ones
                old = jobs.get(earlier)
                if old is not None and old.state not in FINAL_JOB_STATES:
                    old.state = 'failed'
                    touched.add(earlier)
            rt = (itask.job or {}).get('runtime') or self.config.rtconfig(
                itask.name)  # the job's settings, after broadcasts
            limit = rt.get('execution time limit')
            job = jobs[job_id] = R.Job(
                id=job_id, submit_num=itask.submit_num, state='submitted',
                name=itask.name, cycle_point=str(node[0]),
                task_proxy=record.id,
                execution_time_limit=float(limit) if limit is not None else None,
                job_log_dir=f'{node[0]}/{node[1]}/{itask.submit_num:02d}')
            record.jobs = [*record.jobs, job_id]
        if state in JOB_STATES:
            job_state = state
        else:  # back to waiting: a retry
            job_state = 'failed' if job.started_time else 'submit-failed'
        job.state = job_state
        if job.submitted_time is None:
            job.submitted_time = when
        if job_state in ('running', 'succeeded', 'failed') and \
                job.started_time is None and job_state != 'submit-failed':
            job.started_time = when
        if job_state in FINAL_JOB_STATES and job.finished_time is None:
            job.finished_time = when
        details = itask.job or {}
        job.platform = details.get('platform', job.platform)
        job.job_runner_name = details.get('runner', job.job_runner_name)
        job.job_id = details.get('job_id', job.job_id)
        touched.add(job_id)

    # ---- families and workflow ------------------------------------------------------
    def _sync_families(self) -> None:
        tracker = self.families
        records = self.records[R.FAMILY_PROXIES]
        touched = self._touched[R.FAMILY_PROXIES]
        members = tracker.members_changed
        for key in tracker.changed | members:
            point, family = key
            record_id = self.family_proxy_id(point, family)
            counts = tracker.counts.get(key)
            record = records.get(record_id)
            touched.add(record_id)
            if counts is None:
                records.pop(record_id, None)
                continue
            if record is None:
                chain = self.tree.runtime.first_parent_ancestors(family)[1:]
                record = records[record_id] = R.FamilyProxy(
                    id=record_id, cycle_point=str(point), name=family,
                    family=f'{self.prefix}$namespace|{family}',
                    depth=len(chain),
                    first_parent=self.family_proxy_id(point, chain[0])
                    if chain else None,
                    ancestors=[self.family_proxy_id(point, item)
                               for item in chain])
            record.state = counts.state or 'waiting'
            record.state_totals = dict(counts.states)
            record.states = [state for state in ALL_STATES
                             if counts.states[state]]
            record.is_held_total = counts.held
            record.is_held = counts.held > 0
            record.is_queued_total = counts.queued
            record.is_queued = counts.queued > 0
            record.is_runahead_total = counts.runahead
            record.is_runahead = counts.runahead > 0
            if key in members:
                record.child_tasks = sorted(counts.child_tasks)
                record.child_families = sorted(
                    self.family_proxy_id(point, name)
                    for name in counts.child_families)
        tracker.changed.clear()
        members.clear()

    def _update_workflow(self, when: str | None) -> None:
        workflow = self.workflow
        held, queued, runahead, retry = self._totals
        points = self._pool_points
        oldest = str(min(points)) if points else None
        newest = str(max(points)) if points else None
        values = {
            'state_totals': self._state_totals,
            'states': [state for state in ALL_STATES
                       if self._state_totals[state]],
            'is_held_total': held, 'is_queued_total': queued,
            'is_runahead_total': runahead, 'contains_held': held > 0,
            'contains_retry': retry > 0,
            'oldest_active_cycle_point': oldest,
            'newest_active_cycle_point': newest,
            'latest_state_tasks': self._latest,
        }
        touched = self._touched[R.WORKFLOW]
        for name, value in values.items():
            if getattr(workflow, name) != value:
                setattr(workflow, name, value.copy()
                        if isinstance(value, (dict, list)) else value)
                touched.add(workflow.id)
        if when is not None and any(self._touched.values()):
            workflow.last_updated = when
            touched.add(workflow.id)

    # ---- deltas -------------------------------------------------------------------
    def _collect_steps(self) -> Generator[None, None, Delta]:
        """Compare touched records with what was last published (yielding
        between slices of records)."""
        delta = Delta(self.sequence, 0, epoch=self.epoch)
        checksum = self.checksum
        for kind in R.TYPES:
            touched = self._touched[kind]
            if not touched:
                continue
            records = self.records[kind]
            published = self.published[kind]
            names = R.FIELDS[kind]
            added: list[dict[str, Any]] = []
            updated: list[dict[str, Any]] = []
            pruned: list[str] = []
            touched_ids = list(touched)
            touched.clear()
            for count, record_id in enumerate(touched_ids, 1):
                if not count % SLICE:
                    yield
                record = records.get(record_id)
                before = published.get(record_id)
                if record is None:
                    if before is not None:
                        del published[record_id]
                        checksum.drop(kind, record_id)
                        pruned.append(record_id)
                    continue
                if before is None:
                    values = R.record_to_dict(kind, record)
                    published[record_id] = values
                    checksum.set_record(kind, record_id, values)
                    added.append(dict(values))
                    continue
                change = {}
                patches = None
                for name in names:
                    value = getattr(record, name)
                    old = before[name]
                    if value != old:
                        change[name] = value
                        patch = make_patch(kind, name, old, value)
                        if patch is not None:
                            patches = patches or {}
                            patches[name] = patch
                if change:
                    before.update(change)
                    checksum.set_record(kind, record_id, before, change)
                    if patches:
                        for name in patches:
                            del change[name]
                        change[PATCH_KEY] = patches
                    change['id'] = record_id
                    updated.append(change)
            if added:
                delta.added[kind] = added
            if updated:
                delta.updated[kind] = updated
            if pruned:
                delta.pruned[kind] = pruned
        if not delta.is_empty:
            self.sequence += 1
            delta.sequence = self.sequence
        delta.checksum = checksum.value
        return delta

    def snapshot(self) -> dict[str, Any]:
        """The whole store as published, for a new subscriber (copies of
        the published field dicts)."""
        records = {kind: [dict(values) for values in self.published[kind].values()]
                   for kind in R.TYPES}
        return {
            'epoch': self.epoch,
            'sequence': self.sequence,
            'checksum': self.checksum.value,
            'records': records,
        }
