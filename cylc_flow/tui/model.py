"""The Tui tree: workflows > cycles > families > tasks > jobs.

``build_tree`` turns the GraphQL replies of the workflows (plus the scan of
stopped ones) into plain ``TreeNode`` records.  Pure: no I/O, no urwid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cylc_flow.cli.info.scan_format import natural_key
from cylc_flow.tui.filters import TaskFilter, WorkflowFilter

ROOT = 'root'
WORKFLOW = 'workflow'
CYCLE = 'cycle'
FAMILY = 'family'
TASK = 'task'
JOB = 'job'
JOB_INFO = 'job_info'
MESSAGE = 'message'

#: node kinds a user can act on (open a menu for)
ACTIONABLE = frozenset({WORKFLOW, CYCLE, FAMILY, TASK, JOB})

NOT_RUNNING = 'Workflow is not running'
LOADING = 'Loading ...'


@dataclass(slots=True)
class TreeNode:
    """One row of the tree (and the rows under it)."""

    kind: str
    id: str
    data: Mapping[str, Any] = field(default_factory=dict)
    children: list[TreeNode] = field(default_factory=list)
    workflow: str = ''  # the workflow name (no ~user) this node belongs to

    @property
    def relative_id(self) -> str:
        """``cycle/task/NN`` part of the ID (empty for a workflow)."""
        return self.id.partition('//')[2]

    def walk(self) -> Iterable[TreeNode]:
        """This node and every node below it, depth first."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def find(self, node_id: str) -> TreeNode | None:
        for node in self.walk():
            if node.id == node_id:
                return node
        return None


def workflow_name(workflow_id: str) -> str:
    """``~user/name`` (or ``name``) to ``name``."""
    text = workflow_id.split('//', 1)[0]
    if text.startswith('~'):
        text = text.partition('/')[2]
    return text


def _cycle_id(proxy_id: str) -> str:
    """``~u/w//1/name`` to ``~u/w//1``."""
    head, _, tail = proxy_id.partition('//')
    return f'{head}//{tail.split("/", 1)[0]}'


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ''


def build_tree(
    workflows: Iterable[Mapping[str, Any]],
    task_filter: TaskFilter | None = None,
    workflow_filter: WorkflowFilter | None = None,
) -> TreeNode:
    """The tree of every workflow that passes the filters.

    Each workflow mapping has ``id``, ``name``, ``status`` and, once loaded
    from its scheduler, the GraphQL fields of ``query.WORKFLOW_QUERY``
    (``taskProxies``, ``familyProxies``, ``cyclePoints``).  A workflow not
    loaded gets one message row (``_message``, or a default).
    """
    task_filter = task_filter or TaskFilter()
    root = TreeNode(ROOT, ROOT)
    rows = [item for item in workflows if isinstance(item, Mapping)]
    for flow in sorted(rows, key=lambda item: natural_key(_text(item.get('id')))):
        flow_id = _text(flow.get('id'))
        if not flow_id:
            continue
        name = _text(flow.get('name')) or workflow_name(flow_id)
        status = _text(flow.get('status')) or 'stopped'
        if workflow_filter is not None and not workflow_filter.matches(name, status):
            continue
        node = TreeNode(WORKFLOW, flow_id, flow, workflow=name)
        root.children.append(node)
        message = flow.get('_message')
        if isinstance(message, str) and message:
            node.children.append(TreeNode(MESSAGE, f'{flow_id}#message',
                                          {'text': message}, workflow=name))
        elif not isinstance(flow.get('taskProxies'), list):
            text = NOT_RUNNING if status == 'stopped' else LOADING
            node.children.append(TreeNode(MESSAGE, f'{flow_id}#message',
                                          {'text': text}, workflow=name))
        else:
            _add_workflow_contents(node, flow, task_filter)
    return root


def _list(flow: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The records of a list field that have an ID (first of each ID)."""
    value = flow.get(key)
    if not isinstance(value, list):
        return []
    seen: set[str] = set()
    records = []
    for item in value:
        if isinstance(item, Mapping):
            item_id = item.get('id')
            if isinstance(item_id, str) and item_id not in seen:
                seen.add(item_id)
                records.append(item)
    return records


def _parent_of(proxy: Mapping[str, Any]) -> tuple[str, str]:
    """``(first parent id, first parent name)`` or empty strings."""
    parent = proxy.get('firstParent')
    if isinstance(parent, Mapping):
        return _text(parent.get('id')), _text(parent.get('name'))
    return '', ''


def _add_workflow_contents(
    flow_node: TreeNode, flow: Mapping[str, Any], task_filter: TaskFilter
) -> None:
    name = flow_node.workflow
    cycles: dict[str, TreeNode] = {}

    def cycle_node(cycle_id: str) -> TreeNode:
        node = cycles.get(cycle_id)
        if node is None:
            point = cycle_id.partition('//')[2]
            node = TreeNode(CYCLE, cycle_id, {'cyclePoint': point}, workflow=name)
            cycles[cycle_id] = node
        return node

    for cycle in _list(flow, 'cyclePoints'):
        cycle_id = _cycle_id(cycle['id'])
        node = cycle_node(cycle_id)
        node.data = {**cycle, 'id': cycle_id,
                     'cyclePoint': _text(cycle.get('cyclePoint'))
                     or cycle_id.partition('//')[2]}

    families: dict[str, TreeNode] = {}
    family_parent: dict[str, tuple[str, str]] = {}
    for family in _list(flow, 'familyProxies'):  # root is not asked for
        families[family['id']] = TreeNode(FAMILY, family['id'], family,
                                          workflow=name)
        family_parent[family['id']] = _parent_of(family)

    def container(proxy_id: str, parent_id: str, parent_name: str) -> TreeNode:
        if parent_id and parent_name != 'root' and parent_id in families:
            return families[parent_id]
        return cycle_node(_cycle_id(proxy_id))

    def family_names(parent_id: str) -> list[str]:
        names = []
        seen = set()
        while parent_id in families and parent_id not in seen:
            seen.add(parent_id)
            names.append(_text(families[parent_id].data.get('name')))
            parent_id = family_parent[parent_id][0]
        return names

    for task in _list(flow, 'taskProxies'):
        task_name = _text(task.get('name'))
        cycle_point = _text(task.get('cyclePoint'))
        parent_id, parent_name = _parent_of(task)
        if task_filter.active:
            names = (task_name, f'{cycle_point}/{task_name}',
                     *family_names(parent_id))
            if not task_filter.matches(_text(task.get('state')), names):
                continue
        task_node = TreeNode(TASK, task['id'], task, workflow=name)
        for job in _list(task, 'jobs'):  # newest first, as the query sorts them
            job_node = TreeNode(JOB, job['id'], job, workflow=name)
            job_node.children.append(TreeNode(JOB_INFO, f'{job["id"]}#info',
                                              job, workflow=name))
            task_node.children.append(job_node)
        container(task['id'], parent_id, parent_name).children.append(task_node)

    # nest families: innermost first so empty ones can be pruned when filtering
    for family_id, family_node in sorted(
            families.items(), key=lambda item: -len(family_names(item[0]))):
        if task_filter.active and not family_node.children:
            continue
        parent_id, parent_name = family_parent[family_id]
        parent = container(family_id, parent_id, parent_name)
        if parent is family_node:  # a family cannot contain itself
            parent = cycle_node(_cycle_id(family_id))
        parent.children.append(family_node)

    for node in [*cycles.values(), *families.values()]:
        node.children.sort(key=_child_key)
    flow_node.children.extend(
        sorted((node for node in cycles.values()
                if node.children or not task_filter.active),
               key=lambda node: natural_key(node.id.partition('//')[2])))


def _child_key(node: TreeNode) -> tuple[int, tuple[tuple[int, int | str], ...]]:
    """Families before tasks, each in natural name order."""
    return (0 if node.kind == FAMILY else 1,
            natural_key(_text(node.data.get('name')) or node.id))


def state_totals(workflows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Task counts by state summed over every loaded workflow."""
    totals: dict[str, int] = {}
    for flow in workflows:
        counts = flow.get('stateTotals') if isinstance(flow, Mapping) else None
        if not isinstance(counts, Mapping):
            continue
        for state, count in counts.items():
            if isinstance(count, int) and count:
                totals[str(state)] = totals.get(str(state), 0) + count
    return totals
