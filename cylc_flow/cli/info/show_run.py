"""``cylc show``: ask the workflow, then format workflow metadata, task
definitions' metadata or live tasks (text lines and the ``--json`` data)."""

from __future__ import annotations

from typing import Any

from cylc_flow.cli.info import queries
from cylc_flow.cli.info.show_format import (
    flatten_meta,
    list_prerequisites,
    meta_lines,
    relative_id,
    task_lines,
)
from cylc_flow.cli.running import Target, graphql


def _list(data: Any, key: str) -> list[dict[str, Any]]:
    found = data.get(key) if isinstance(data, dict) else None
    return [item for item in found or () if isinstance(item, dict)]


def workflow_meta(data: Any) -> tuple[list[str], dict[str, Any]]:
    lines: list[str] = []
    found: dict[str, Any] = {}
    for workflow in _list(data, 'workflows'):
        found.update(flatten_meta(workflow.get('meta')))
        lines.extend(meta_lines(workflow.get('meta')))
    return lines, found


def task_definitions(data: Any) -> tuple[list[str], dict[str, Any]]:
    tasks = _list(data, 'tasks')
    lines: list[str] = []
    found: dict[str, Any] = {}
    for task in tasks:
        found[str(task.get('name'))] = flatten_meta(task.get('meta'))
        if len(tasks) > 1:
            lines.extend(['', f'TASK NAME: {task.get("name")}'])
        lines.extend(meta_lines(task.get('meta')))
    return lines, found


def live_tasks(data: Any, *, list_prereqs: bool
               ) -> tuple[list[str], dict[str, Any]]:
    proxies = sorted(_list(data, 'taskProxies'),
                     key=lambda proxy: str(proxy.get('id')))
    lines: list[str] = []
    found: dict[str, Any] = {}
    for proxy in proxies:
        task_id = relative_id(str(proxy.get('id', '')))
        found[task_id] = proxy
        if list_prereqs:
            lines.extend(list_prerequisites(proxy))
            continue
        if len(proxies) > 1:
            lines.extend(['', f'Task ID: {task_id}'])
        lines.extend(task_lines(proxy))
    return lines, found


def show(target: Target, tasks: list[str], *, task_defs: list[str],
         list_prereqs: bool, timeout: float
         ) -> tuple[list[str], dict[str, Any], int]:
    """``(text lines, JSON data, exit status)`` for one ``cylc show``."""
    wflows = [target.workflow_id]
    if task_defs:
        data = graphql(target, queries.TASK_META,
                       {'wFlows': wflows, 'taskIds': task_defs},
                       timeout=timeout)
        return (*task_definitions(data), 0)
    if not tasks:
        data = graphql(target, queries.WORKFLOW_META, {'wFlows': wflows},
                       timeout=timeout)
        return (*workflow_meta(data), 0)
    data = graphql(target, queries.TASK_PREREQUISITES,
                   {'wFlows': wflows, 'taskIds': tasks}, timeout=timeout)
    lines, found = live_tasks(data, list_prereqs=list_prereqs)
    return lines, found, 0 if found else 1
