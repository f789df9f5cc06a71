"""Task proxy records: built as n-window ghosts, then filled from the
core's task proxies (outputs, prerequisites, xtriggers)."""

from __future__ import annotations

from typing import Any

from cylc_flow.core.prerequisite import Prerequisite
from cylc_flow.datastore.records import TaskProxy
from cylc_flow.graph.model import TaskTrigger


def ghost_outputs(tdef: Any) -> dict[str, dict[str, Any]]:
    """Every output of a task, none completed."""
    return {label: {'label': label, 'message': message, 'satisfied': False,
                    'time': None}
            for label, message in tdef.outputs.items()}


def completed_outputs(tdef: Any, completed: dict[str, str],
                      before: dict[str, dict[str, Any]], when: str | None
                      ) -> dict[str, dict[str, Any]]:
    """The outputs after some completed (keeping earlier completion times)."""
    found: dict[str, dict[str, Any]] = {}
    for label, message in tdef.outputs.items():
        if label in completed:
            old = before.get(label)
            if old is not None and old['satisfied']:
                found[label] = old
            else:
                found[label] = {'label': label, 'message': completed[label],
                                'satisfied': True, 'time': when}
        else:
            found[label] = {'label': label, 'message': message,
                            'satisfied': False, 'time': None}
    return found


def _render(node: Any, aliases: dict[Any, str]) -> str:
    if isinstance(node, TaskTrigger):
        return aliases.get(node, '')
    if not isinstance(node, tuple):
        return ''  # an xtrigger leaf: not part of a task prerequisite
    kind, children = node
    parts = [text for text in (_render(child, aliases) for child in children)
             if text]
    joined = (' & ' if kind == 'and' else ' | ').join(parts)
    return f'({joined})' if len(parts) > 1 else joined


def prerequisite_summary(prereq: Prerequisite) -> dict[str, Any]:
    """``expression``, ``conditions``, ``cycle_points`` and ``satisfied``."""
    conditions = []
    aliases: dict[Any, str] = {}
    by_key: dict[Any, str] = {}
    for trigger, key in prereq.keys_by_leaf.items():
        if key is None:
            continue
        alias = by_key.get(key)
        if alias is None:
            alias = by_key[key] = f'c{len(by_key)}'
            value = prereq.conditions.get(key)
            point, name, output = key
            conditions.append({
                'task_id': f'{point}/{name}', 'req_state': output,
                'expr_alias': alias, 'satisfied': bool(value),
                'message': value if isinstance(value, str) else 'unsatisfied',
            })
        aliases[trigger] = alias
    expression = _render(prereq.dependency.expression, aliases)
    if expression.startswith('(') and expression.endswith(')'):
        expression = expression[1:-1]
    return {
        'expression': expression,
        'conditions': conditions,
        'cycle_points': sorted({str(key[0]) for key in by_key}),
        'satisfied': prereq.is_satisfied,
    }


def prerequisite_summaries(
    prerequisites: list[Prerequisite],
    cache: list[tuple[Prerequisite, int, dict[str, Any]]] | None,
) -> tuple[list[tuple[Prerequisite, int, dict[str, Any]]], bool]:
    """Summaries of a task's prerequisites, rebuilding only those whose
    satisfied conditions changed; also whether any did."""
    found = []
    usable = cache is not None and len(cache) == len(prerequisites)
    changed = not usable
    for index, prereq in enumerate(prerequisites):
        done = sum(1 for value in prereq.conditions.values() if value)
        if usable:
            entry = cache[index]
            if entry[0] is prereq and entry[1] == done:
                found.append(entry)
                continue
        changed = True
        found.append((prereq, done, prerequisite_summary(prereq)))
    return found, changed


def fill_from_task(record: TaskProxy, itask: Any, when: str | None,
                   outputs_seen: dict[Any, int],
                   prerequisite_cache: dict[Any, Any]) -> None:
    """Copy the core task's run-time state onto its record.

    Fields are replaced (never changed in place) so the store can compare
    them with what it last published.  ``outputs_seen`` holds how many
    outputs each task had completed when its outputs were last rebuilt;
    ``prerequisite_cache`` the last prerequisite summaries of each task.
    """
    record.state = itask.state
    record.is_held = itask.is_held
    record.is_queued = itask.is_queued
    record.is_runahead = itask.is_runahead
    record.is_retry = itask.is_retry
    record.is_wallclock = itask.clock_trigger_time is not None
    record.is_xtriggered = bool(itask.xtriggers) and \
        not itask.xtriggers_satisfied()
    nums = sorted(itask.flow_nums)
    record.flow_nums = '[' + ', '.join(str(num) for num in nums) + ']'
    record.flow_wait = itask.flow_wait
    record.job_submits = itask.submit_num
    count = len(itask.completed_outputs)
    key = itask.key
    if outputs_seen.get(key) != count:
        outputs_seen[key] = count
        record.outputs = completed_outputs(itask.tdef, itask.completed_outputs,
                                           record.outputs, when)
    if itask.state == 'waiting' or key not in prerequisite_cache:
        entries, changed = prerequisite_summaries(
            itask.prerequisites, prerequisite_cache.get(key))
        prerequisite_cache[key] = entries
        if changed:
            record.prerequisites = [entry[2] for entry in entries]
    if itask.xtriggers:
        record.xtriggers = {
            label: {'id': entry[0], 'label': label, 'satisfied': bool(entry[1])}
            for label, entry in itask.xtriggers.items()}
