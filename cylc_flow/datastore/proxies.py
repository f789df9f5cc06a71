"""Task proxy records: built as n-window ghosts, then filled from the
core's task proxies (outputs, prerequisites, xtriggers)."""

from __future__ import annotations

from typing import Any

from cylc_flow.core.ext_triggers import render_message
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


class PrerequisiteView:
    """The published summary of one prerequisite, rebuilt incrementally.

    Holds the condition keys in alias order and the value each had when
    last summarised: a change rebuilds only the entries of the conditions
    that changed (the others keep their dict objects, so comparing old and
    new summaries is cheap too).
    """

    __slots__ = ('done', 'keys', 'prereq', 'summary', 'values')

    def __init__(self, prereq: Prerequisite) -> None:
        self.prereq = prereq
        conditions = []
        aliases: dict[Any, str] = {}
        by_key: dict[Any, str] = {}
        for trigger, key in prereq.keys_by_leaf.items():
            if key is None:
                continue
            alias = by_key.get(key)
            if alias is None:
                alias = by_key[key] = f'c{len(by_key)}'
                conditions.append(_condition(key, alias,
                                             prereq.conditions.get(key)))
            aliases[trigger] = alias
        expression = _render(prereq.dependency.expression, aliases)
        if expression.startswith('(') and expression.endswith(')'):
            expression = expression[1:-1]
        self.keys = list(by_key)
        self.values = [prereq.conditions.get(key) for key in self.keys]
        self.done = _satisfied_count(prereq)
        self.summary: dict[str, Any] = {
            'expression': expression,
            'conditions': conditions,
            'cycle_points': sorted({str(key[0]) for key in by_key}),
            'satisfied': prereq.is_satisfied,
        }

    def refresh(self) -> bool:
        """Bring the summary up to date; True if it changed."""
        prereq = self.prereq
        done = _satisfied_count(prereq)
        if done == self.done:
            return False
        self.done = done
        current = prereq.conditions
        values = self.values
        old = self.summary['conditions']
        conditions = list(old)
        for index, key in enumerate(self.keys):
            value = current.get(key)
            if value != values[index]:
                values[index] = value
                conditions[index] = _condition(
                    key, old[index]['expr_alias'], value)
        self.summary = {**self.summary, 'conditions': conditions,
                        'satisfied': prereq.is_satisfied}
        return True


def _satisfied_count(prereq: Prerequisite) -> int:
    return len(prereq.conditions) - prereq._unsatisfied


def _condition(key: Any, alias: str, value: Any) -> dict[str, Any]:
    point, name, output = key
    return {'task_id': f'{point}/{name}', 'req_state': output,
            'expr_alias': alias, 'satisfied': bool(value),
            'message': value if isinstance(value, str) else 'unsatisfied'}


def prerequisite_summary(prereq: Prerequisite) -> dict[str, Any]:
    """``expression``, ``conditions``, ``cycle_points`` and ``satisfied``."""
    return PrerequisiteView(prereq).summary


def prerequisite_summaries(
    prerequisites: list[Prerequisite],
    cache: list[PrerequisiteView] | None,
) -> tuple[list[PrerequisiteView], bool]:
    """Views of a task's prerequisites, refreshing only those whose
    satisfied conditions changed; also whether any summary changed."""
    if cache is None or len(cache) != len(prerequisites) or any(
            view.prereq is not prereq
            for view, prereq in zip(cache, prerequisites)):
        return [PrerequisiteView(prereq) for prereq in prerequisites], True
    changed = False
    for view in cache:
        if view.refresh():
            changed = True
    return cache, changed


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
            record.prerequisites = [view.summary for view in entries]
    if itask.xtriggers:
        record.xtriggers = {
            label: {'id': entry[0], 'label': label, 'satisfied': bool(entry[1])}
            for label, entry in itask.xtriggers.items()}


def ghost_prerequisites(factory: Any, tdef: Any, point: Any
                        ) -> list[dict[str, Any]]:
    """The prerequisites of a task not spawned yet (an n-window ghost), as
    the core would make them at ``point``: every condition unsatisfied
    (except pre-initial ones), conditions that resolve to no point left
    out."""
    itask = factory.make(tdef, point, frozenset())
    return [PrerequisiteView(prereq).summary for prereq in itask.prerequisites]


def external_trigger_entries(
    triggers: dict[str, bool],
    before: list[dict[str, Any]],
    event_id: str | None,
    when: str | None,
) -> list[dict[str, Any]]:
    """A task's ``externalTriggers`` (``id`` and ``label`` are the trigger
    message; ``message`` the ID of the event that satisfied it); entries
    already satisfied keep their event ID and time."""
    held = {entry['id']: entry for entry in before}
    found = []
    for message, satisfied in triggers.items():
        old = held.get(message)
        if old is not None and old['satisfied'] == satisfied:
            found.append(old)
        elif satisfied:
            found.append({'id': message, 'label': message,
                          'message': event_id or '', 'satisfied': True,
                          'time': when})
        else:
            found.append({'id': message, 'label': message, 'message': '',
                          'satisfied': False, 'time': None})
    return found


def ghost_external_triggers(external: Any, name: str, point: Any
                            ) -> list[dict[str, Any]]:
    """The (unsatisfied) ``externalTriggers`` of a task not spawned yet;
    ``external`` is the core's ExternalTriggers (or None)."""
    templates = external.messages.get(name) if external is not None else None
    if not templates:
        return []
    return external_trigger_entries(
        dict.fromkeys((render_message(template, point)
                       for template in templates), False), [], None, None)
