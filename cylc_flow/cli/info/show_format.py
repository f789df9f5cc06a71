"""``cylc show`` text: workflow and task metadata, and a live task's state,
prerequisites, outputs, xtriggers and output completion (Cylc 8 layout)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cylc_flow.cli.info.completion_display import (
    UNSATISFIED,
    completion_section,
    mark,
)
from cylc_flow.cli.info.dump_format import flags_of, flow_numbers

# Task states in Cylc 8's order; prerequisites of those after "running"
# are not shown (not kept for past tasks).
STATES_ORDERED = ('waiting', 'expired', 'preparing', 'submit-failed',
                  'submitted', 'running', 'failed', 'succeeded')
_PAST = frozenset(STATES_ORDERED[STATES_ORDERED.index('running') + 1:])

_WALL_CLOCK = re.compile(r'wall_clock\(trigger_time=([^)]*)\)')


def flatten_meta(meta: Any) -> dict[str, Any]:
    """``title``, ``description``, ``URL`` and the user-defined items, flat."""
    if not isinstance(meta, Mapping):
        return {}
    flat: dict[str, Any] = {}
    for key, value in meta.items():
        if key == 'userDefined' and isinstance(value, Mapping):
            flat.update({str(k): v for k, v in value.items()})
        elif not isinstance(value, (Mapping, list)):
            flat[str(key)] = value
    return flat


def meta_lines(meta: Any) -> list[str]:
    """``key: value`` lines in Cylc 8's order (reverse sorted keys)."""
    flat = flatten_meta(meta)
    return [f'{key}: {value or "(not given)"}'
            for key, value in sorted(flat.items(), reverse=True)]


def relative_id(full_id: str) -> str:
    """``1/foo`` from ``~user/workflow//1/foo``."""
    return full_id.split('//', 1)[1] if '//' in full_id else full_id


def state_line(proxy: Mapping[str, Any]) -> str:
    """``state: waiting (held,queued,runahead,run mode=Simulation)``."""
    attributes = flags_of(proxy)
    runtime = proxy.get('runtime') if isinstance(proxy.get('runtime'), Mapping) \
        else {}
    mode = runtime.get('runMode') if runtime else None
    if mode and str(mode).lower() != 'live':
        attributes.append(f'run mode={str(mode).capitalize()}')
    text = f'state: {proxy.get("state")}'
    if attributes:
        text += f' ({",".join(attributes)})'
    return text


def prerequisite_rows(prerequisites: Any, *, listing: bool
                      ) -> list[tuple[bool, str, bool]]:
    """``(is_expression, text, satisfied)`` rows of a task's prerequisites."""
    rows: list[tuple[bool, str, bool]] = []
    for item in prerequisites or ():
        conditions = item.get('conditions') or []
        several = len(conditions) > 1
        if several:
            rows.append((True, str(item.get('expression', '')).replace('c', ''),
                         bool(item.get('satisfied'))))
        for condition in conditions:
            prefix = ''
            if several and not listing:
                alias = str(condition.get('exprAlias', '')).strip('c')
                prefix = f'\t{alias} = '
            rows.append((False, f'{prefix}{condition.get("taskId")}'
                         f' {condition.get("reqState")}',
                         bool(condition.get('satisfied'))))
    return rows


def list_prerequisites(proxy: Mapping[str, Any]) -> list[str]:
    """``--list-prereqs``: each upstream output on its own line."""
    return [text for is_expression, text, _ in
            prerequisite_rows(proxy.get('prerequisites'), listing=True)
            if not is_expression]


def wall_clock_label(xtrigger_id: str) -> str:
    """``wall_clock(trigger_time=<ISO time>)`` for an epoch trigger time."""
    match = _WALL_CLOCK.search(xtrigger_id)
    if not match:
        return xtrigger_id
    try:
        import time

        seconds = float(match.group(1))
        text = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(seconds))
    except (ValueError, OverflowError, OSError):
        return xtrigger_id
    return f'wall_clock(trigger_time={text})'


def task_lines(proxy: Mapping[str, Any]) -> list[str]:
    """Everything ``cylc show WORKFLOW//CYCLE/TASK`` prints for one task."""
    task_id = relative_id(str(proxy.get('id', '')))
    task = proxy.get('task') if isinstance(proxy.get('task'), Mapping) else {}
    lines = meta_lines(task.get('meta') if task else None)
    lines.append(state_line(proxy))
    flows = flow_numbers(proxy.get('flowNums'))
    if flows not in ('[1]', '[]'):
        lines.append(f'flows: {flows}')
    rows = prerequisite_rows(proxy.get('prerequisites'), listing=False)
    if not rows:
        lines.append('prerequisites: (None)')
    elif proxy.get('state') in _PAST:
        lines.append('prerequisites: (n/a for past tasks)')
    else:
        lines.append(f"prerequisites: ('{UNSATISFIED}': not satisfied)")
        lines.extend(f'  {mark(done)} {text}' for _, text, done in rows)
    outputs = list(proxy.get('outputs') or ())
    lines.append(f"outputs: ('{UNSATISFIED}': not completed)")
    if not outputs:
        lines.append('  (None)')
    lines.extend(f'  {mark(bool(output.get("satisfied")))} {task_id}'
                 f' {output.get("label")}' for output in outputs)
    external = list(proxy.get('externalTriggers') or ())
    xtriggers = list(proxy.get('xtriggers') or ())
    if external or xtriggers:
        lines.append(f"other: ('{UNSATISFIED}': not satisfied)")
        for trigger in external:
            done = bool(trigger.get('satisfied'))
            lines.append(f'  {mark(done)} {trigger.get("label")} ... {done}')
        for trigger in xtriggers:
            label = wall_clock_label(str(trigger.get('id', '')))
            lines.append(f'  {mark(bool(trigger.get("satisfied")))} xtrigger'
                         f' "{trigger.get("label")} = {label}"')
    runtime = proxy.get('runtime') if isinstance(proxy.get('runtime'), Mapping) \
        else {}
    lines.extend(completion_section(runtime.get('completion') if runtime else None,
                                    outputs))
    return lines
