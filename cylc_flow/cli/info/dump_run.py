"""``cylc dump``: one query to the running workflow, then text or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cylc_flow.cli.info import queries
from cylc_flow.cli.info.dump_format import global_lines, task_lines
from cylc_flow.cli.running import graphql, resolve


@dataclass(slots=True)
class DumpOptions:
    """What ``cylc dump`` was asked for (``form``: raw, global, tasks, None)."""

    form: str | None = None
    flows: bool = False
    pretty: bool = False
    by_cycle: bool = False
    full_ids: bool = False
    legacy: bool = False
    timeout: float = 15.0


def dump_lines(summary: dict[str, Any], options: DumpOptions,
               workflow_id: str) -> list[str]:
    """The text of one workflow's summary."""
    if options.form == 'raw':
        return [json.dumps(summary, indent=4 if options.pretty else None)]
    lines: list[str] = []
    if options.form != 'tasks':
        lines.extend(global_lines(summary))
    if options.form != 'global':
        proxies = [item for item in summary.get('taskProxies') or ()
                   if isinstance(item, dict)]
        lines.extend(task_lines(
            proxies, flows=options.flows, by_cycle=options.by_cycle,
            legacy=options.legacy,
            full_ids=workflow_id if options.full_ids else None))
    return lines


def run_dump(workflow: str, options: DumpOptions,
             write: Callable[[str], None] = print) -> int:
    target = resolve(workflow)
    keys = ['cyclePoint', 'name'] if options.by_cycle else ['name', 'cyclePoint']
    variables: dict[str, Any] = {'wFlows': [target.workflow_id]}
    if options.form != 'global':
        variables['sortBy'] = {'keys': keys}
    data = graphql(target, queries.dump_query(options.form), variables,
                   timeout=options.timeout)
    for summary in data.get('workflows') or ():
        if isinstance(summary, dict):
            for line in dump_lines(summary, options, target.workflow_id):
                write(line)
    return 0
